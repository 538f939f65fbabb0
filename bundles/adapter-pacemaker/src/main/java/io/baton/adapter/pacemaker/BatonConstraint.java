package io.baton.adapter.pacemaker;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Baton's placement of one resource as one Pacemaker location constraint, id {@code baton-<resource>},
 * with up to three rules:
 * <ul>
 *   <li>{@code baton-run-<resource>}: {@code runScore} on the running server;</li>
 *   <li>{@code baton-backup-<resource>}: {@code backupScore} on the backup server;</li>
 *   <li>{@code baton-only-<resource>} (when exclusive): -INFINITY on every node that is neither, so that
 *       Pacemaker never puts the resource anywhere else; with neither, the resource may run nowhere.</li>
 * </ul>
 * One element, so that one {@code cibadmin --replace} changes all of it at once: Pacemaker never sees a
 * half-written placement.
 *
 * @param resource the resource id
 * @param run      the running server
 * @param backup   the backup server (never the running server)
 */
record BatonConstraint(String resource, Optional<String> run, Optional<String> backup) {
    static final String PREFIX = "baton-";

    BatonConstraint {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(backup, "backup");
        if (backup.isPresent() && backup.equals(run)) {
            backup = Optional.empty();
        }
    }

    /** The constraint of a stopped resource: no running server, no backup, -INFINITY on every node. */
    static BatonConstraint nowhere(String resource) {
        return new BatonConstraint(resource, Optional.empty(), Optional.empty());
    }

    /** Whether it prefers no node at all (the resource may run nowhere). */
    boolean nowhere() {
        return run.isEmpty() && backup.isEmpty();
    }

    static String id(String resource) {
        return PREFIX + resource;
    }

    String id() {
        return id(resource);
    }

    BatonConstraint withRun(Optional<String> server) {
        return new BatonConstraint(resource, server, backup);
    }

    BatonConstraint withBackup(Optional<String> server) {
        return new BatonConstraint(resource, run, server);
    }

    /** The {@code <rsc_location>} element for {@code cibadmin --create/--replace -o constraints}. */
    String xml(PacemakerSettings.Scores scores) {
        String r = esc(resource);
        StringBuilder x = new StringBuilder();
        x.append("<rsc_location id=\"").append(esc(id())).append("\" rsc=\"").append(r).append("\">");
        run.ifPresent(node -> rule(x, "baton-run-" + resource, Integer.toString(scores.run()), "eq", node));
        backup.ifPresent(node -> rule(x, "baton-backup-" + resource, Integer.toString(scores.backup()), "eq", node));
        if (scores.exclusive() || (run.isEmpty() && backup.isEmpty())) {
            Set<String> allowed = new LinkedHashSet<>();
            run.ifPresent(allowed::add);
            backup.ifPresent(allowed::add);
            String only = "baton-only-" + resource;
            x.append("<rule id=\"").append(esc(only)).append("\" score=\"-INFINITY\" boolean-op=\"and\">");
            if (allowed.isEmpty()) {
                // no server: the resource may run nowhere
                x.append("<expression id=\"").append(esc(only)).append("-any\" attribute=\"#uname\" operation=\"defined\"/>");
            }
            int i = 0;
            for (String node : allowed) {
                x.append("<expression id=\"").append(esc(only + "-" + i++)).append("\" attribute=\"#uname\" ")
                        .append("operation=\"ne\" value=\"").append(esc(node)).append("\"/>");
            }
            x.append("</rule>");
        }
        return x.append("</rsc_location>").toString();
    }

    private static void rule(StringBuilder x, String id, String score, String op, String node) {
        x.append("<rule id=\"").append(esc(id)).append("\" score=\"").append(score).append("\">")
                .append("<expression id=\"").append(esc(id + "-node")).append("\" attribute=\"#uname\" operation=\"")
                .append(op).append("\" value=\"").append(esc(node)).append("\"/></rule>");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
