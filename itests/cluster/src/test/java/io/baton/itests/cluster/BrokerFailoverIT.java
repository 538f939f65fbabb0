package io.baton.itests.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.baton.api.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.baton.itests.cluster.StatusJson.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No single point of failure (SPEC "Availability and trust"), on a real local cluster: three nodes and two
 * embedded brokers, each in a network namespace of its own joined by a bridge in a hub namespace, so that a
 * broker's machine can vanish (its link down: no FIN) and a node can lose one broker only. Through every step an
 * {@link OsWatch} watches the apps' processes: a broker's death must stop no app and run none twice; a node's
 * death moves its apps to their backups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFailoverIT {
    private static final String HUB = "btf-hub";
    private static final String SUBNET = "10.232.0.";
    private static final int PORT_BASE = 19010;
    private static final List<String> NODES = List.of("n1", "n2", "n3");
    private static final Set<String> APPS = new TreeSet<>(List.of("a1", "a2", "a3"));
    private static final String BROKER1 = "tcp://" + SUBNET + "251:" + PORT_BASE;
    private static final String BROKER2 = "tcp://" + SUBNET + "252:" + (PORT_BASE + 12);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** How long each broker fault is watched for an app that stops: longer than a lease and a takeover. */
    private static final Duration WATCH = Duration.ofSeconds(8);

    private LocalCluster cluster;
    private AppProcesses processes;

    @BeforeAll
    void up() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "network namespaces need root: this test takes a broker's machine away (skipped, not passed)");
        removeNamespaces();
        try {
            Namespaces.run("ip", "netns", "add", HUB);
        } catch (IllegalStateException e) {
            Assumptions.abort("network namespaces are not available here (" + e.getMessage() + "): skipped, not passed");
        }
        Namespaces.run("ip", "-n", HUB, "link", "set", "lo", "up");
        Namespaces.run("ip", "-n", HUB, "link", "add", "br0", "type", "bridge");
        Namespaces.run("ip", "-n", HUB, "link", "set", "br0", "up");
        for (String host : List.of("n1", "n2", "n3", "b1", "b2")) {
            String ns = namespace(host);
            Namespaces.run("ip", "netns", "add", ns);
            Namespaces.run("ip", "-n", ns, "link", "set", "lo", "up");
            Namespaces.run("ip", "-n", HUB, "link", "add", hubEnd(host), "type", "veth", "peer", "name", "eth0", "netns", ns);
            Namespaces.run("ip", "-n", HUB, "link", "set", hubEnd(host), "master", "br0", "up");
            Namespaces.run("ip", "-n", ns, "addr", "add", address(host) + "/24", "dev", "eth0");
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
        List<String> options = new ArrayList<>(List.of("--no-load", "--rules", rules.toString(), "--brokers", "2",
                "--broker-address", "broker1=" + address("b1"), "--broker-address", "broker2=" + address("b2"),
                "--netns", "broker1=" + namespace("b1"), "--netns", "broker2=" + namespace("b2")));
        for (String n : NODES) {
            options.addAll(List.of("--netns", n + "=" + namespace(n)));
        }
        cluster.up(options.toArray(String[]::new));
    }

    @AfterAll
    void down() throws Exception {
        try {
            if (cluster != null) {
                cluster.down();
            }
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
    @Order(1)
    void everyNodeKeepsTheTablesOnTheFirstBrokerAndIsQuorate() {
        awaitAllOn(BROKER1);
        JsonObject status = cluster.statusJson();
        assertThat(status.getAsJsonObject("membership").get("quorate").getAsBoolean()).isTrue();
        assertThat(status.getAsJsonObject("membership").getAsJsonArray("brokers")).hasSize(2);
        assertThat(cluster.baton(Duration.ofSeconds(60), "brokers")).contains("broker1").contains("broker2")
                .contains(BROKER1.substring("tcp://".length())).contains("n1, n2, n3");
        awaitEachAppOnceWhereTheTablesSay();
    }

    @Test
    @Order(2)
    void theBrokerInUseKilledStopsNoAppAndANodeKilledAfterIsTakenOver() throws Exception {
        Map<String, String> before = cluster.settledPlacement(SETTLE);
        try (OsWatch watch = new OsWatch(processes, APPS)) {
            long killed = System.nanoTime();
            cluster.kill("broker"); // the one in use: broker1
            awaitAllOn(BROKER2);
            System.out.printf("broker in use killed: every node quorate on the next broker after %d ms%n",
                    (System.nanoTime() - killed) / 1_000_000);
            sleep(WATCH);
            assertThat(watch.stopped()).as("no app stopped when the broker in use died").isEmpty();
            assertThat(watch.twice()).as("no app ran twice").isEmpty();
        }
        assertThat(cluster.settledPlacement(SETTLE)).as("nothing moved").isEqualTo(before);
        killANodeAndSeeItsAppsOnTheirBackups();
    }

    @Test
    @Order(3)
    void thePreferredBrokerBackTheClusterReturnsToItWithNoAppMoved() throws Exception {
        startEverythingStopped();
        Map<String, String> before = cluster.settledPlacement(SETTLE);
        try (OsWatch watch = new OsWatch(processes, APPS)) {
            awaitAllOn(BROKER1);
            sleep(Duration.ofSeconds(2));
            assertThat(watch.stopped()).as("no app stopped while the cluster moved back").isEmpty();
            assertThat(watch.twice()).isEmpty();
        }
        assertThat(cluster.settledPlacement(SETTLE)).isEqualTo(before);
    }

    @Test
    @Order(4)
    void theBrokersMachineCutOffStopsNoAppAndANodeKilledAfterIsTakenOver() throws Exception {
        Map<String, String> before = cluster.settledPlacement(SETTLE);
        try (OsWatch watch = new OsWatch(processes, APPS)) {
            long cut = System.nanoTime();
            Namespaces.run("ip", "-n", HUB, "link", "set", hubEnd("b1"), "down"); // no FIN: it just vanishes
            awaitAllOn(BROKER2);
            System.out.printf("broker's machine cut off: every node quorate on the next broker after %d ms%n",
                    (System.nanoTime() - cut) / 1_000_000);
            sleep(WATCH);
            assertThat(watch.stopped()).as("no app stopped when the broker's machine vanished").isEmpty();
            assertThat(watch.twice()).isEmpty();
        }
        assertThat(cluster.settledPlacement(SETTLE)).isEqualTo(before);
        killANodeAndSeeItsAppsOnTheirBackups();
        Namespaces.run("ip", "-n", HUB, "link", "set", hubEnd("b1"), "up");
        startEverythingStopped();
        awaitAllOn(BROKER1);
    }

    @Test
    @Order(5)
    void aNodeThatLosesOnlyTheFirstBrokerKeepsItsAppsAndOnlyAQuorateSideActs() throws Exception {
        awaitEveryNodeUp();
        Map<String, String> before = cluster.settledPlacement(SETTLE);
        String lonely = "n3";
        try (OsWatch watch = new OsWatch(processes, APPS)) {
            Namespaces.run("ip", "-n", namespace(lonely), "route", "add", "blackhole", address("b1") + "/32");
            try {
                partialPartition(lonely, before, watch);
            } finally {
                Namespaces.run("ip", "-n", namespace(lonely), "route", "del", "blackhole", address("b1") + "/32");
            }
        }
        startEverythingStopped();
        awaitAllOn(BROKER1);
        awaitEachAppOnceWhereTheTablesSay();
    }

    private void partialPartition(String lonely, Map<String, String> before, OsWatch watch) {
        {
            Await.until(lonely + " on the second broker, the others on the first", SETTLE, () -> {
                JsonObject servers = cluster.statusJson().getAsJsonObject("servers");
                return BROKER2.equals(text(servers.getAsJsonObject(lonely), "broker"))
                        && BROKER1.equals(text(servers.getAsJsonObject("n1"), "broker"))
                        && BROKER1.equals(text(servers.getAsJsonObject("n2"), "broker"));
            });
            sleep(WATCH);
            assertThat(watch.stopped()).as("the lonely node keeps its apps: a majority still acknowledges it").isEmpty();
            assertThat(watch.twice()).isEmpty();
            JsonObject servers = cluster.statusJson().getAsJsonObject("servers");
            assertThat(servers.getAsJsonObject(lonely).get("quorate").getAsBoolean())
                    .as("alone on its broker, it acts on nothing").isFalse();

            // the first node dies: the second moves to where the majority is, and only there is anything decided
            String victim = "n1";
            Map<String, String> victimsApps = appsOn(victim, before);
            cluster.kill(victim);
            for (Map.Entry<String, String> app : victimsApps.entrySet()) {
                Await.until(app.getKey() + " running once on its backup " + app.getValue(), SETTLE,
                        () -> processes.placement(Set.of(app.getKey())).get(app.getKey()).equals(List.of(app.getValue())));
            }
            assertThat(watch.twice()).as("never two copies").isEmpty();
            assertThat(watch.stopped()).as("only the dead node's apps stopped, until their backups took over")
                    .allSatisfy(i -> assertThat(victimsApps).containsKey(i.app()));
        }
    }

    @Test
    @Order(6)
    void afterEveryNodeAndBrokerCrashedAndTheBrokersLostTheirStateTheRulesAndPlacementComeBack() throws Exception {
        awaitEveryNodeUp();
        Map<String, String> before = cluster.settledPlacement(SETTLE);
        String rulesBefore = cluster.shell("n2", "baton:rules --json");
        for (String n : NODES) {
            cluster.kill(n);
        }
        cluster.kill("broker1");
        cluster.kill("broker2");
        Await.until("every app gone with its node (the watchdogs)", SETTLE,
                () -> processes.placement(APPS).values().stream().allMatch(List::isEmpty));
        for (String b : List.of("broker1", "broker2")) {
            TakeoverScenarios.deleteTree(cluster.nodeDir(b).resolve("data/baton/broker")); // the brokers forgot all
        }
        cluster.start("broker");
        for (String n : NODES) {
            cluster.start(n);
        }
        awaitEveryNodeUp();
        assertThat(cluster.shell("n2", "baton:rules --json")).as("the same rules, from the nodes' disks")
                .isEqualTo(rulesBefore);
        Map<String, String> after = cluster.settledPlacement(SETTLE);
        before.forEach((app, where) -> {
            String[] was = where.split("/");
            String is = after.get(app).split("/")[0];
            assertThat(is).as("%s runs on its server or its backup of before", app).isIn(was[0], was[1]);
        });
        awaitEachAppOnceWhereTheTablesSay();
    }

    // ---- steps shared by the tests ----

    private void killANodeAndSeeItsAppsOnTheirBackups() {
        Map<String, String> before = cluster.settledPlacement(SETTLE);
        String controller = cluster.statusJson().getAsJsonObject("controller").get("server").getAsString();
        String victim = before.values().stream().map(v -> v.split("/")[0]).filter(n -> !n.equals(controller))
                .sorted().findFirst().orElseThrow();
        Map<String, String> victimsApps = appsOn(victim, before);
        try (OsWatch watch = new OsWatch(processes, APPS)) {
            long killed = System.nanoTime();
            cluster.kill(victim);
            for (Map.Entry<String, String> app : victimsApps.entrySet()) {
                Await.until(app.getKey() + " running once on its backup " + app.getValue(), SETTLE,
                        () -> processes.placement(Set.of(app.getKey())).get(app.getKey()).equals(List.of(app.getValue())));
            }
            System.out.printf("node %s killed after a broker fault: its apps %s on their backups after %d ms%n", victim,
                    victimsApps.keySet(), (System.nanoTime() - killed) / 1_000_000);
            assertThat(watch.twice()).as("never two copies").isEmpty();
            assertThat(watch.stopped()).as("only the dead node's apps stopped, each for the takeover only")
                    .allSatisfy(i -> {
                        assertThat(victimsApps).containsKey(i.app());
                        assertThat(i.millis()).isLessThan(1000);
                    });
        }
    }

    private Map<String, String> appsOn(String node, Map<String, String> placement) {
        Map<String, String> apps = new TreeMap<>();
        placement.forEach((app, where) -> {
            String[] rb = where.split("/");
            if (rb[0].equals(node)) {
                apps.put(app, rb[1]);
            }
        });
        assertThat(apps).as("apps on %s with a backup", node).isNotEmpty().doesNotContainValue("null");
        return apps;
    }

    private void startEverythingStopped() {
        for (String n : NODES) {
            if (!cluster.statusJson().getAsJsonArray("connected").toString().contains("\"" + n + "\"")) {
                try {
                    cluster.start(n);
                } catch (AssertionError e) {
                    if (!e.getMessage().contains("already running")) {
                        throw e;
                    }
                }
            }
        }
        try {
            cluster.start("broker");
        } catch (AssertionError e) {
            if (!e.getMessage().contains("every broker is running already")) {
                throw e;
            }
        }
        awaitEveryNodeUp();
    }

    private void awaitEveryNodeUp() {
        Await.until("every node up, quorate, the tables settled", SETTLE, () -> {
            JsonObject status = cluster.statusJson();
            JsonObject servers = status.getAsJsonObject("servers");
            return NODES.stream().allMatch(n -> "up".equals(text(servers.getAsJsonObject(n), "state"))
                    && servers.getAsJsonObject(n).get("quorate").getAsBoolean()) && StatusJson.placement(status) != null;
        });
    }

    private void awaitAllOn(String broker) {
        Await.until("every node quorate on " + broker, SETTLE, () -> {
            JsonObject servers = cluster.statusJson().getAsJsonObject("servers");
            return NODES.stream().filter(n -> servers.getAsJsonObject(n) != null && !"failed".equals(
                    text(servers.getAsJsonObject(n), "state"))).allMatch(n -> broker.equals(text(servers.getAsJsonObject(n),
                    "broker")) && servers.getAsJsonObject(n).get("quorate").getAsBoolean());
        });
    }

    private void awaitEachAppOnceWhereTheTablesSay() {
        Await.until("each app running exactly once, where the tables say", SETTLE, () -> {
            Map<String, List<String>> expected = new TreeMap<>();
            cluster.settledPlacement(SETTLE).forEach((app, where) -> expected.put(app, List.of(where.split("/")[0])));
            return processes.placement(APPS).equals(expected);
        });
    }




    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String namespace(String host) {
        return "btf-" + host;
    }

    private static String hubEnd(String host) {
        return "btf-v" + host;
    }

    private static String address(String host) {
        return SUBNET + switch (host) {
            case "b1" -> "251";
            case "b2" -> "252";
            default -> host.substring(1);
        };
    }

    private static void removeNamespaces() {
        for (String host : List.of("n1", "n2", "n3", "b1", "b2")) {
            Namespaces.quietly("ip", "netns", "del", namespace(host));
        }
        Namespaces.quietly("ip", "netns", "del", HUB);
    }
}
