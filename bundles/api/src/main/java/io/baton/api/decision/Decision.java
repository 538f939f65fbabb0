package io.baton.api.decision;

import io.baton.api.model.ClusterState;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one trigger. The controller writes {@link #intended()} to the store, sends the
 * {@link #instructions()} in order, and writes {@link #settled()} once the cluster manager
 * confirmed them (SPEC "Processing flags").
 *
 * @param trigger      what was decided about
 * @param intended     the tables with every row that an instruction is about (and the server whose
 *                     change is being handled) flagged as processing
 * @param settled      the same tables with all processing flags cleared
 * @param instructions the ordered steps for the cluster manager; placement changes first, backups after
 * @param reasons      one entry per changed row, in table order
 */
public record Decision(Trigger trigger, ClusterState intended, ClusterState settled,
                       List<Instruction> instructions, List<Reason> reasons) {
    public Decision {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(intended, "intended");
        Objects.requireNonNull(settled, "settled");
        instructions = List.copyOf(instructions);
        reasons = List.copyOf(reasons);
    }
}
