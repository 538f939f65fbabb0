package io.baton.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The three run-time shared tables as one snapshot: server state, server load and applications.
 * The maps keep the rule file's order (servers by priority, applications as declared).
 *
 * @param servers server name to its row
 * @param loads   server name to its load row; a server without one has load 0
 * @param apps    application name to its row
 */
public record ClusterState(Map<String, ServerStatus> servers, Map<String, ServerLoad> loads,
                           Map<String, AppStatus> apps) {
    public static final ClusterState EMPTY = new ClusterState(Map.of(), Map.of(), Map.of());

    public ClusterState {
        servers = keyed(servers, ServerStatus::name, "servers");
        loads = keyed(loads, ServerLoad::server, "loads");
        apps = keyed(apps, AppStatus::name, "apps");
    }

    private static <V> Map<String, V> keyed(Map<String, V> rows, Function<V, String> key, String table) {
        Objects.requireNonNull(rows, table);
        rows.forEach((k, v) -> {
            if (!k.equals(key.apply(v))) {
                throw new IllegalArgumentException(table + " row " + key.apply(v) + " is filed under " + k);
            }
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    /** The servers whose state is {@link ServerState#UP}, in priority order. */
    public Set<String> upServers() {
        return servers.values().stream().filter(ServerStatus::isUp).map(ServerStatus::name)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** The server's load score; 0 when it has no load row. */
    public double loadScore(String server) {
        ServerLoad load = loads.get(server);
        return load == null ? 0 : load.score();
    }

    /** The application's row; a stopped row when the table does not have it yet. */
    public AppStatus app(String name) {
        return apps.getOrDefault(name, AppStatus.stopped(name));
    }

    /** The server's row; a {@code down} row when the table does not have it yet. */
    public ServerStatus server(String name) {
        return servers.getOrDefault(name, ServerStatus.down(name));
    }

    public Optional<ServerLoad> load(String server) {
        return Optional.ofNullable(loads.get(server));
    }

    /** This snapshot with one load row replaced or added. */
    public ClusterState withLoad(ServerLoad load) {
        Map<String, ServerLoad> next = new LinkedHashMap<>(loads);
        next.put(load.server(), load);
        return new ClusterState(servers, next, apps);
    }

    /** The placement the application table describes. */
    public Placement placement() {
        Map<String, String> running = new LinkedHashMap<>();
        apps.values().forEach(a -> a.running().ifPresent(r -> running.put(a.name(), r)));
        return new Placement(running);
    }
}
