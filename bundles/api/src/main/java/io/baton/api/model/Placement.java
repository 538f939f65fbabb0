package io.baton.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a cluster manager reports each application running right now. An application it does not
 * list is stopped.
 *
 * @param running application name to the server running it
 */
public record Placement(Map<String, String> running) {
    public static final Placement EMPTY = new Placement(Map.of());

    public Placement {
        Map<String, String> copy = new LinkedHashMap<>();
        running.forEach((app, server) -> copy.put(Names.requireName(app, "app"), Names.requireName(server, "server")));
        running = Collections.unmodifiableMap(copy);
    }

    public Optional<String> runningServer(String app) {
        return Optional.ofNullable(running.get(app));
    }
}
