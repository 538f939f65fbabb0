package io.baton.core;

import io.baton.api.decision.Decision;
import io.baton.api.decision.Instruction;
import io.baton.api.decision.Trigger;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Placement;
import io.baton.api.model.Rules;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerState;
import io.baton.api.model.ServerStatus;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster for tests: the decision engine plus a model cluster manager that takes over on its own
 * (as {@link ClusterManagerTakeover} says) and carries out the instructions. After every decision
 * it checks that carrying out the instructions yields exactly the placement the decision settled on.
 */
final class TestCluster {
    final DecisionEngine engine = new DecisionEngine();
    Rules rules;
    ClusterState state = ClusterState.EMPTY;
    Decision last;
    /** What the model cluster manager runs. */
    private final Map<String, String> managerRunning = new LinkedHashMap<>();

    private TestCluster(Rules rules) {
        this.rules = rules;
    }

    static TestCluster of(Rules rules) {
        return new TestCluster(rules);
    }

    /** Sets load scores: {@code loads("a", 10, "b", 40)}. */
    TestCluster loads(Object... serverThenLoad) {
        for (int i = 0; i < serverThenLoad.length; i += 2) {
            String server = (String) serverThenLoad[i];
            double load = ((Number) serverThenLoad[i + 1]).doubleValue();
            state = state.withLoad(ServerLoad.ofScore(server, load));
        }
        return this;
    }

    /**
     * Sets the tables directly: the up servers (the others failed) and rows written as
     * {@code "AP1@d>e"} (running d, backup e), {@code "AP1@d>-"} (no backup) or {@code "AP1@-"} (stopped).
     */
    TestCluster given(String upServers, String... rows) {
        var up = Arrays.asList(upServers.split(" "));
        Map<String, ServerStatus> servers = new LinkedHashMap<>();
        rules.servers().forEach(s -> servers.put(s, up.contains(s) ? ServerStatus.up(s)
                : new ServerStatus(s, ServerState.FAILED, io.baton.api.model.ServerChange.NONE, false)));
        Map<String, AppStatus> apps = new LinkedHashMap<>();
        rules.apps().forEach(a -> apps.put(a.name(), AppStatus.stopped(a.name())));
        managerRunning.clear();
        for (String row : rows) {
            String[] nameRest = row.split("@");
            String[] runBackup = nameRest[1].split(">");
            String running = runBackup[0];
            String backup = runBackup.length > 1 ? runBackup[1] : "-";
            apps.put(nameRest[0], running.equals("-") ? AppStatus.stopped(nameRest[0])
                    : AppStatus.of(nameRest[0], running, backup.equals("-") ? null : backup));
            if (!running.equals("-")) {
                managerRunning.put(nameRest[0], running);
            }
        }
        state = new ClusterState(servers, state.loads(), apps);
        return this;
    }

    Decision start(String... up) {
        return decide(new Trigger.ClusterStarted(Arrays.asList(up)));
    }

    Decision fail(String server) {
        Placement observed = ClusterManagerTakeover.afterServerFailure(ClusterManagerTakeover.viewOf(state), server).placement();
        managerRunning.clear();
        managerRunning.putAll(observed.running());
        return decide(new Trigger.ServerFailed(server, observed));
    }

    Decision appFail(String app) {
        Placement observed = ClusterManagerTakeover.afterAppFailure(ClusterManagerTakeover.viewOf(state), app).placement();
        managerRunning.clear();
        managerRunning.putAll(observed.running());
        return decide(new Trigger.AppFailed(app, observed));
    }

    Decision detach(String server) {
        return decide(new Trigger.ServerDetached(server));
    }

    Decision join(String server) {
        return decide(new Trigger.ServerJoined(server));
    }

    Decision attach(String server) {
        return decide(new Trigger.ServerAttached(server));
    }

    Decision tick() {
        return decide(new Trigger.LoadTick());
    }

    Decision move(String app, String to) {
        return decide(new Trigger.MoveRequested(app, to));
    }

    Decision decide(Trigger trigger) {
        last = engine.decide(rules, state, trigger);
        state = last.settled();
        for (Instruction i : last.instructions()) {
            if (i instanceof Instruction.Start s) {
                assertThat(managerRunning).as("start of a running app: %s", s).doesNotContainKey(s.app());
                managerRunning.put(s.app(), s.server());
            } else if (i instanceof Instruction.Stop s) {
                assertThat(managerRunning.remove(s.app())).as("stop: %s", s).isEqualTo(s.server());
            } else if (i instanceof Instruction.Move m) {
                assertThat(managerRunning.put(m.app(), m.to())).as("move: %s", m).isEqualTo(m.from());
            }
        }
        assertThat(managerRunning).as("placement after the instructions of %s", trigger)
                .isEqualTo(state.placement().running());
        return last;
    }

    /** The application table as {@code "AP1@d>e AP2@-"}, in rule order. */
    String apps() {
        return state.apps().values().stream().map(TestCluster::row).collect(Collectors.joining(" "));
    }

    static String row(AppStatus a) {
        return a.name() + "@" + a.running().orElse("-") + (a.running().isPresent() ? ">" + a.backup().orElse("-") : "");
    }
}
