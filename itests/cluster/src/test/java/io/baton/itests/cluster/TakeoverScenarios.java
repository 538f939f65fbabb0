package io.baton.itests.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.baton.api.testing.Await;
import org.junit.jupiter.api.AfterAll;
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
import java.util.stream.Collectors;

import static io.baton.itests.cluster.SimulatorOracle.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real three-node cluster ({@code bin/baton up}: a Karaf process per node, the native cluster
 * manager starting real processes) taken through the failures of issue 4 in order. After every
 * step the tables must equal the simulator's answer for the same events where the decision rules
 * fix it, and the OS processes must match the tables: each app running exactly once, where the
 * tables say. Subclasses choose the broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TakeoverScenarios {
    static final List<String> NODES = List.of("n1", "n2", "n3");
    static final Set<String> APPS = new TreeSet<>(List.of("a1", "a2", "a3", "a4"));
    static final Duration TAKEOVER = Duration.ofSeconds(20);
    static final Duration SETTLE = Duration.ofSeconds(60);

    protected LocalCluster cluster;
    protected AppProcesses processes;
    protected Tables tables;
    private SimulatorOracle oracle;
    private final List<JsonObject> events = new ArrayList<>();

    /** Starts the broker if it is not the embedded one; the cluster that will use it (not started yet). */
    abstract LocalCluster newCluster(Path home) throws Exception;

    /** The options of {@code baton up} that choose the broker. */
    abstract List<String> brokerOptions();

    /** A watcher of the tables on this cluster's broker. */
    abstract Tables watchTables() throws Exception;

    /** Restarts the broker (its retained topics are lost unless it persists them). */
    abstract void restartBroker() throws Exception;

    abstract void stopBroker() throws Exception;

    @BeforeAll
    void up() throws Exception {
        Path home = Path.of(System.getProperty("baton.work", "target/clusters")).toAbsolutePath()
                .resolve(getClass().getSimpleName());
        if (Files.exists(home.resolve("nodes"))) {
            // an earlier run that died before its clean-up: stop what it left
            newCluster(home).down();
        }
        deleteTree(home);
        Files.createDirectories(home);
        processes = new AppProcesses(home.resolve("apps"));
        Path rules = home.resolve("test-rules.json");
        Files.writeString(rules, rules());
        cluster = newCluster(home);
        List<String> options = new ArrayList<>(List.of("--no-load", "--rules", rules.toString()));
        options.addAll(brokerOptions());
        cluster.up(options.toArray(String[]::new));
        tables = watchTables();
        oracle = new SimulatorOracle(cluster, rules, NODES);
    }

    @AfterAll
    void down() throws Exception {
        try {
            if (tables != null) {
                tables.close();
            }
        } finally {
            try {
                if (cluster != null) {
                    cluster.down();
                }
            } finally {
                stopBroker();
            }
        }
        // nothing left behind: down stops apps a dead or frozen node could not
        for (String app : APPS) {
            assertThat(processes.running(app)).as("processes of %s after baton down", app).isEmpty();
        }
    }

    private String rules() {
        StringBuilder apps = new StringBuilder();
        for (String app : APPS) {
            apps.append(apps.length() == 0 ? "" : ",\n    ").append('"').append(app).append("\": {\"command\": \"")
                    .append(processes.command(app)).append('"')
                    // a4 moves back to the server it started on when that one returns (SPEC "Server joins")
                    .append(app.equals("a4") ? ", \"autoMove\": true" : "").append('}');
        }
        return "{\n  \"cluster\": \"local\",\n  \"servers\": [\"n1\", \"n2\", \"n3\"],\n  \"apps\": {\n    " + apps
                + "\n  }\n}\n";
    }

    /** The node JVMs run with bin/setenv's options (the itests' nodes are started as a user's would be). */
    @Test
    @Order(0)
    void nodesRunWithTheJvmOptionsOfBinSetenv() throws Exception {
        List<String> expected = cluster.setenvJvmOptions();
        assertThat(expected).as("bin/setenv's JVM options").contains("-XX:+UseSerialGC");
        for (String node : NODES) {
            List<String> options = List.of(Files.readString(Path.of("/proc/" + cluster.pid(node) + "/cmdline"))
                    .split("\0"));
            assertThat(options).as("%s's JVM options", node).containsAll(expected);
        }
    }

    @Test
    @Order(1)
    void initialPlacementIsTheSimulatorsAndRunsForReal() throws Exception {
        Map<String, String> expected = oracle.predict().get(0);
        awaitTables(expected);
        awaitProcessesMatchTables();

        JsonObject status = cluster.statusJson();
        assertThat(status.getAsJsonObject("controller").get("server").getAsString()).isEqualTo(tables.controller());
        assertThat(status.getAsJsonObject("servers").keySet()).containsExactlyInAnyOrderElementsOf(NODES);
        Map<String, String> fromStatus = new TreeMap<>();
        for (Map.Entry<String, JsonElement> app : status.getAsJsonObject("apps").entrySet()) {
            JsonObject row = app.getValue().getAsJsonObject();
            fromStatus.put(app.getKey(), row.get("running").getAsString() + "/" + row.get("backup").getAsString());
            assertThat(row.get("processing").getAsBoolean()).as("processing of %s", app.getKey()).isFalse();
        }
        assertThat(fromStatus).as("baton status --json").isEqualTo(expected);
    }

    @Test
    @Order(2)
    void killedNodesAppsRunOnTheirBackupsThenBackupsAreReplanned() throws Exception {
        String victim = nodeRunningAppsOtherThan(tables.controller());
        Map<String, Tables.AppRow> before = tables.apps();
        Map<String, Set<Long>> victimsPids = pidsOn(victim);
        long killedAt = System.currentTimeMillis() * 1_000_000L;

        cluster.kill(victim);
        record(event("fail", victim));

        for (Map.Entry<String, Tables.AppRow> row : before.entrySet()) {
            if (victim.equals(row.getValue().running())) {
                String app = row.getKey();
                String backup = row.getValue().backup();
                Await.until(app + " started on its backup " + backup + " after kill -9 of " + victim, TAKEOVER,
                        () -> processes.startedAfter(app, backup, killedAt) != null);
            }
        }
        // the watchdog outside the dead JVM stopped what it had started
        Await.until("the apps of killed " + victim + " stopped", TAKEOVER,
                () -> victimsPids.values().stream().flatMap(Set::stream).noneMatch(AppProcesses::alive));
        awaitTables(expectedNow());
        awaitProcessesMatchTables();
        assertThat(tables.serverState(victim)).isEqualTo("failed");
    }

    @Test
    @Order(3)
    void restartedNodeJoinsAsTheJoinRulesSay() throws Exception {
        String victim = failedNode();
        cluster.start(victim);
        record(event("join", victim));
        awaitTables(expectedNow());
        awaitProcessesMatchTables();
        assertThat(tables.serverState(victim)).isEqualTo("up");
    }

    @Test
    @Order(4)
    void frozenNodesAppsAreStoppedByTheWatchdogBeforeTheBackupsStartThem() throws Exception {
        awaitEveryNodeUp();
        String victim = nodeRunningAppsOtherThan(tables.controller());
        Map<String, Tables.AppRow> before = tables.apps();
        Map<String, Set<Long>> victimsPids = pidsOn(victim);
        long frozenAt = System.currentTimeMillis() * 1_000_000L;

        cluster.freeze(victim);
        try {
            // poll the frozen node's apps closely to know when they died
            long lastAliveAt = frozenAt;
            long deadline = System.nanoTime() + TAKEOVER.toNanos();
            while (victimsPids.values().stream().flatMap(Set::stream).anyMatch(AppProcesses::alive)) {
                assertThat(System.nanoTime()).as("the apps of frozen %s are stopped in time", victim)
                        .isLessThan(deadline);
                lastAliveAt = System.currentTimeMillis() * 1_000_000L;
                Thread.sleep(5);
            }
            record(event("fail", victim));
            for (Map.Entry<String, Tables.AppRow> row : before.entrySet()) {
                if (victim.equals(row.getValue().running())) {
                    String app = row.getKey();
                    String backup = row.getValue().backup();
                    Await.until(app + " started on its backup " + backup + " after " + victim + " froze", TAKEOVER,
                            () -> processes.startedAfter(app, backup, frozenAt) != null);
                    long startedAt = processes.startedAfter(app, backup, frozenAt).epochNanos();
                    // never on two nodes at once: the old one was gone before the new one started
                    assertThat(startedAt).as("%s started on %s after its process on frozen %s was last seen alive",
                            app, backup, victim).isGreaterThan(lastAliveAt);
                    System.out.printf("%s frozen: its apps stopped %d ms after; %s started on %s after %d ms%n", victim,
                            (lastAliveAt - frozenAt) / 1_000_000L, app, backup, (startedAt - frozenAt) / 1_000_000L);
                }
            }
            awaitTables(expectedNow());
        } finally {
            cluster.thaw(victim);
        }
        // thawed, it finds itself declared failed, reconnects and joins again
        record(event("join", victim));
        awaitTables(expectedNow());
        awaitProcessesMatchTables();
    }

    @Test
    @Order(5)
    void afterABrokerRestartEveryNodeReconnectsAndTheTablesAreWhole() throws Exception {
        awaitEveryNodeUp();
        Map<String, String> before = tables.placement();
        long restartedAt = System.nanoTime();
        OsWatch watch = new OsWatch(processes, APPS);
        restartBroker();
        // the test's own watcher too: a stale one would show the tables of before the restart
        Await.until("the test's watcher reconnected", SETTLE, () -> tables.connectedSince(restartedAt));
        Await.until("every node connected again", SETTLE, () -> {
            JsonObject status = cluster.statusJson();
            List<String> connected = new ArrayList<>();
            status.getAsJsonArray("connected").forEach(e -> connected.add(e.getAsString()));
            return connected.containsAll(NODES);
        });
        // Whole: every app runs, with a backup, on its server of before or on its backup of before. A broker that
        // shuts down may first send the Wills of the clients it drops (mosquitto does at times): the backups then
        // take over at once, as from a node that died; the app moves, it never stops.
        Await.until("the tables whole: each app of " + before + " on its server or its backup of before, settled",
                SETTLE, () -> tables.placement(), now -> tables.settled() && before.entrySet().stream().allMatch(e -> {
                    String[] was = e.getValue().split("/");
                    String[] is = now.getOrDefault(e.getKey(), "null/null").split("/");
                    return !is[0].equals("null") && !is[1].equals("null") && (is[0].equals(was[0]) || is[0].equals(was[1]));
                }));
        awaitProcessesMatchTables();
        watch.close();
        assertThat(watch.samples()).as("the OS watched all along").isGreaterThan(10);
        assertThat(watch.stopped()).as("no app stopped at any moment of the broker's restart").isEmpty();
        assertThat(watch.twice()).as("no app ran twice at any moment").isEmpty();
    }

    @Test
    @Order(6)
    void controllerKilledMidChangeIsSucceededByOneThatFinishesTheFlaggedWork() throws Exception {
        awaitEveryNodeUp();
        // The election's first choice with every server up is the first server. It is restarted with a crash
        // hook: it halts its JVM right after writing the flagged rows of the next detach.
        String controller = NODES.get(0);
        String detached = NODES.get(1);
        cluster.stop(controller);
        record(event("fail", controller));
        awaitTables(expectedNow());
        Path cfg = cluster.nodeDir(controller).resolve("etc/io.baton.controller.cfg");
        Files.writeString(cfg, "\ncrashAfterIntendedRows = detach\n", java.nio.file.StandardOpenOption.APPEND);
        cluster.start(controller);
        record(event("join", controller));
        awaitTables(expectedNow());
        Await.until(controller + " controlling again", SETTLE,
                () -> controller.equals(tables.controller()) && tables.settled());
        long termBefore = tables.term();
        Map<String, Set<Long>> controllersPids = pidsOn(controller);

        String other = NODES.stream().filter(n -> !n.equals(controller) && !n.equals(detached)).findFirst().orElseThrow();
        try {
            cluster.shell(other, "baton:detach " + detached);
        } catch (AssertionError expected) {
            // the controller died before answering; the successor answers or the request times out
        }
        Await.until("the controller's JVM halted", TAKEOVER, () -> {
            try {
                return !AppProcesses.alive(cluster.pid(controller));
            } catch (IllegalStateException e) {
                return true;
            }
        });
        Await.until("a new controller with a higher term", SETTLE,
                () -> tables.controller() != null && !tables.controller().equals(controller) && tables.term() > termBefore);
        Await.until("the flagged work finished", SETTLE, () -> tables.settled()
                && tables.apps().values().stream().allMatch(r -> other.equals(r.running())));
        Await.until("the dead controller's apps stopped", TAKEOVER,
                () -> controllersPids.values().stream().flatMap(Set::stream).noneMatch(AppProcesses::alive));
        awaitProcessesMatchTables();
        assertThat(tables.serverState(detached)).isEqualTo("detached");
        assertThat(tables.serverState(controller)).isEqualTo("failed");
        // with one server left every order of the two events ends the same: the simulator agrees
        record(event("fail", controller));
        record(event("detach", detached));
        awaitTables(expectedNow());
    }

    @Test
    @Order(7)
    void everyServerComesBackThenAGracefulStopHandsItsAppsOver() throws Exception {
        String crashed = NODES.stream().filter(n -> "failed".equals(tables.serverState(n))).findFirst().orElseThrow();
        String detached = NODES.stream().filter(n -> "detached".equals(tables.serverState(n))).findFirst().orElseThrow();
        String survivor = tables.controller();

        // the crashed controller comes back without its crash hook
        Path cfg = cluster.nodeDir(crashed).resolve("etc/io.baton.controller.cfg");
        Files.write(cfg, Files.readAllLines(cfg).stream().filter(l -> !l.startsWith("crashAfterIntendedRows")).toList());
        cluster.start(crashed);
        record(event("join", crashed));
        awaitTables(expectedNow());
        awaitProcessesMatchTables();

        cluster.shell(survivor, "baton:attach " + detached);
        record(event("attach", detached));
        awaitTables(expectedNow());
        awaitProcessesMatchTables();
        awaitEveryNodeUp();

        // a graceful stop: the node's agent stops its apps and leaves; the backups take them over
        String leaving = nodeRunningAppsOtherThan(tables.controller());
        cluster.stop(leaving);
        record(event("fail", leaving));
        awaitTables(expectedNow());
        awaitProcessesMatchTables();
        cluster.start(leaving);
        record(event("join", leaving));
        awaitTables(expectedNow());
        awaitProcessesMatchTables();
        awaitEveryNodeUp();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private void record(JsonObject event) {
        events.add(event);
    }

    /** The simulator's tables after every event so far. */
    private Map<String, String> expectedNow() throws Exception {
        List<Map<String, String>> steps = oracle.predict(events.toArray(JsonObject[]::new));
        return steps.get(steps.size() - 1);
    }

    /** The state an earlier step must have left: every node up, nothing processing. */
    private void awaitEveryNodeUp() {
        Await.until("every node up and nothing processing", SETTLE, () -> tables.settled()
                && NODES.stream().allMatch(n -> "up".equals(tables.serverState(n))));
    }

    private void awaitTables(Map<String, String> expected) {
        Await.until("the tables " + expected + " (the simulator's answer), settled", SETTLE,
                () -> tables.placement(), p -> p.equals(expected) && tables.settled());
    }

    /** Each app runs exactly once, as an OS process of the node the tables name. */
    private void awaitProcessesMatchTables() {
        Await.until("each app running exactly once, where the tables say", TAKEOVER, () -> {
            Map<String, List<String>> real = processes.placement(APPS);
            Map<String, List<String>> expected = new TreeMap<>();
            tables.apps().forEach((app, row) -> expected.put(app, row.running() == null ? List.of() : List.of(row.running())));
            return real.equals(expected) ? real : null;
        }, real -> true);
    }

    private Map<String, Set<Long>> pidsOn(String node) {
        Map<String, Set<Long>> pids = new TreeMap<>();
        for (String app : APPS) {
            Set<Long> here = processes.running(app).get(node);
            if (here != null) {
                pids.put(app, here);
            }
        }
        return pids;
    }

    private String nodeRunningAppsOtherThan(String controller) {
        return tables.apps().values().stream().map(Tables.AppRow::running)
                .filter(n -> n != null && !n.equals(controller)).sorted().findFirst()
                .orElseThrow(() -> new AssertionError("no node but the controller runs an app: " + tables.apps()));
    }

    private String failedNode() {
        return NODES.stream().filter(n -> "failed".equals(tables.serverState(n))).findFirst()
                .orElseThrow(() -> new AssertionError("no failed node to restart"));
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
