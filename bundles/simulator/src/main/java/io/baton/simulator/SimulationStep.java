package io.baton.simulator;

import com.google.gson.JsonObject;
import io.baton.api.decision.Instruction;
import io.baton.api.decision.Reason;
import io.baton.api.model.ClusterState;

import java.util.List;

/**
 * The outcome of one scenario step.
 *
 * @param event        the step as written ({@code {"start": [...]}} for the initial start)
 * @param tables       the tables after the step
 * @param instructions what the controller told the cluster manager, in order
 * @param reasons      why each row changed
 */
public record SimulationStep(JsonObject event, ClusterState tables, List<Instruction> instructions, List<Reason> reasons) {
    public SimulationStep {
        event = event.deepCopy();
        instructions = List.copyOf(instructions);
        reasons = List.copyOf(reasons);
    }

    /** The event's JSON; a copy, so callers cannot change this step. */
    @Override
    public JsonObject event() {
        return event.deepCopy();
    }
}
