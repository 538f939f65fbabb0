package io.baton.itests.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.baton.api.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.baton.itests.cluster.SimulatorOracle.event;
import static io.baton.itests.cluster.StatusJson.placement;
import static io.baton.itests.cluster.StatusJson.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node cut off from the broker by its network link, for real: every node runs in a network namespace
 * made by this test, joined by a bridge in a hub namespace where the broker listens (addresses
 * 10.231.0.x exist only inside these namespaces); each subclass names the broker. When the hub's end of one node's link goes down, that
 * node's agent must stop its apps (fencing, counted from its last confirmed round trip with the broker)
 * before the broker declares it lost (1.5 x keepalive) and the backups start them; healed, it joins again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NetworkCutScenario {
    static final String HUB = "btc-hub";
    /** The broker's address: the hub's end of the bridge. */
    static final String BROKER_ADDRESS = "10.231.0.254";
    private static final String SUBNET = "10.231.0.";
    private static final int PORT_BASE = 18970;
    private static final List<String> NODES = List.of("n1", "n2", "n3");
    private static final Set<String> APPS = new TreeSet<>(List.of("a1", "a2", "a3"));

    private LocalCluster cluster;
    private AppProcesses processes;
    private SimulatorOracle oracle;

    @BeforeAll
    void up() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "network namespaces need root: this test cuts a node's link (skipped, not passed)");
        removeNamespaces();
        try {
            Namespaces.run("ip", "netns", "add", HUB);
        } catch (IllegalStateException e) {
            Assumptions.abort("network namespaces are not available here (" + e.getMessage() + "): skipped, not passed");
        }
        Namespaces.run("ip", "-n", HUB, "link", "set", "lo", "up");
        Namespaces.run("ip", "-n", HUB, "link", "add", "br0", "type", "bridge");
        Namespaces.run("ip", "-n", HUB, "addr", "add", SUBNET + "254/24", "dev", "br0");
        Namespaces.run("ip", "-n", HUB, "link", "set", "br0", "up");
        for (int i = 1; i <= NODES.size(); i++) {
            String ns = namespace(i);
            Namespaces.run("ip", "netns", "add", ns);
            Namespaces.run("ip", "-n", ns, "link", "set", "lo", "up");
            Namespaces.run("ip", "-n", HUB, "link", "add", hubEnd(i), "type", "veth", "peer", "name", "eth0", "netns", ns);
            Namespaces.run("ip", "-n", HUB, "link", "set", hubEnd(i), "master", "br0", "up");
            Namespaces.run("ip", "-n", ns, "addr", "add", SUBNET + i + "/24", "dev", "eth0");
            Namespaces.run("ip", "-n", ns, "link", "set", "eth0", "up");
        }

        Path home = Path.of(System.getProperty("baton.work", "target/clusters")).toAbsolutePath()
                .resolve(getClass().getSimpleName());
        if (Files.exists(home.resolve("nodes"))) {
            new LocalCluster(home, PORT_BASE, Map.of()).down();
        }
        TakeoverScenarios.deleteTree(home);
        Files.createDirectories(home);
        processes = new AppProcesses(home.resolve("apps"));
        Path rules = home.resolve("test-rules.json");
        Files.writeString(rules, "{\"cluster\": \"local\", \"servers\": [\"n1\", \"n2\", \"n3\"], \"apps\": {"
                + "\"a1\": {\"command\": \"" + processes.command("a1") + "\"}, "
                + "\"a2\": {\"command\": \"" + processes.command("a2") + "\"}, "
                + "\"a3\": {\"command\": \"" + processes.command("a3") + "\"}}}");
        cluster = new LocalCluster(home, PORT_BASE, Map.of());
        List<String> options = new ArrayList<>(List.of("--no-load", "--rules", rules.toString(),
                "--netns", "n1=" + namespace(1), "--netns", "n2=" + namespace(2), "--netns", "n3=" + namespace(3)));
        options.addAll(startBroker(home));
        cluster.up(options.toArray(String[]::new));
        oracle = new SimulatorOracle(cluster, rules, NODES);
    }

    @AfterAll
    void down() throws Exception {
        try {
            if (cluster != null) {
                cluster.down();
            }
            stopBroker();
        } finally {
            removeNamespaces();
        }
        if (processes != null) {
            for (String app : APPS) {
                assertThat(processes.running(app)).as("processes of %s after baton down", app).isEmpty();
            }
        }
    }

    @Test
    void nodeCutOffFromTheBrokerStopsItsAppsBeforeTheBackupsStartThem() throws Exception {
        Map<String, String> initial = oracle.predict().get(0);
        assertThat(placement(cluster.statusJson())).isEqualTo(initial);
        String controller = cluster.statusJson().getAsJsonObject("controller").get("server").getAsString();
        String victim = initial.values().stream().map(v -> v.split("/")[0]).filter(n -> !n.equals(controller))
                .sorted().findFirst().orElseThrow();
        int index = NODES.indexOf(victim) + 1;
        Map<String, Long> victimsApps = new TreeMap<>();
        initial.forEach((app, where) -> {
            if (where.startsWith(victim + "/")) {
                victimsApps.put(app, processes.running(app).get(victim).iterator().next());
            }
        });

        long cutAt = System.currentTimeMillis() * 1_000_000L;
        Namespaces.run("ip", "-n", HUB, "link", "set", hubEnd(index), "down");
        long lastAliveAt = cutAt;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (victimsApps.values().stream().anyMatch(AppProcesses::alive)) {
            assertThat(System.nanoTime()).as("the apps of cut-off %s stopped in time", victim).isLessThan(deadline);
            lastAliveAt = System.currentTimeMillis() * 1_000_000L;
            Thread.sleep(5);
        }
        long fencedAfterMillis = (lastAliveAt - cutAt) / 1_000_000L;
        for (Map.Entry<String, Long> app : victimsApps.entrySet()) {
            String backup = initial.get(app.getKey()).split("/")[1];
            Await.until(app.getKey() + " started on its backup " + backup, Duration.ofSeconds(30),
                    () -> processes.startedAfter(app.getKey(), backup, cutAt) != null);
            long startedAt = processes.startedAfter(app.getKey(), backup, cutAt).epochNanos();
            assertThat(startedAt).as("%s started on %s (%d ms after the cut) after its process on %s stopped (%d ms)",
                            app.getKey(), backup, (startedAt - cutAt) / 1_000_000L, victim, fencedAfterMillis)
                    .isGreaterThan(lastAliveAt);
            System.out.printf("cut of %s: its apps stopped %d ms after the cut; %s started on %s after %d ms%n",
                    victim, fencedAfterMillis, app.getKey(), backup, (startedAt - cutAt) / 1_000_000L);
        }
        Map<String, String> afterCut = oracle.predict(event("fail", victim)).get(1);
        Await.until("the tables after the cut are the simulator's", Duration.ofSeconds(60),
                () -> placement(cluster.statusJson()), p -> p.equals(afterCut));

        Namespaces.run("ip", "-n", HUB, "link", "set", hubEnd(index), "up");
        Map<String, String> healed = oracle.predict(event("fail", victim), event("join", victim)).get(2);
        Await.until("the healed node joined as the simulator says", Duration.ofSeconds(90),
                () -> placement(cluster.statusJson()), p -> p.equals(healed));
        Await.until("each app running exactly once, where the tables say", Duration.ofSeconds(30), () -> {
            Map<String, List<String>> expected = new TreeMap<>();
            healed.forEach((app, where) -> expected.put(app, List.of(where.split("/")[0])));
            return processes.placement(APPS).equals(expected);
        });
    }

    /**
     * Starts the broker, if the test starts it, on {@link #BROKER_ADDRESS} in the {@link #HUB} namespace; the
     * options that give it to {@code baton up}.
     */
    abstract List<String> startBroker(Path home) throws Exception;

    /** Stops a broker that {@link #startBroker} started ({@code baton down} stops the embedded one). */
    abstract void stopBroker() throws Exception;



    private static String namespace(int i) {
        return "btc-n" + i;
    }

    private static String hubEnd(int i) {
        return "btc-v" + i;
    }

    private static void removeNamespaces() {
        for (int i = 1; i <= NODES.size(); i++) {
            Namespaces.quietly("ip", "netns", "del", namespace(i));
        }
        Namespaces.quietly("ip", "netns", "del", HUB);
    }
}
