package io.baton.itests.pacemaker;

import io.baton.adapter.pacemaker.PacemakerClusterManager;
import io.baton.adapter.pacemaker.PacemakerConfig;
import io.baton.api.decision.Decision;
import io.baton.api.decision.Instruction;
import io.baton.api.decision.Trigger;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.Registration;
import io.baton.api.testing.Configs;
import io.baton.core.DecisionEngine;
import io.baton.simulator.Scenario;
import io.baton.simulator.ScenarioReader;
import io.baton.simulator.Simulation;
import io.baton.simulator.SimulationStep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Pacemaker adapter against a real 3-node Pacemaker 2.1 / Corosync 3 cluster in namespaces (see
 * {@link PacemakerNodes}), three Dummy resources AP1..AP3 as Baton's applications. The adapter runs its
 * commands inside a node through the nsenter prefix. Baton's pure core decides, as the simulator does;
 * Pacemaker itself performs the takeover to Baton's backup.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealPacemakerTest {
    private static final List<String> APPS = List.of("AP1", "AP2", "AP3");
    private static final String SCENARIO = """
            { "rules": { "cluster": "pm", "servers": ["n1", "n2", "n3"],
                         "apps": { "AP1": { "primary": "n1" }, "AP2": { "primary": "n2" }, "AP3": { "primary": "n3" } } },
              "up": ["n1", "n2", "n3"],
              "steps": [ { "fail": "n2" }, { "join": "n2" } ] }""";
    private static final int KILLS = 10;

    private static PacemakerNodes nodes;
    private static final List<PacemakerClusterManager> adapters = new ArrayList<>();
    private static Scenario scenario;
    private static List<SimulationStep> predicted;
    private static ClusterState state;
    private static final DecisionEngine engine = new DecisionEngine();

    @BeforeAll
    static void cluster() throws Exception {
        PacemakerNodes.cleanLeftovers();
        long start = System.nanoTime();
        nodes = PacemakerNodes.startOrSkip(3, APPS);
        PacemakerClusterManager cm = adapter(1);
        Await.until("3 quorate Pacemaker members", Duration.ofSeconds(60), () -> viewOrNull(cm),
                v -> v.members().size() == 3);
        System.out.printf("[pacemaker] cold start to 3 quorate members: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        scenario = ScenarioReader.read("pacemaker.json", SCENARIO, p -> {
            throw new java.io.IOException("no files");
        });
        predicted = new Simulation(new DecisionEngine()).run(scenario);
    }

    @AfterAll
    static void cleanUp() {
        adapters.forEach(PacemakerClusterManager::close);
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    @Order(1)
    void anUnreachableClusterIsAnErrorNeverNoMembers() {
        // this machine itself runs no Pacemaker: crm_mon cannot connect
        PacemakerClusterManager host = register(new PacemakerClusterManager(Configs.of(PacemakerConfig.class,
                Map.of("commandTimeoutMillis", 10000))));
        assertThatThrownBy(host::view).isInstanceOf(ClusterManagerException.class)
                .hasMessageStartingWith("Pacemaker cluster unreachable: crm_mon --one-shot --output-as=xml exited with code 102")
                .hasMessageContaining("Connection to cluster failed");
        // a node that is gone: the prefix itself fails, and says so
        PacemakerClusterManager gone = register(new PacemakerClusterManager(Configs.of(PacemakerConfig.class,
                Map.of("commandPrefix", "nsenter -t 2147483646 -n -m -p -u --"))));
        assertThatThrownBy(gone::view).isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("Pacemaker cluster unreachable: nsenter -t 2147483646").hasMessageContaining("nsenter:");
    }

    @Test
    @Order(2)
    void theCoresInitialStartPutsEveryResourceWhereAsked() throws Exception {
        PacemakerClusterManager cm = adapter(1);
        state = initialState();
        Decision first = engine.decide(scenario.rules(), state, new Trigger.ClusterStarted(scenario.up()));
        carryOut(cm, first);
        state = first.settled();
        assertThat(apps(state)).isEqualTo(apps(predicted.get(0).tables()));

        ClusterView view = cm.view();
        assertThat(view.placement().running()).isEqualTo(Map.of("AP1", "n1", "AP2", "n2", "AP3", "n3"));
        assertThat(view.backups()).isEqualTo(backups(state));
        // Pacemaker's own word, not the adapter's
        assertThat(crmMon(3)).isEqualTo(Map.of("AP1", "n1", "AP2", "n2", "AP3", "n3"));
        String constraints = nodes.exec(2, "cibadmin", "--query", "--scope", "constraints");
        for (String app : APPS) {
            assertThat(constraints).contains("id=\"baton-" + app + "\"", "id=\"baton-run-" + app + "\"",
                    "id=\"baton-backup-" + app + "\"", "id=\"baton-only-" + app + "\"");
        }
        assertThat(nodes.exec(1, "crm_resource", "--resource", "AP1", "--meta", "--get-parameter", "resource-stickiness"))
                .contains("150");
    }

    @Test
    @Order(3)
    void aKilledNodesAppIsTakenOverByPacemakerToBatonsBackupAndTheCoreReplansAsSimulated() throws Exception {
        PacemakerClusterManager cm = adapter(1);
        String backupOfAp2 = cm.view().backups().get("AP2");
        assertThat(backupOfAp2).isEqualTo("n1");

        long killed = System.nanoTime();
        nodes.kill(2);
        Duration takeover = Await.until("AP2 started on its backup " + backupOfAp2, Duration.ofSeconds(30),
                () -> crmMonOrNull(1), running -> backupOfAp2.equals(running.get("AP2")));
        System.out.printf("[pacemaker] n2 killed -> AP2 Started on n1 (crm_mon): %d ms%n", takeover.toMillis());

        ClusterView view = Await.until(cm, "a view without n2", v -> !v.members().contains("n2"));
        assertThat(view.members()).containsExactly("n1", "n3");
        assertThat(view.placement().running()).isEqualTo(Map.of("AP1", "n1", "AP2", "n1", "AP3", "n3"));

        Decision leave = engine.decide(scenario.rules(), state, new Trigger.ServerFailed("n2", view.placement()));
        carryOut(cm, leave);
        state = leave.settled();
        assertThat(apps(state)).isEqualTo(apps(predicted.get(1).tables()));
        assertThat(cm.view().backups()).isEqualTo(backups(state));

        // the node comes back: a member again, and Pacemaker does not hand anything back on its own
        long restart = System.nanoTime();
        nodes.start(2);
        Await.until(cm, "n2 a member again", v -> v.members().contains("n2"));
        System.out.printf("[pacemaker] killed node restarted -> member again: %d ms%n", (System.nanoTime() - restart) / 1_000_000);
        // right after the join crm_mon may still show n2's history from before the kill; once probed, nothing moved
        Await.until("no failback to n2", Duration.ofSeconds(15), () -> crmMonOrNull(1),
                running -> running.equals(Map.of("AP1", "n1", "AP2", "n1", "AP3", "n3")));

        Decision join = engine.decide(scenario.rules(), state, new Trigger.ServerJoined("n2"));
        carryOut(cm, join);
        state = join.settled();
        assertThat(apps(state)).isEqualTo(apps(predicted.get(2).tables()));
        ClusterView after = cm.view();
        assertThat(after.placement()).isEqualTo(state.placement());
        assertThat(after.backups()).isEqualTo(backups(state));
        assertThat(killed).isPositive();
    }

    @Test
    @Order(4)
    void aPeriodicLoadChangeMovesTheBackupConstraint() throws Exception {
        PacemakerClusterManager cm = adapter(1);
        Map<String, String> before = cm.view().backups();
        // n2 (everyone's backup after its join) gets busy; n1 and n3 are idle
        ClusterState loaded = state.withLoad(ServerLoad.ofScore("n1", 10)).withLoad(ServerLoad.ofScore("n2", 80))
                .withLoad(ServerLoad.ofScore("n3", 20));
        Decision tick = engine.decide(scenario.rules(), loaded, new Trigger.LoadTick());
        carryOut(cm, tick);
        state = tick.settled();
        Map<String, String> expected = backups(state);
        assertThat(expected).as("the core's periodic load check").containsEntry("AP1", "n3").containsEntry("AP3", "n1");
        assertThat(expected).isNotEqualTo(before);
        // read back from Baton's constraints in the live CIB
        assertThat(cm.view().backups()).isEqualTo(expected);
        assertThat(crmMon(1)).as("nothing moved: only the backups changed")
                .isEqualTo(Map.of("AP1", "n1", "AP2", "n1", "AP3", "n3"));
    }

    @Test
    @Order(5)
    void aStoppedAppPrefersNoNodeSoThatPacemakerNeverRestartsItByItself() throws Exception {
        PacemakerClusterManager cm = adapter(1);
        assertThat(crmMon(1).get("AP3")).isEqualTo("n3");

        // Baton's stop: target-role Stopped, and no node preferred any more: even re-enabled behind Baton's back
        // (target-role Started) Pacemaker starts it nowhere
        cm.stop("AP3", "n3");
        assertThat(nodes.exec(1, "cibadmin", "--query", "--scope", "constraints"))
                .contains("id=\"baton-AP3\"").doesNotContain("baton-run-AP3", "baton-backup-AP3");
        nodes.exec(1, "crm_resource", "--resource", "AP3", "--meta", "--set-parameter", "target-role",
                "--parameter-value", "Started");
        stillStopped("AP3", Duration.ofSeconds(3));

        // left stopped: AP3 runs on n3 without a backup and n3 dies, so nothing can run it; no controller stops
        // it. When n3 returns, Pacemaker must not restart it there by itself: Baton decides (SPEC "Server joins")
        cm.start("AP3", "n3");
        cm.setBackup("AP3", Optional.empty());
        assertThat(crmMon(1).get("AP3")).isEqualTo("n3");
        // the adapter polls (and tidies) only while someone listens, as Karaf's state monitor does
        try (Registration polling = cm.addListener(v -> { })) {
            assertThat(polling).isNotNull();
            nodes.kill(3);
            Await.until("AP3's constraint no longer preferring n3", Duration.ofSeconds(30),
                    () -> nodes.exec(1, "cibadmin", "--query", "--scope", "constraints"),
                    c -> c.contains("id=\"baton-AP3\"") && !c.contains("baton-run-AP3"));
            nodes.start(3);
            Await.until(cm, "n3 a member again", v -> v.members().contains("n3"));
            // right after the rejoin crm_mon may still list n3's history from before the kill (AP3 Started
            // there): once n3 is probed it must show AP3 stopped, and keep it so
            settledCrmMon(1, "AP3 reported stopped after n3 rejoined", r -> !r.containsKey("AP3"));
            stillStopped("AP3", Duration.ofSeconds(4));
        }

        // Baton decides: back on n3 with the backup the tables give it
        cm.start("AP3", "n3");
        cm.setBackup("AP3", Optional.ofNullable(backups(state).get("AP3")));
        assertThat(crmMon(1)).isEqualTo(state.placement().running());
        assertThat(cm.view().backups()).isEqualTo(backups(state));
    }

    /** crm_mon (inside n1) never shows the resource Started during the whole period. */
    private static void stillStopped(String resource, Duration period) throws InterruptedException {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            Map<String, String> running = crmMonOrNull(1);
            assertThat(running == null ? null : running.get(resource)).as("%s started by Pacemaker itself", resource)
                    .isNull();
            Thread.sleep(200);
        }
    }

    @Test
    @Order(6)
    void takeoverTimesOverRepeatedKills() throws Exception {
        List<Long> takeovers = new ArrayList<>();
        List<Long> seenByAdapter = new ArrayList<>();
        List<Long> rejoins = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {
            int observer = anyAliveExcept(-1);
            PacemakerClusterManager cm = adapter(observer);
            ClusterView view = Await.until(cm, "3 members", v -> v.members().size() == 3);
            String runner = view.placement().running().get("AP1");
            int victim = Integer.parseInt(runner.substring(1));
            String backup = "n" + (victim % 3 + 1);
            cm.setBackup("AP1", Optional.of(backup));
            int watch = victim == observer ? Integer.parseInt(backup.substring(1)) : observer;
            PacemakerClusterManager watcher = adapter(watch);

            long t0 = System.nanoTime();
            nodes.kill(victim);
            Await.until("AP1 started on " + backup, Duration.ofSeconds(30), () -> crmMonOrNull(watch),
                    running -> backup.equals(running.get("AP1")));
            takeovers.add((System.nanoTime() - t0) / 1_000_000);
            Await.until(watcher, "AP1 on " + backup + " in the adapter's view",
                    v -> backup.equals(v.placement().running().get("AP1")) && !v.members().contains(runner));
            seenByAdapter.add((System.nanoTime() - t0) / 1_000_000);

            long t1 = System.nanoTime();
            nodes.start(victim);
            Await.until(watcher, runner + " a member again", v -> v.members().contains(runner));
            rejoins.add((System.nanoTime() - t1) / 1_000_000);
            // right after the rejoin crm_mon may still list the node's history from before the kill (AP1 on two
            // nodes, or not yet probed): wait until it reports AP1 on one node, then nothing may have moved
            Map<String, String> settled = settledCrmMon(watch, "crm_mon settled after " + runner + " rejoined",
                    r -> r.containsKey("AP1"));
            assertThat(settled.get("AP1")).as("no failback to %s", runner).isEqualTo(backup);
        }
        System.out.printf("[pacemaker] %d kills of AP1's node (2-core VM, token 500 ms): kill -> Started on backup "
                        + "(crm_mon) p50 %d ms, p99 %d ms; -> adapter view p50 %d ms, p99 %d ms; restart -> member p50 %d ms, "
                        + "p99 %d ms; raw %s%n", KILLS, pct(takeovers, 50), pct(takeovers, 99), pct(seenByAdapter, 50),
                pct(seenByAdapter, 99), pct(rejoins, 50), pct(rejoins, 99), takeovers);
        assertThat(takeovers).allMatch(ms -> ms < 30_000);
    }

    @Test
    @Order(7)
    void releasingAppsRemovesBatonsConstraintsCleanly() throws Exception {
        int via = anyAliveExcept(-1);
        PacemakerClusterManager cm = adapter(via);
        Map<String, String> before = settledCrmMon(via, "every resource reported on one node",
                r -> r.keySet().containsAll(APPS));
        assertThat(cm.placedApps()).containsExactlyInAnyOrderElementsOf(APPS);

        assertThat(cm.retainOnly(List.of("AP1"))).containsExactlyInAnyOrder("AP2", "AP3");
        String constraints = nodes.exec(via, "cibadmin", "--query", "--scope", "constraints");
        assertThat(constraints).contains("baton-AP1").doesNotContain("baton-AP2", "baton-AP3");
        assertThat(cm.view().backups()).containsOnlyKeys("AP1");

        cm.release("AP1");
        cm.release("AP1"); // idempotent
        assertThat(nodes.exec(via, "cibadmin", "--query", "--scope", "constraints")).doesNotContain("baton-");
        assertThat(cm.placedApps()).isEmpty();
        assertThat(cm.view().backups()).isEmpty();
        // the stickiness stays: released resources keep running where they ran
        assertThat(crmMon(via)).isEqualTo(before);
        cm.release("AP1", true);
        assertThat(nodes.exec(via, "crm_resource", "--resource", "AP1", "--meta", "--get-parameter", "resource-stickiness"))
                .doesNotContain("150");
    }

    @Test
    @Order(8)
    void aPartitionWithoutQuorumIsAnError() {
        int survivor = anyAliveExcept(-1);
        for (int i = 1; i <= nodes.count(); i++) {
            if (i != survivor && nodes.alive(i)) {
                nodes.kill(i);
            }
        }
        PacemakerClusterManager cm = adapter(survivor);
        Await.until("the lone node to lose quorum", Duration.ofSeconds(30), () -> {
            try {
                cm.view();
                return null;
            } catch (ClusterManagerException e) {
                return e.getMessage();
            }
        }, m -> m.contains("not quorate"));
        assertThatThrownBy(cm::view).isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("Pacemaker partition is not quorate").hasMessageContaining("online: n" + survivor);
    }

    // ---- helpers ----

    private static PacemakerClusterManager adapter(int via) {
        return register(new PacemakerClusterManager(Configs.of(PacemakerConfig.class, Map.of(
                "commandPrefix", nodes.prefix(via), "pollIntervalMillis", 200, "commandTimeoutMillis", 15000,
                "settleTimeoutMillis", 20000))));
    }

    private static PacemakerClusterManager register(PacemakerClusterManager cm) {
        adapters.add(cm);
        return cm;
    }

    private static int anyAliveExcept(int not) {
        for (int i = 1; i <= nodes.count(); i++) {
            if (i != not && nodes.alive(i)) {
                return i;
            }
        }
        throw new IllegalStateException("no node alive");
    }

    private static ClusterView viewOrNull(PacemakerClusterManager cm) {
        try {
            return cm.view();
        } catch (ClusterManagerException e) {
            return null;
        }
    }

    private static void carryOut(PacemakerClusterManager cm, Decision decision) throws ClusterManagerException {
        for (Instruction instruction : decision.instructions()) {
            cm.execute(instruction);
        }
    }

    private static ClusterState initialState() {
        Map<String, ServerStatus> servers = new LinkedHashMap<>();
        scenario.rules().servers().forEach(s -> servers.put(s, ServerStatus.down(s)));
        return new ClusterState(servers, Map.of(), Map.of());
    }

    private static Map<String, List<Optional<String>>> apps(ClusterState tables) {
        Map<String, List<Optional<String>>> out = new LinkedHashMap<>();
        for (AppStatus a : tables.apps().values()) {
            out.put(a.name(), List.of(a.running(), a.backup()));
        }
        return out;
    }

    private static Map<String, String> backups(ClusterState tables) {
        Map<String, String> out = new LinkedHashMap<>();
        tables.apps().values().forEach(a -> a.backup().ifPresent(b -> out.put(a.name(), b)));
        return out;
    }

    /** crm_mon inside the node, once the predicate accepts it (at most 15 s). */
    private static Map<String, String> settledCrmMon(int node, String what,
                                                     java.util.function.Predicate<Map<String, String>> ok) {
        List<Map<String, String>> last = new ArrayList<>(List.of(Map.of()));
        Await.until(what, Duration.ofSeconds(15), () -> {
            Map<String, String> r = crmMonOrNull(node);
            if (r != null) {
                last.set(0, r);
            }
            return r;
        }, r -> r != null && ok.test(r));
        return last.get(0);
    }

    private static Map<String, String> crmMonOrNull(int node) {
        try {
            return crmMon(node);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Where each resource is Started, by crm_mon run inside a node, parsed here independently of the adapter. */
    private static Map<String, String> crmMon(int node) {
        String xml = nodes.exec(node, "crm_mon", "--one-shot", "--output-as=xml");
        try {
            Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            Map<String, String> running = new LinkedHashMap<>();
            NodeList resources = root.getElementsByTagName("resource");
            for (int i = 0; i < resources.getLength(); i++) {
                Element r = (Element) resources.item(i);
                NodeList on = r.getElementsByTagName("node");
                if ("Started".equals(r.getAttribute("role")) && on.getLength() == 1) {
                    running.put(r.getAttribute("id"), ((Element) on.item(0)).getAttribute("name"));
                }
            }
            return running;
        } catch (Exception e) {
            throw new IllegalStateException("crm_mon in n" + node + " printed: " + xml, e);
        }
    }

    private static long pct(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Awaits a view that the predicate accepts; failing views (a cluster in transition) are retried. */
    private static final class Await {
        static ClusterView until(PacemakerClusterManager cm, String what, java.util.function.Predicate<ClusterView> ok) {
            ClusterView[] last = new ClusterView[1];
            io.baton.api.testing.Await.until(what, Duration.ofSeconds(30), () -> {
                last[0] = viewOrNull(cm);
                return last[0];
            }, ok);
            return last[0];
        }

        static <T> Duration until(String what, Duration timeout, java.util.function.Supplier<T> value,
                                  java.util.function.Predicate<? super T> ok) {
            return io.baton.api.testing.Await.until(what, timeout, value, ok);
        }

        static Duration until(String what, Duration timeout, java.util.function.BooleanSupplier ok) {
            return io.baton.api.testing.Await.until(what, timeout, ok);
        }
    }

}
