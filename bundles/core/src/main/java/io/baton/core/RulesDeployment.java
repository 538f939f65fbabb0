package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.decision.Reason;
import io.baton.api.model.AppStatus;

import java.util.List;

/**
 * SPEC "Operator commands", deploy: a new rule file applies from the next decision on, so nothing
 * is placed now. An application the new rules no longer declare is stopped, so that nothing keeps
 * running without a rule; one they add stays stopped until a decision starts it.
 */
final class RulesDeployment {
    private RulesDeployment() {
    }

    static void apply(Workspace ws, List<Reason> extraReasons) {
        for (AppStatus row : ws.before.apps().values()) {
            if (ws.book.findApp(row.name()) >= 0 || row.running().isEmpty()) {
                continue;
            }
            String server = row.running().get();
            ws.instruct(new Instruction.Stop(row.name(), server));
            extraReasons.add(new Reason(row.name(), "no longer in the rules: stopped on " + server));
        }
    }
}
