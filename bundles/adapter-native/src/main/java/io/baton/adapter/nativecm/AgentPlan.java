package io.baton.adapter.nativecm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What one node's agent must do to bring its processes in line with the assignments, including the
 * cluster manager's own takeovers (SPEC "Server leaves" step 1 and "Application failure"). Pure:
 * the agent executes the actions, so every rule here is tested without processes or a store.
 */
final class AgentPlan {

    sealed interface Action permits Stop, Start, Assign, Forget {
        String app();
    }

    /** Stop the local process of the app. */
    record Stop(String app, String why) implements Action {
    }

    /** Start the app here. */
    record Start(String app, String why) implements Action {
    }

    /** Write a new assignment (next epoch). */
    record Assign(String app, Optional<String> server, Optional<String> backup, String why) implements Action {
    }

    /** A failure recorded here needs no hand-over any more (the app is no longer assigned here). */
    record Forget(String app) implements Action {
    }

    private AgentPlan() {
    }

    /**
     * The plan of a made-up takeover by {@code me}: run once when the agent starts, so that its first real
     * takeover finds the code on this path loaded and linked (a node often runs it for the first time, at
     * the one moment when milliseconds count).
     */
    static List<Action> warmUp(String me) {
        String left = me + "-warm-up-server";
        Observation obs = new Observation(Set.of(me),
                Map.of("warm-up-app", new Assignment(Optional.of(left), Optional.of(me), 1)),
                Map.of(me, new NodeReport(Map.of(), Set.of(), Map.of(), "warm-up",
                        Instant.EPOCH)));
        return plan(me, obs, Set.of(), Set.of(), Set.of(), server -> true, server -> true);
    }

    /**
     * @param me       this node
     * @param obs      the cluster as this node sees it (its own pending writes included)
     * @param running  apps with a process here (stopping ones included)
     * @param stopping apps whose process here was asked to stop
     * @param failed   apps that failed here (died or could not start) and are not handed over yet
     * @param judgeable whether this node may act on a server's absence: not just after it (re)connected, when
     *                  the others may be reconnecting too (e.g. after a broker restart), unless it saw that
     *                  server live since then and so watched it leave
     * @param confirmed whether a server's absence is confirmed: the broker answered this node after it saw the
     *                  server go (a broker shutting down may first send the Wills of the clients it drops).
     *                  Only recording an app as stopped waits for it; a takeover by the backup does not
     */
    static List<Action> plan(String me, Observation obs, Set<String> running, Set<String> stopping, Set<String> failed,
                             Predicate<String> judgeable, Predicate<String> confirmed) {
        List<Action> actions = new ArrayList<>();
        for (String app : new TreeSet<>(running)) {
            Optional<Assignment> a = obs.assignment(app);
            if (!stopping.contains(app) && a.map(x -> !x.isOn(me)).orElse(true)) {
                actions.add(new Stop(app, a.isEmpty() ? "it has no assignment"
                        : "it is assigned to " + a.get().server().orElse("no server")));
            }
        }
        Set<String> handedOver = new HashSet<>();
        for (String app : new TreeSet<>(failed)) {
            Optional<Assignment> a = obs.assignment(app).filter(x -> x.isOn(me));
            if (a.isEmpty()) {
                actions.add(new Forget(app));
                continue;
            }
            Optional<String> backup = a.get().backup().filter(obs::isLive).filter(b -> !b.equals(me));
            actions.add(new Assign(app, backup, Optional.empty(), backup
                    .map(b -> "it failed on " + me + ": its backup " + b + " takes it over")
                    .orElse("it failed on " + me + " and has no live backup: stopped")));
            handedOver.add(app);
        }
        Set<String> takenOver = new HashSet<>();
        // The first live node with an agent (a report) records stops, so exactly one node writes them.
        String recorder = obs.reports().keySet().stream().sorted().findFirst().orElse(me);
        obs.assignments().forEach((app, a) -> {
            if (a.server().isEmpty() || a.isOn(me) || obs.isLive(a.server().get()) || !judgeable.test(a.server().get())) {
                return;
            }
            String server = a.server().get();
            if (a.backsUp(me)) {
                actions.add(new Assign(app, Optional.of(me), Optional.empty(),
                        "its server " + server + " left: taken over by its backup " + me));
                takenOver.add(app);
            } else if (a.backup().filter(obs::isLive).isEmpty() && me.equals(recorder) && confirmed.test(server)
                    && a.backup().map(confirmed::test).orElse(true)) {
                // Recorded so the app does not restart by itself when its server returns (SPEC: it is stopped).
                actions.add(new Assign(app, Optional.empty(), Optional.empty(),
                        "its server " + server + " left and it has no live backup: stopped"));
            }
        });
        obs.assignments().forEach((app, a) -> {
            boolean mine = (a.isOn(me) && !handedOver.contains(app)) || takenOver.contains(app);
            if (!mine || running.contains(app) || failed.contains(app)) {
                return;
            }
            Set<String> elsewhere = new TreeSet<>(obs.reporters(app));
            elsewhere.remove(me);
            if (elsewhere.isEmpty()) {
                // Never start while another live node still reports it (e.g. a move waits for the old stop).
                actions.add(new Start(app, takenOver.contains(app) ? "taking over from " + a.server().orElse("?")
                        : "assigned to " + me));
            }
        });
        return actions;
    }
}
