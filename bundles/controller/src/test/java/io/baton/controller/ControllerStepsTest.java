package io.baton.controller;

import io.baton.api.model.ClusterState;
import io.baton.api.spi.ClusterManager;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.RequestOutcome;
import io.baton.api.steps.ControllerStep;
import io.baton.api.steps.StepObserver;
import io.baton.api.testing.Await;
import io.baton.api.testing.InMemoryBroker;
import io.baton.simulator.InMemoryClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundaries the controller tells its step observers (the fault campaign halts a controller at each): in the
 * order SPEC "Processing flags" carries a decision out, with the rows written so far, and none for a decision that
 * changes nothing.
 */
class ControllerStepsTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String RULES = """
            {"cluster": "t", "servers": ["a", "b"], "apps": {"AP1": {"primary": "a"}, "AP2": {"primary": "b"}}}""";

    record Passed(ControllerStep step, String trigger, ClusterState written) {
        String label() {
            return step.label() + ":" + trigger;
        }
    }

    final List<Passed> passed = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean failInstructions = new AtomicBoolean();
    InMemoryBroker broker;
    InMemoryClusterManager manager;
    Controller controller;

    @BeforeEach
    void controllerOfTwoServers() {
        broker = new InMemoryBroker("t");
        manager = new InMemoryClusterManager();
        manager.memberJoined("a");
        manager.memberJoined("b");
        controller = new Controller(broker.node("a"), ControllerClusterTest.config(30));
        controller.bindStepObserver((step, trigger, written) -> passed.add(new Passed(step, trigger, written)));
        controller.bindClusterManager(failing(manager));
        manager.addListener(controller::viewChanged);
        broker.node("a").putRules(new DeployedRules("rules.json", RULES, 1, Instant.now()));
    }

    @AfterEach
    void stop() {
        controller.deactivate();
        broker.close();
    }

    /** The cluster manager, whose instructions fail while {@link #failInstructions} is set. */
    private ClusterManager failing(ClusterManager real) {
        return (ClusterManager) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ClusterManager.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("execute") && failInstructions.get()) {
                        throw new ClusterManagerException("refused for the test: " + args[0]);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private List<String> labels() {
        synchronized (passed) {
            return passed.stream().map(Passed::label).toList();
        }
    }

    @Test
    void a_decision_passes_every_boundary_in_order_with_the_rows_written_so_far() {
        Await.until("the cluster start recorded", WAIT, () -> labels().contains("recorded:start"));
        List<String> labels = labels();
        int instructions = (int) labels.stream().filter("instructed:start"::equals).count();
        assertThat(instructions).as("one boundary per instruction (two starts, two backups)").isEqualTo(4);
        List<String> expected = new ArrayList<>(List.of("took-over:takeover", "decided:start", "intended-rows:start"));
        expected.addAll(Collections.nCopies(instructions, "instructed:start"));
        expected.addAll(List.of("confirmed:start", "settled-rows:start", "recorded:start"));
        assertThat(labels.subList(0, expected.size())).isEqualTo(expected);

        Passed intended = passed.get(2);
        assertThat(intended.written().apps().values()).as("the intended rows carry their flags")
                .allMatch(app -> app.processing());
        Passed settled = passed.get(expected.size() - 2);
        assertThat(settled.written().apps().values()).as("the settled rows do not")
                .noneMatch(app -> app.processing()).hasSize(2);
        assertThat(passed.get(1).written().apps()).as("nothing written when decided").isEmpty();
    }

    @Test
    void a_failed_instruction_ends_the_decision_after_its_intended_rows_and_the_periodic_checks_pass_none()
            throws Exception {
        Await.until("the cluster start recorded", WAIT, () -> labels().contains("recorded:start"));
        int before = passed.size();
        // a load check that changes nothing (equal loads): on the controller's loop before the request below
        controller.submit(new io.baton.api.decision.Trigger.LoadTick());

        failInstructions.set(true);
        OperatorRequest move = new OperatorRequest(UUID.randomUUID().toString(), OperatorRequest.Action.MOVE, "AP1",
                Optional.of("b"), "a", Instant.now());
        RequestOutcome outcome = controller.request(move, WAIT).orElseThrow();
        assertThat(outcome.accepted()).isFalse();
        Await.until("the failed move recorded", WAIT, () -> labels().contains("recorded:move"));
        assertThat(labels().subList(before, labels().indexOf("recorded:move") + 1))
                .as("the tick passed no boundary; the move none after its failed instruction")
                .containsExactly("decided:move", "intended-rows:move", "recorded:move");
    }
}
