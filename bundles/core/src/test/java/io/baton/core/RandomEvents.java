package io.baton.core;

import io.baton.api.decision.Decision;
import io.baton.api.decision.Trigger;
import io.baton.api.model.AppRule;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Placement;

import java.util.ArrayList;
import java.util.List;

/** Random events for the property tests: each drawn step becomes an event that can happen in the cluster now. */
final class RandomEvents {
    private RandomEvents() {
    }

    /** One step: its kind, and two numbers that pick the server/app/load it is about. */
    record Step(int kind, int pick, int value) {
    }

    /** Turns a random step into a trigger that can happen now, or null when there is none of that kind. */
    static Trigger pick(TestCluster cluster, Step step) {
        ClusterState s = cluster.state;
        List<String> up = new ArrayList<>(s.upServers());
        List<String> notUp = new ArrayList<>(cluster.rules.servers());
        notUp.removeAll(up);
        List<String> running = s.apps().values().stream().filter(AppStatus::isRunning).map(AppStatus::name).toList();
        List<String> apps = cluster.rules.apps().stream().map(AppRule::name).toList();
        return switch (step.kind()) {
            case 0 -> up.isEmpty() ? null : new Trigger.ServerFailed(at(up, step.pick()), Placement.EMPTY);
            case 1 -> up.isEmpty() ? null : new Trigger.ServerDetached(at(up, step.pick()));
            case 2 -> notUp.isEmpty() ? null : new Trigger.ServerJoined(at(notUp, step.pick()));
            case 3 -> notUp.isEmpty() ? null : new Trigger.ServerAttached(at(notUp, step.pick()));
            case 4 -> {
                cluster.loads(at(cluster.rules.servers(), step.pick()), step.value());
                yield new Trigger.LoadTick();
            }
            case 5 -> running.isEmpty() ? null : new Trigger.AppFailed(at(running, step.pick()), Placement.EMPTY);
            default -> {
                if (apps.isEmpty() || up.isEmpty()) {
                    yield null;
                }
                String app = at(apps, step.pick());
                List<String> allowed = new ArrayList<>(cluster.rules.effectiveRule(app, s.upServers()).allowed());
                allowed.retainAll(up);
                yield allowed.isEmpty() ? null : new Trigger.MoveRequested(app, at(allowed, step.value()));
            }
        };
    }

    /** Decides the event; a failure is first taken over by the model cluster manager, as a real one would. */
    static Decision decide(TestCluster cluster, Trigger trigger) {
        if (trigger instanceof Trigger.ServerFailed f) {
            return cluster.fail(f.server());
        }
        if (trigger instanceof Trigger.AppFailed f) {
            return cluster.appFail(f.app());
        }
        return cluster.decide(trigger);
    }

    static <T> T at(List<T> list, int i) {
        return list.get(Math.floorMod(i, list.size()));
    }
}
