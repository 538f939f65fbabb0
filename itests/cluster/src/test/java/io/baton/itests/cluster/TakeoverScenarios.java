package io.baton.itests.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
    /** The node log lines that tell a change of controller, membership or connection. */
    static final java.util.regex.Pattern NODE_EVENTS = java.util.regex.Pattern.compile(
            "^(?!.*ignoring a message).*(WARN|ERROR|controller|lease|quorate|fenc|run |departed|connection|Cluster manager view)");
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

    /** Clients of an attacker on the brokers, each with some broker credentials and none of Baton's keys. */
    abstract List<Forger> forgers() throws Exception;

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
        // The election's first choice with every server up is the first server. Its crash point (the test bundle
        // itests/crashpoint) halts its JVM right after the flagged rows of the next detach reached the broker.
        String controller = NODES.get(0);
        String detached = NODES.get(1);
        Await.until(controller + " controlling", SETTLE, () -> controller.equals(tables.controller()) && tables.settled());
        cluster.installCrashPoint(controller);
        cluster.armCrashPoint(controller, "intended-rows", "detach", "takeover-scenarios-" + System.nanoTime());
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

        // the crashed controller comes back disarmed
        cluster.disarmCrashPoint(crashed);
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

    /**
     * Issue 14's attack, from each client {@link #forgers()} gives (the brokers' password, a node's own broker user;
     * none holds any of Baton's keys): a rule file whose command would leave a marker, an assignment to
     * another node, a higher controller term, an offline presence, a detach request, moved and failed rows, garbage,
     * a deeply nested and a large payload, and replays of rows valid before an operator's move. Every node receives
     * them and ignores them: the OS watched all along shows no app stopped or started twice, the tables and the
     * controller stay as they were, the command never runs, and the controller still answers an operator after.
     */
    @Test
    @Order(8)
    void forgedWritesWithoutBatonsKeysChangeNothing() throws Exception {
        awaitEveryNodeUp();
        String prefix = "baton/local/";
        List<Forger> forgers = forgers();
        try {
            Forger admin = forgers.get(0);
            for (Forger f : forgers) {
                try {
                    Await.until(f + " holds the retained rows", Duration.ofSeconds(20),
                            () -> f.holds(prefix + "rules") && f.holds(prefix + "controller")
                                    && f.holds(prefix + "apps/a1") && ForgedWrites.assignTopic(f, "a1") != null);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; it holds " + f.topics(), e);
                }
            }
            // rows valid now, replayed after the operator's move below
            String assignA1 = ForgedWrites.assignTopic(admin, "a1");
            Map<String, byte[]> old = new java.util.TreeMap<>();
            for (String topic : List.of(prefix + "apps/a1", assignA1, prefix + "controller", prefix + "rules")) {
                old.put(topic, admin.raw(topic));
            }
            Map<String, JsonObject> rows = new java.util.TreeMap<>();
            for (String topic : old.keySet()) {
                rows.put(topic, admin.row(topic));
            }

            Tables.AppRow a1 = tables.apps().get("a1");
            cluster.shell("n1", "baton:move a1 " + a1.backup());
            Await.until("a1 moved to " + a1.backup(), SETTLE,
                    () -> a1.backup().equals(tables.apps().get("a1").running()) && tables.settled());
            Map<String, String> placement = tables.placement();
            String controller = tables.controller();
            long term = tables.term();
            Path marker = cluster.home().resolve("forged-command-ran");

            OsWatch watch = new OsWatch(processes, APPS);
            java.time.Instant forgedAt = java.time.Instant.now().minusSeconds(1);
            try {
                for (Forger f : forgers) {
                    // a node's own user may write only its own presence: it names itself
                    String victim = f.user() != null && NODES.contains(f.user()) ? f.user() : a1.backup();
                    ForgedWrites.forgeEverything(f, rows, assignA1, victim, marker);
                    old.forEach((topic, payload) -> {
                        try {
                            f.publish(topic, payload);
                        } catch (Exception e) {
                            throw new AssertionError("replaying " + topic, e);
                        }
                    });
                }
                // every node received the forgeries and ignored them
                for (String n : NODES) {
                    Path log = cluster.nodeDir(n).resolve("data/log/karaf.log");
                    // the watcher checks signatures as the nodes do; the nodes' own views are read below
                    for (String topic : List.of(prefix + "rules", prefix + "controller", prefix + "apps/a1", assignA1,
                            prefix + "requests/forged-1", prefix + "servers/n2/state")) {
                        Await.until(n + " ignored the forged " + topic, Duration.ofSeconds(20),
                                () -> ForgedWrites.read(log).contains("ignoring a message on " + topic + " "));
                    }
                }
                // and nothing follows: the forged command ran about 4 s after its publication before signing
                long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                try {
                    while (System.nanoTime() < until) {
                        assertThat(Files.exists(marker)).as("the forged command ran").isFalse();
                        assertThat(tables.placement()).as("the placement").isEqualTo(placement);
                        assertThat(tables.controller()).as("the controller").isEqualTo(controller);
                        assertThat(tables.term()).as("the controller's term").isEqualTo(term);
                        for (String n : NODES) {
                            assertThat(tables.serverState(n)).as("the state of %s", n).isEqualTo("up");
                        }
                        Thread.sleep(100);
                    }
                } catch (AssertionError e) {
                    // what the nodes did meanwhile: the reason is in their logs, which CI does not keep
                    throw new AssertionError(e.getMessage() + "\nthe busiest topics: " + tables.busiestTopics(8)
                            + "\nthe nodes' logs since the forgeries:"
                            + cluster.logExcerpt(forgedAt, NODE_EVENTS, 60, NODES), e);
                }
                for (String n : NODES) {
                    JsonObject status = JsonParser.parseString(cluster.shell(n, "baton:status --json")).getAsJsonObject();
                    assertThat(StatusJson.placement(status)).as("the placement %s shows", n).isEqualTo(placement);
                    assertThat(status.getAsJsonObject("controller").get("server").getAsString())
                            .as("the controller %s shows", n).isEqualTo(controller);
                    assertThat(status.getAsJsonObject("controller").get("term").getAsLong())
                            .as("the term %s shows", n).isEqualTo(term);
                }
            } catch (AssertionError e) {
                cluster.threadDumps("forged", NODES);
                throw e;
            } finally {
                watch.close();
            }
            assertThat(watch.samples()).as("the OS watched all along").isGreaterThan(100);
            if (!watch.stopped().isEmpty() || !watch.twice().isEmpty()) {
                cluster.threadDumps("forged", NODES);
                assertThat(watch.stopped()).as("apps stopped at some moment; the busiest topics %s; the values on the "
                        + "controller's topic %s; the nodes' logs:%s", tables.busiestTopics(8),
                        tables.valuesOn(prefix + "controller", 8), cluster.logExcerpt(forgedAt, NODE_EVENTS, 60, NODES))
                        .isEmpty();
                assertThat(watch.twice()).as("apps running twice at some moment").isEmpty();
            }
            awaitProcessesMatchTables();
        } finally {
            forgers.forEach(Forger::close);
        }
        // every thread alive: the controller and the agents still carry out an operator's move
        String back = tables.apps().get("a1").backup();
        cluster.shell("n1", "baton:move a1 " + back);
        Await.until("a1 moved back to " + back, SETTLE,
                () -> back.equals(tables.apps().get("a1").running()) && tables.settled());
        awaitProcessesMatchTables();
        assertThat(Files.exists(cluster.home().resolve("forged-command-ran"))).as("the forged command ran").isFalse();
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
    void awaitEveryNodeUp() {
        Await.until("every node up and nothing processing", SETTLE, () -> tables.settled()
                && NODES.stream().allMatch(n -> "up".equals(tables.serverState(n))));
    }

    private void awaitTables(Map<String, String> expected) {
        Await.until("the tables " + expected + " (the simulator's answer), settled", SETTLE,
                () -> tables.placement(), p -> p.equals(expected) && tables.settled());
    }

    /** Each app runs exactly once, as an OS process of the node the tables name. */
    void awaitProcessesMatchTables() {
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
