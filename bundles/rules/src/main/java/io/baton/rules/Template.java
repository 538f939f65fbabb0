package io.baton.rules;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.baton.api.model.BackupRule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The ready templates a rule file names with {@code "model"} (SPEC "Ready templates"). A template
 * gives every application its defaults; fields the rule file sets on an application win over them,
 * and configuration entries override both.
 */
public enum Template {
    /** 2 servers. One app: runs on the first, backup the second. Two apps: load share. */
    HOT_STANDBY("hot-standby", "2 servers; 1 app runs on the first with the second as backup, "
            + "or 2 apps share the load, each the other's backup; a recovered server takes an app back"),
    /** N+1 servers, N apps: app i on server i, all backed up by the spare (the last server). */
    N_TO_1("n-to-1", "N+1 servers, N apps: app i runs on server i, all back up to the last server "
            + "(backup \"idle\"); a recovered server becomes the floating backup"),
    /** N+M servers, N apps: app i on server i, backed up by the M spares. */
    N_TO_M("n-to-m", "N+M servers, N apps: app i runs on server i, backups on the M idle spares"),
    /** Every server active: apps spread by count, backups by least load, one app moves to a recovered server. */
    SPREAD("spread", "all servers active: apps spread over the servers, backups by least load, "
            + "a recovered server takes one app (autoMove)"),
    /** Each app's own ordered server list: runs on the first, fails over down the list. */
    PRIORITY("priority", "each app lists its servers in failover order: it runs on the first, "
            + "its backup is the next one up");

    private final String id;
    private final String summary;

    Template(String id, String summary) {
        this.id = id;
        this.summary = summary;
    }

    /** The name used in rule files, e.g. {@code n-to-1}. */
    public String id() {
        return id;
    }

    /** One line on what it does, for help texts. */
    public String summary() {
        return summary;
    }

    public static Optional<Template> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id.toLowerCase(Locale.ROOT))).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Template::id).toList();
    }

    /**
     * The defaults a template gives one application.
     *
     * @param allowed the app's servers, when the template sets them
     */
    public record Defaults(Optional<String> primary, BackupRule backup, boolean fixed, boolean autoMove,
                           Optional<List<String>> allowed) {
    }

    /**
     * The defaults for each application, in order.
     *
     * @param servers         the cluster's servers in priority order
     * @param appServers      per application, the servers its entry lists (empty when it lists none)
     * @param problem         receives each reason the template does not fit, as a sentence
     */
    public List<Defaults> defaults(List<String> servers, List<Optional<List<String>>> appServers, Consumer<String> problem) {
        int n = appServers.size();
        int s = servers.size();
        List<Defaults> out = new ArrayList<>();
        switch (this) {
            case HOT_STANDBY -> {
                if (s != 2 || n < 1 || n > 2) {
                    problem.accept("hot-standby needs 2 servers and 1 or 2 apps, not " + s + " servers and " + n + " apps");
                    return List.of();
                }
                for (int i = 0; i < n; i++) {
                    out.add(new Defaults(Optional.of(servers.get(i)), BackupRule.AUTO, false, true, Optional.empty()));
                }
            }
            case N_TO_1, N_TO_M -> {
                boolean one = this == N_TO_1;
                if (n < 1 || (one ? s != n + 1 : s <= n)) {
                    problem.accept(id + " needs " + (one ? "N+1 servers for N apps" : "more servers than apps (N+M, M ≥ 1)")
                            + ", not " + s + " servers and " + n + " apps");
                    return List.of();
                }
                for (int i = 0; i < n; i++) {
                    out.add(new Defaults(Optional.of(servers.get(i)), BackupRule.IDLE, false, false, Optional.empty()));
                }
            }
            case SPREAD -> {
                for (int i = 0; i < n; i++) {
                    out.add(new Defaults(Optional.empty(), BackupRule.AUTO, false, true, Optional.empty()));
                }
            }
            case PRIORITY -> {
                for (int i = 0; i < n; i++) {
                    Optional<List<String>> order = appServers.get(i);
                    if (order.isEmpty()) {
                        problem.accept("priority needs each app's \"servers\" in failover order; app #" + (i + 1) + " has none");
                        return List.of();
                    }
                    List<String> list = order.get();
                    BackupRule backup = list.size() > 1 ? BackupRule.named(list.subList(1, list.size())) : BackupRule.NONE;
                    out.add(new Defaults(Optional.of(list.get(0)), backup, false, false, Optional.of(list)));
                }
            }
            default -> throw new IllegalStateException(id);
        }
        return out;
    }

    /**
     * A starting rule file using this template for the given servers and apps, with a small
     * demo command per app (an OS process a person can see) for the native adapter.
     */
    public JsonObject exampleRuleFile(String cluster, List<String> servers, List<String> apps) {
        JsonObject file = new JsonObject();
        file.addProperty("cluster", cluster);
        JsonArray serverArray = new JsonArray();
        servers.forEach(serverArray::add);
        file.add("servers", serverArray);
        file.addProperty("model", id);
        JsonObject appObject = new JsonObject();
        for (int i = 0; i < apps.size(); i++) {
            JsonObject app = new JsonObject();
            app.addProperty("command", "sleep 86400");
            if (this == PRIORITY) {
                JsonArray order = new JsonArray();
                for (int k = 0; k < servers.size(); k++) {
                    order.add(servers.get((i + k) % servers.size()));
                }
                app.add("servers", order);
            }
            appObject.add(apps.get(i), app);
        }
        file.add("apps", appObject);
        return file;
    }
}
