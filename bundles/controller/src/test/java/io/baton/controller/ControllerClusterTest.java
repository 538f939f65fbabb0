package io.baton.controller;

import io.baton.api.decision.Trigger;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.ServerState;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.RequestOutcome;
import io.baton.api.testing.Await;
import io.baton.api.testing.Configs;
import io.baton.api.testing.InMemoryBroker;
import io.baton.core.DecisionEngine;
import io.baton.rules.RuleFiles;
import io.baton.simulator.InMemoryClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes' controllers on one in-memory broker, sharing one in-memory cluster manager (as a
 * Pacemaker cluster is shared). A listener forwards the cluster manager's view changes to every
 * controller, as each node's state monitor does.
 */
class ControllerClusterTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String RULES = """
            {"cluster": "t", "servers": ["a", "b", "c", "d"],
             "apps": {"AP1": {"primary": "a"}, "AP2": {"primary": "b"}, "AP3": {"primary": "c"}}}""";

    InMemoryBroker broker;
    InMemoryClusterManager manager;
    final Map<String, Controller> controllers = new LinkedHashMap<>();

    static ControllerConfig config(int formationSeconds) {
        return Configs.of(ControllerConfig.class, Map.of("formationTimeoutSeconds", formationSeconds, "retryDelaySeconds", 1));
    }

    @BeforeEach
    void cluster() {
        broker = new InMemoryBroker("t");
        manager = new InMemoryClusterManager();
        manager.addListener(view -> controllers.values().forEach(c -> c.viewChanged(view)));
        for (String node : List.of("a", "b", "c", "d")) {
            start(node);
        }
    }

    @AfterEach
    void stop() {
        controllers.values().forEach(Controller::deactivate);
        broker.close();
    }

    private Controller start(String node) {
        manager.memberJoined(node);
        Controller controller = new Controller(broker.node(node), config(30));
        controller.bindClusterManager(manager);
        controllers.put(node, controller);
        return controller;
    }

    private void deploy(String text, long revision) {
        broker.node("c").putRules(new DeployedRules("rules.json", text, revision, Instant.now()));
    }

    private ClusterState tables() {
        return broker.node("c").snapshot().tables();
    }

    private String apps() {
        return tables().apps().values().stream().map(a -> a.name() + "@" + a.running().orElse("-") + ">" + a.backup().orElse("-")
                + (a.processing() ? "*" : "")).collect(Collectors.joining(" "));
    }

    private void awaitApps(String expected) {
        Await.until("apps " + expected, WAIT, this::apps, expected::equals);
    }

    private RequestOutcome request(String from, OperatorRequest.Action action, String subject, String target) throws Exception {
        OperatorRequest request = new OperatorRequest(UUID.randomUUID().toString(), action, subject,
                Optional.ofNullable(target), from, Instant.now());
        return controllers.get(from).request(request, WAIT).orElseThrow(() -> new AssertionError("no answer to " + request));
    }

    @Test
    void the_first_server_becomes_controller_and_forms_the_cluster_as_the_core_decides() throws Exception {
        deploy(RULES, 1);
        Await.until("a is controller", WAIT, () -> controllers.get("a").isActive());
        var expected = new DecisionEngine().decide(RuleFiles.parse("r", RULES), ClusterState.EMPTY,
                new Trigger.ClusterStarted(List.of("a", "b", "c", "d"))).settled();
        awaitApps(expected.apps().values().stream().map(a -> a.name() + "@" + a.running().orElse("-") + ">" + a.backup().orElse("-"))
                .collect(Collectors.joining(" ")));
        assertThat(manager.view().placement().running()).isEqualTo(Map.of("AP1", "a", "AP2", "b", "AP3", "c"));
        assertThat(manager.view().backups()).isEqualTo(Map.of("AP1", "d", "AP2", "d", "AP3", "d"));
        assertThat(broker.node("c").snapshot().controller().orElseThrow().term()).isEqualTo(1);
        assertThat(controllers.values().stream().filter(Controller::isActive).count()).isEqualTo(1);
        Await.until("history records the start", WAIT, () -> broker.node("c").snapshot().history().stream()
                .anyMatch(h -> h.trigger().equals("start with a, b, c, d")));
    }

    @Test
    void a_failed_server_is_taken_over_by_the_cluster_manager_and_backups_are_replanned() {
        deploy(RULES, 1);
        awaitApps("AP1@a>d AP2@b>d AP3@c>d");
        broker.node("b").disconnect();
        manager.memberLost("b");
        // no idle server and equal loads: priority order
        awaitApps("AP1@a>c AP2@d>a AP3@c>a");
        assertThat(tables().server("b").state()).isEqualTo(ServerState.FAILED);
        assertThat(manager.view().placement().running()).containsEntry("AP2", "d");
    }

    @Test
    void when_the_controllers_server_fails_the_next_one_takes_over_with_a_higher_term() {
        deploy(RULES, 1);
        awaitApps("AP1@a>d AP2@b>d AP3@c>d");
        broker.node("a").disconnect();
        manager.memberLost("a");
        Await.until("b is controller", WAIT, () -> controllers.get("b").isActive());
        Await.until("term 2 in the store", WAIT, () -> broker.node("c").snapshot().controller().orElseThrow().term() == 2);
        awaitApps("AP1@d>b AP2@b>c AP3@c>b");
        assertThat(tables().server("a").state()).isEqualTo(ServerState.FAILED);
        Await.until("a stops acting once it sees it lost the store", WAIT, () -> !controllers.get("a").isActive());
    }

    @Test
    void a_controller_that_takes_over_finishes_rows_left_flagged_by_a_crash() {
        deploy(RULES, 1);
        awaitApps("AP1@a>d AP2@b>d AP3@c>d");
        // A controller on a crashed before instructing: it had flagged AP3 to move to d.
        broker.node("a").putApp(new AppStatus("AP3", Optional.of("d"), Optional.of("c"), true));
        broker.node("a").disconnect();
        controllers.get("a").deactivate();
        manager.memberLost("a");
        Await.until("b is controller", WAIT, () -> controllers.get("b").isActive());
        Await.until("AP3 runs on d at the cluster manager", WAIT, () -> "d".equals(manager.view().placement().running().get("AP3")));
        Await.until("no row left flagged", WAIT, () -> tables().apps().values().stream().noneMatch(AppStatus::processing)
                && tables().app("AP1").running().equals(Optional.of("d")));
        assertThat(manager.view().placement().running().values()).as("no app runs twice or on a").doesNotContain("a");
    }

    @Test
    void operator_requests_from_any_node_reach_the_controller_and_are_answered() throws Exception {
        deploy(RULES, 1);
        awaitApps("AP1@a>d AP2@b>d AP3@c>d");
        RequestOutcome moved = request("c", OperatorRequest.Action.MOVE, "AP1", "d");
        assertThat(moved.accepted()).as(moved.message()).isTrue();
        assertThat(moved.message()).startsWith("move AP1 to d: done");
        awaitApps("AP1@d>a AP2@b>a AP3@c>a");

        RequestOutcome refused = request("d", OperatorRequest.Action.MOVE, "AP1", "q");
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.message()).isEqualTo("cannot move AP1 to q: unknown server q (servers: a, b, c, d)");

        RequestOutcome detached = request("b", OperatorRequest.Action.DETACH, "c", null);
        assertThat(detached.accepted()).as(detached.message()).isTrue();
        Await.until("c detached", WAIT, () -> tables().server("c").state() == ServerState.DETACHED);
        assertThat(manager.view().placement().running()).doesNotContainValue("c");

        RequestOutcome attached = request("b", OperatorRequest.Action.ATTACH, "c", null);
        assertThat(attached.accepted()).as(attached.message()).isTrue();
        Await.until("c up again", WAIT, () -> tables().server("c").state() == ServerState.UP);
    }

    @Test
    void deploying_rules_without_an_app_stops_it() {
        deploy(RULES, 1);
        awaitApps("AP1@a>d AP2@b>d AP3@c>d");
        deploy(RULES.replace(", \"AP3\": {\"primary\": \"c\"}", ""), 2);
        awaitApps("AP1@a>c AP2@b>c".replace(">c", ">d"));
        // the row goes with the intended tables; the stop is instructed right after them (failed once in CI when
        // asserted at once)
        Await.until("AP3 stopped by the cluster manager", WAIT,
                () -> !manager.view().placement().running().containsKey("AP3"));
    }

    @Test
    void a_new_adapter_is_reconciled_with_nothing_lost() {
        deploy(RULES, 1);
        awaitApps("AP1@a>d AP2@b>d AP3@c>d");
        InMemoryClusterManager replacement = new InMemoryClusterManager();
        List.of("a", "b", "c", "d").forEach(replacement::memberJoined);
        controllers.values().forEach(c -> c.unbindClusterManager(manager));
        controllers.values().forEach(c -> c.bindClusterManager(replacement));
        Await.until("the new cluster manager runs every app", WAIT, () -> replacement.view().placement().running()
                .equals(Map.of("AP1", "a", "AP2", "b", "AP3", "c")));
        Await.until("and has every backup", WAIT, () -> replacement.view().backups().equals(Map.of("AP1", "d", "AP2", "d", "AP3", "d")));
        awaitApps("AP1@a>d AP2@b>d AP3@c>d");
    }

    @Test
    void without_every_server_the_cluster_forms_after_the_formation_timeout() {
        broker.node("d").disconnect();
        manager.memberLost("d");
        controllers.get("a").deactivate();
        controllers.put("a", new Controller(broker.node("a"), config(1)));
        controllers.get("a").bindClusterManager(manager);
        deploy(RULES, 1);
        awaitApps("AP1@a>b AP2@b>a AP3@c>a");
        assertThat(tables().server("d").state()).isEqualTo(ServerState.DOWN);
    }
}
