package io.baton.api.model;

import java.util.List;
import java.util.Objects;

/**
 * How an application's backup server is chosen (SPEC "Backup selection").
 *
 * <ul>
 *   <li>{@link Kind#AUTO}: an idle server if there is one, else the lowest-load server.</li>
 *   <li>{@link Kind#IDLE}: an idle server (one that runs no application), else no backup.</li>
 *   <li>{@link Kind#NONE}: never a backup.</li>
 *   <li>{@link Kind#NAMED}: the first of {@link #servers()} that is up, allowed and not the running
 *       server; when none is, as {@code AUTO}. One name is the rule file's {@code "backup": "d"};
 *       several are an ordered failover list ({@code priority} template).</li>
 * </ul>
 *
 * @param kind    the selection mode
 * @param servers the named servers in preference order; non-empty exactly when {@code kind} is
 *                {@code NAMED}
 */
public record BackupRule(Kind kind, List<String> servers) {

    /** Selection mode of a backup rule. */
    public enum Kind { AUTO, IDLE, NONE, NAMED }

    public static final BackupRule AUTO = new BackupRule(Kind.AUTO, List.of());
    public static final BackupRule IDLE = new BackupRule(Kind.IDLE, List.of());
    public static final BackupRule NONE = new BackupRule(Kind.NONE, List.of());

    public BackupRule {
        Objects.requireNonNull(kind, "kind");
        servers = Names.requireNames(servers, "backup servers");
        if ((kind == Kind.NAMED) == servers.isEmpty()) {
            throw new IllegalArgumentException(kind == Kind.NAMED
                    ? "a named backup needs at least one server"
                    : "only a named backup lists servers, not " + kind);
        }
    }

    /** A backup rule naming one server or an ordered list of servers. */
    public static BackupRule named(List<String> servers) {
        return new BackupRule(Kind.NAMED, servers);
    }

    /** A backup rule naming one server. */
    public static BackupRule named(String server) {
        return named(List.of(server));
    }

    /** The rule as written in a rule file: a keyword, a server name or a list of names. */
    @Override
    public String toString() {
        return switch (kind) {
            case NAMED -> servers.size() == 1 ? servers.get(0) : servers.toString();
            default -> kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
