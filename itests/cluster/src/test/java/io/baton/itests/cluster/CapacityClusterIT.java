package io.baton.itests.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.baton.api.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC "Capacity, separation and priority" on a real local cluster: with capacities and demands the backups are
 * chosen so that a kill -9 of a node puts its apps only where they fit, and the nodes' own apps (the native agent,
 * driven by the controller through the same core) follow.
 */
class CapacityClusterIT {
    private static final int PORT_BASE = 19070;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Set<String> APPS = Set.of("A", "B", "C", "D");

    @TempDir
    Path home;

    @Test
    void a_killed_nodes_apps_land_only_where_they_fit() throws Exception {
        AppProcesses processes = new AppProcesses(home.resolve("apps"));
        Path rules = home.resolve("capacity-rules.json");
        // every server has room for 4 cpu; n1 runs A and B (2 + 2). Without capacities both would be backed up by
        // n2 (all loads 0: priority order); with them n2 (running C, 2) has room for one of them only.
        Files.writeString(rules, "{\"cluster\": \"local\", \"servers\": [\"n1\", \"n2\", \"n3\"],"
                + " \"capacity\": {\"n1\": {\"cpu\": 4}, \"n2\": {\"cpu\": 4}, \"n3\": {\"cpu\": 4}}, \"apps\": {"
                + app(processes, "A", "n1", 2) + ", " + app(processes, "B", "n1", 2) + ", "
                + app(processes, "C", "n2", 2) + ", " + app(processes, "D", "n3", 1) + "}}");
        try (LocalCluster cluster = new LocalCluster(home, PORT_BASE, Map.of())) {
            cluster.up("--no-load", "--rules", rules.toString());

            assertThat(cluster.settledPlacement(WAIT)).as("A and B cannot both be taken over by n2")
                    .isEqualTo(Map.of("A", "n1/n2", "B", "n1/n3", "C", "n2/n3", "D", "n3/n2"));
            assertWithinCapacity(cluster);

            cluster.kill("n1");
            Await.until("n1's apps taken over where they fit", WAIT, () -> cluster.settledPlacement(WAIT),
                    p -> p.equals(Map.of("A", "n2/null", "B", "n3/null", "C", "n2/null", "D", "n3/null")));
            Await.until("each app running exactly once, where the tables say", WAIT,
                    () -> processes.placement(APPS), p -> p.equals(Map.of("A", List.of("n2"), "B", List.of("n3"),
                            "C", List.of("n2"), "D", List.of("n3"))));
            assertWithinCapacity(cluster);
        }
    }

    private static String app(AppProcesses processes, String name, String primary, int cpu) {
        return "\"" + name + "\": {\"command\": \"" + processes.command(name) + "\", \"primary\": \"" + primary
                + "\", \"demand\": {\"cpu\": " + cpu + "}}";
    }

    /** {@code baton:servers --json}: every server's used capacity within its total. */
    private static void assertWithinCapacity(LocalCluster cluster) {
        JsonObject servers = JsonParser.parseString(cluster.shell("n2", "baton:servers --json"))
                .getAsJsonObject();
        assertThat(servers.keySet()).containsExactly("n1", "n2", "n3");
        for (Map.Entry<String, JsonElement> server : servers.entrySet()) {
            JsonObject cpu = server.getValue().getAsJsonObject().getAsJsonObject("capacity").getAsJsonObject("cpu");
            assertThat(cpu.get("used").getAsDouble()).as("cpu used on %s", server.getKey())
                    .isLessThanOrEqualTo(cpu.get("total").getAsDouble());
        }
    }
}
