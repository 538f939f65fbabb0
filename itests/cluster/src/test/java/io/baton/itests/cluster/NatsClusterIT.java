package io.baton.itests.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.baton.api.testing.Await;
import io.baton.api.testing.NatsCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.baton.itests.cluster.StatusJson.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Baton on a replicating broker cluster a user would run in production: three NATS servers with JetStream (MQTT
 * on, retained messages and sessions on all three), every node given the three servers. One server killed stops
 * no app; a node killed afterwards is still taken over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatsClusterIT {
    private static final int PORT_BASE = 19040;
    private static final Set<String> APPS = new TreeSet<>(List.of("a1", "a2", "a3"));
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private NatsCluster nats;
    private LocalCluster cluster;
    private AppProcesses processes;

    @BeforeAll
    void up() throws Exception {
        Path home = Path.of(System.getProperty("baton.work", "target/clusters")).toAbsolutePath()
                .resolve(getClass().getSimpleName());
        if (Files.exists(home.resolve("nodes"))) {
            new LocalCluster(home, PORT_BASE, Map.of()).down();
        }
        TakeoverScenarios.deleteTree(home);
        Files.createDirectories(home);
        nats = new NatsCluster(home.resolve("nats"), PORT_BASE + 30);
        processes = new AppProcesses(home.resolve("apps"));
        Path rules = home.resolve("test-rules.json");
        Files.writeString(rules, "{\"cluster\": \"local\", \"servers\": [\"n1\", \"n2\", \"n3\"], \"apps\": {"
                + "\"a1\": {\"command\": \"" + processes.command("a1") + "\"}, "
                + "\"a2\": {\"command\": \"" + processes.command("a2") + "\"}, "
                + "\"a3\": {\"command\": \"" + processes.command("a3") + "\"}}}");
        cluster = new LocalCluster(home, PORT_BASE, Map.of());
        // the timing docs/availability.md recommends on NATS: JetStream stalls MQTT for seconds after losing a server
        cluster.up("--no-load", "--rules", rules.toString(), "--broker", String.join(",", nats.urls()),
                "--store", "keepAliveSeconds=6", "--store", "leaseMillis=8000", "--store", "beatIntervalMillis=500");
    }

    @AfterAll
    void down() throws Exception {
        try {
            if (cluster != null) {
                cluster.down();
            }
        } finally {
            if (nats != null) {
                nats.close();
            }
        }
    }

    @Test
    void oneServerKilledStopsNoAppAndANodeKilledAfterIsTakenOver() throws Exception {
        Map<String, String> before = cluster.settledPlacement(SETTLE);
        assertThat(servers().getAsJsonObject("n1").get("broker").getAsString()).isEqualTo(nats.url(1));
        try (OsWatch watch = new OsWatch(processes, APPS)) {
            long killed = System.nanoTime();
            nats.kill(1);
            Await.until("every node quorate on another server", SETTLE, () -> {
                JsonObject servers = servers();
                return List.of("n1", "n2", "n3").stream().allMatch(n -> servers.getAsJsonObject(n).get("quorate")
                        .getAsBoolean() && !nats.url(1).equals(text(servers.getAsJsonObject(n), "broker")));
            });
            System.out.printf("NATS server 1 killed: every node quorate on another server after %d ms%n",
                    (System.nanoTime() - killed) / 1_000_000);
            assertThat(watch.stopped()).as("no app stopped when a NATS server died").isEmpty();
            assertThat(watch.twice()).isEmpty();
        }
        assertThat(cluster.settledPlacement(SETTLE)).as("nothing moved").isEqualTo(before);

        String controller = cluster.statusJson().getAsJsonObject("controller").get("server").getAsString();
        String victim = before.values().stream().map(v -> v.split("/")[0]).filter(n -> !n.equals(controller))
                .sorted().findFirst().orElseThrow();
        Map<String, String> victimsApps = new TreeMap<>();
        before.forEach((app, where) -> {
            if (where.startsWith(victim + "/")) {
                victimsApps.put(app, where.split("/")[1]);
            }
        });
        try (OsWatch watch = new OsWatch(processes, APPS)) {
            long killed = System.nanoTime();
            cluster.kill(victim);
            for (Map.Entry<String, String> app : victimsApps.entrySet()) {
                Await.until(app.getKey() + " running once on its backup " + app.getValue(), SETTLE,
                        () -> processes.placement(Set.of(app.getKey())).get(app.getKey()).equals(List.of(app.getValue())));
            }
            System.out.printf("then node %s killed: its apps %s on their backups after %d ms%n", victim,
                    victimsApps.keySet(), (System.nanoTime() - killed) / 1_000_000);
            assertThat(watch.twice()).as("never two copies").isEmpty();
            assertThat(watch.stopped()).allSatisfy(i -> assertThat(victimsApps).containsKey(i.app()));
        }
    }

    private JsonObject servers() {
        return cluster.statusJson().getAsJsonObject("servers");
    }



}
