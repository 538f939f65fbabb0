package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.decision.Trigger;
import io.baton.api.model.ServerChange;
import io.baton.api.model.ServerState;

import java.util.BitSet;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * SPEC "Initial start": the cluster forms with up set C. Each application in app order runs on its
 * primary when that is given and placeable, else on the placeable server running the fewest
 * applications so far (ties: priority order); placeable nowhere, it stays stopped. Then every backup by
 * {@link BackupSelection}.
 */
final class InitialStart {
    private InitialStart() {
    }

    static void apply(Workspace ws, Trigger.ClusterStarted trigger) {
        BitSet startingUp = new BitSet(ws.servers);
        for (String name : trigger.up()) {
            startingUp.set(TriggerChecks.server(ws, name, "start the cluster with " + name));
        }
        for (int s = 0; s < ws.servers; s++) {
            ws.setServerState(s, startingUp.get(s) ? ServerState.UP : ServerState.DOWN, ServerChange.NONE);
        }
        for (int a = 0; a < ws.apps; a++) {
            ws.setRunning(a, Workspace.NONE, null);
        }

        // Up servers ordered by (applications so far, priority); re-inserted whenever a count changes.
        TreeSet<Integer> byCount = new TreeSet<>(Comparator.<Integer>comparingInt(s -> ws.appCount[s])
                .thenComparingInt(s -> s));
        ws.up.stream().forEach(byCount::add);

        for (int a : ws.book.order) {
            EffectiveApp rule = ws.rule(a);
            int target;
            String why;
            if (rule.primary != Workspace.NONE && Headroom.placeable(ws, a, rule.primary)) {
                target = rule.primary;
                why = "its primary";
            } else {
                target = fewestApps(ws, a, rule, byCount);
                String whyNotPrimary = rule.primary == Workspace.NONE ? null : !ws.isUp(rule.primary)
                        ? "its primary " + ws.serverName(rule.primary) + " is not up"
                        : Headroom.whyNotPlaceable(ws, a, rule.primary);
                why = (whyNotPrimary == null ? "" : whyNotPrimary + ": ") + "the allowed server running the fewest apps";
            }
            if (target == Workspace.NONE) {
                ws.runningWhy[a] = (ws.book.constrained ? Headroom.nowhere(ws, a) : "no allowed server is up")
                        + ": stays stopped";
                continue;
            }
            byCount.remove(target);
            ws.setRunning(a, target, "cluster start: " + why);
            byCount.add(target);
            ws.instruct(new Instruction.Start(ws.appName(a), ws.serverName(target)));
        }
        new BackupSelection(ws).recomputeAll();
    }

    private static int fewestApps(Workspace ws, int app, EffectiveApp rule, TreeSet<Integer> byCount) {
        if (rule.allowsAll) {
            if (!ws.book.constrained) {
                return byCount.isEmpty() ? Workspace.NONE : byCount.first();
            }
            for (int s : byCount) {
                if (Headroom.placeable(ws, app, s)) {
                    return s;
                }
            }
            return Workspace.NONE;
        }
        int best = Workspace.NONE;
        for (int s : rule.allowed) {
            if (Headroom.placeable(ws, app, s) && (best == Workspace.NONE || ws.appCount[s] < ws.appCount[best])) {
                best = s;
            }
        }
        return best;
    }
}
