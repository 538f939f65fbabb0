package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.decision.Trigger;
import io.baton.api.model.ServerChange;
import io.baton.api.model.ServerState;

import java.util.BitSet;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * SPEC "Initial start": the cluster forms with up set C. Each application in order runs on its
 * primary when that is given, up and allowed, else on the allowed up server running the fewest
 * applications so far (ties: priority order). Then every backup by {@link BackupSelection}.
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

        for (int a = 0; a < ws.apps; a++) {
            EffectiveApp rule = ws.rule(a);
            int target;
            String why;
            if (rule.primary != Workspace.NONE && ws.isUp(rule.primary) && rule.allows(rule.primary)) {
                target = rule.primary;
                why = "its primary";
            } else {
                target = fewestApps(ws, rule, byCount);
                why = rule.primary == Workspace.NONE ? "the allowed server running the fewest apps"
                        : "its primary " + ws.serverName(rule.primary) + " is not up: the allowed server running the fewest apps";
            }
            if (target == Workspace.NONE) {
                ws.runningWhy[a] = "no allowed server is up: stays stopped";
                continue;
            }
            byCount.remove(target);
            ws.setRunning(a, target, "cluster start: " + why);
            byCount.add(target);
            ws.instruct(new Instruction.Start(ws.appName(a), ws.serverName(target)));
        }
        new BackupSelection(ws).recomputeAll();
    }

    private static int fewestApps(Workspace ws, EffectiveApp rule, TreeSet<Integer> byCount) {
        if (rule.allowsAll) {
            return byCount.isEmpty() ? Workspace.NONE : byCount.first();
        }
        int best = Workspace.NONE;
        for (int s : rule.allowed) {
            if (ws.isUp(s) && (best == Workspace.NONE || ws.appCount[s] < ws.appCount[best])) {
                best = s;
            }
        }
        return best;
    }
}
