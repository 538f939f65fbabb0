package io.baton.simulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;
import io.baton.api.model.ServerChange;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerState;
import io.baton.api.model.ServerStatus;
import io.baton.rules.Problems;
import io.baton.rules.StrictJson;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A scenario's {@code "tables"}: the cluster as it stands (e.g. as {@code baton:status --json} or a simulation's last
 * step shows it), to simulate from instead of an initial start. The same shape as the simulator's output:
 * <pre>
 * "tables": {"servers": {"n1": {"state": "up"}, "n2": {"state": "failed", "change": "failed", "load": 3}},
 *            "apps":    {"web": {"running": "n1", "backup": null}}}
 * </pre>
 * A server not listed is {@code down}, an app not listed stopped. Each problem is reported with its JSON path.
 */
final class StartTables {
    private static final List<String> TABLES = List.of("servers", "apps");
    private static final List<String> SERVER_FIELDS = List.of("state", "change", "load");
    private static final List<String> APP_FIELDS = List.of("running", "backup");

    private StartTables() {
    }

    static ClusterState read(JsonElement value, String path, Rules rules, Problems problems) {
        Map<String, ServerStatus> servers = new LinkedHashMap<>();
        rules.servers().forEach(s -> servers.put(s, ServerStatus.down(s)));
        Map<String, ServerLoad> loads = new LinkedHashMap<>();
        Map<String, AppStatus> apps = new LinkedHashMap<>();
        StrictJson.object(value, path, problems).ifPresent(tables -> {
            StrictJson.onlyFields(tables, path, TABLES, problems);
            Optional.ofNullable(tables.get("servers")).flatMap(v -> StrictJson.object(v, Problems.member(path, "servers"),
                    problems)).ifPresent(o -> o.entrySet().forEach(e -> {
                        String at = Problems.member(Problems.member(path, "servers"), e.getKey());
                        if (ScenarioReader.declared(e.getKey(), at, rules, problems)) {
                            StrictJson.object(e.getValue(), at, problems)
                                    .ifPresent(row -> server(e.getKey(), row, at, problems, servers, loads));
                        }
                    }));
            Optional.ofNullable(tables.get("apps")).flatMap(v -> StrictJson.object(v, Problems.member(path, "apps"),
                    problems)).ifPresent(o -> o.entrySet().forEach(e -> {
                        String at = Problems.member(Problems.member(path, "apps"), e.getKey());
                        if (!rules.appsByName().containsKey(e.getKey())) {
                            problems.add(at, "unknown app \"" + e.getKey() + "\""
                                    + StrictJson.suggestion(e.getKey(), rules.appsByName().keySet()));
                        } else {
                            StrictJson.object(e.getValue(), at, problems)
                                    .flatMap(row -> app(e.getKey(), row, at, rules, servers, problems))
                                    .ifPresent(a -> apps.put(a.name(), a));
                        }
                    }));
        });
        return new ClusterState(servers, loads, apps);
    }

    private static void server(String name, JsonObject row, String at, Problems problems,
                               Map<String, ServerStatus> servers, Map<String, ServerLoad> loads) {
        StrictJson.onlyFields(row, at, SERVER_FIELDS, problems);
        if (!row.has("state")) {
            problems.add(at, "missing field \"state\" (one of " + labels(ServerState.values()) + ")");
            return;
        }
        Optional<ServerState> state = StrictJson.string(row.get("state"), Problems.member(at, "state"), problems)
                .flatMap(label -> label(ServerState.values(), label, Problems.member(at, "state"), problems));
        ServerChange change = Optional.ofNullable(row.get("change"))
                .flatMap(v -> StrictJson.string(v, Problems.member(at, "change"), problems))
                .flatMap(label -> label(ServerChange.values(), label, Problems.member(at, "change"), problems))
                .orElse(ServerChange.NONE);
        Optional.ofNullable(row.get("load")).flatMap(v -> StrictJson.number(v, Problems.member(at, "load"), problems))
                .ifPresent(load -> {
                    if (load < 0) {
                        problems.add(Problems.member(at, "load"), "a load must not be negative, was " + load);
                    } else {
                        loads.put(name, ServerLoad.ofScore(name, load));
                    }
                });
        state.ifPresent(s -> servers.put(name, new ServerStatus(name, s, change, false)));
    }

    private static Optional<AppStatus> app(String name, JsonObject row, String at, Rules rules,
                                           Map<String, ServerStatus> servers, Problems problems) {
        StrictJson.onlyFields(row, at, APP_FIELDS, problems);
        Optional<String> running = nameOrNull(row, "running", at, rules, problems);
        Optional<String> backup = nameOrNull(row, "backup", at, rules, problems);
        if (running.isPresent() && !servers.get(running.get()).isUp()) {
            problems.add(Problems.member(at, "running"), name + " runs on " + running.get() + ", which is "
                    + servers.get(running.get()).state().label() + " in the server table (only an up server runs apps)");
            return Optional.empty();
        }
        if (running.isEmpty() && backup.isPresent()) {
            problems.add(Problems.member(at, "backup"), "a stopped app has no backup (SPEC), but " + name + " names "
                    + backup.get());
            return Optional.empty();
        }
        if (running.isPresent() && running.equals(backup)) {
            problems.add(Problems.member(at, "backup"), name + " cannot back itself up on " + running.get());
            return Optional.empty();
        }
        return Optional.of(new AppStatus(name, running, backup, false));
    }

    private static Optional<String> nameOrNull(JsonObject row, String field, String at, Rules rules, Problems problems) {
        JsonElement v = row.get(field);
        if (v == null || v.isJsonNull()) {
            return Optional.empty();
        }
        String path = Problems.member(at, field);
        return StrictJson.string(v, path, problems).filter(s -> ScenarioReader.declared(s, path, rules, problems));
    }

    private static <E extends Enum<E>> Optional<E> label(E[] values, String label, String path, Problems problems) {
        for (E e : values) {
            if (e.name().toLowerCase(Locale.ROOT).equals(label)) {
                return Optional.of(e);
            }
        }
        problems.add(path, "unknown value \"" + label + "\" (one of " + labels(values) + ")");
        return Optional.empty();
    }

    private static String labels(Enum<?>[] values) {
        return String.join(", ", Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }
}
