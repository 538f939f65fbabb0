package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.decision.InvalidTriggerException;
import io.baton.api.decision.Trigger;

/**
 * SPEC "Operator commands", move: an application moves to an up server where it is placeable (allowed, room
 * for it, no app apart from it there; a stopped one is started there); then every running application's backup is
 * recomputed.
 */
final class OperatorMove {
    private OperatorMove() {
    }

    static void apply(Workspace ws, Trigger.MoveRequested trigger) {
        String action = "move " + trigger.app() + " to " + trigger.to();
        int a = TriggerChecks.app(ws, trigger.app(), action);
        int to = TriggerChecks.upServer(ws, trigger.to(), action);
        EffectiveApp rule = ws.rule(a);
        if (!rule.allows(to)) {
            throw new InvalidTriggerException("cannot " + action + ": " + trigger.to() + " is not allowed for "
                    + trigger.app() + " (allowed: " + String.join(", ", rule.rule.allowed()) + ")");
        }
        String notPlaceable = Headroom.whyNotPlaceable(ws, a, to);
        if (ws.book.constrained && notPlaceable != null) {
            throw new InvalidTriggerException("cannot " + action + ": " + notPlaceable);
        }
        int from = ws.running[a];
        if (from == to) {
            ws.runningWhy[a] = "operator move: already runs on " + trigger.to();
        } else if (from == Workspace.NONE) {
            ws.instruct(new Instruction.Start(trigger.app(), trigger.to()));
            ws.setRunning(a, to, "operator move: started");
        } else {
            ws.instruct(new Instruction.Move(trigger.app(), ws.serverName(from), trigger.to()));
            ws.setRunning(a, to, "operator move");
        }
        new BackupSelection(ws).recomputeAll();
    }
}
