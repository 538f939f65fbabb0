package io.baton.controller;

import io.baton.api.decision.Decision;
import io.baton.api.decision.Instruction;
import io.baton.api.decision.Reason;
import io.baton.api.decision.Trigger;
import io.baton.api.model.ClusterState;
import io.baton.api.model.HistoryEntry;
import io.baton.api.spi.ClusterManager;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.SharedStore;
import io.baton.api.steps.ControllerStep;
import io.baton.api.steps.StepObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Carries one decision out (SPEC "Processing flags"): the changed rows with their flags set, then
 * the instructions, then the settled rows, then the history entry. A failed instruction leaves the
 * rows flagged, to be finished by a reconciliation.
 */
final class DecisionCarrier {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionCarrier.class);

    private final SharedStore store;
    private final String me;
    private final StepObserver observers;

    /** @param observers told each boundary a decision that changes or instructs something passes */
    DecisionCarrier(SharedStore store, StepObserver observers) {
        this.store = store;
        this.me = store.node();
        this.observers = observers;
    }

    /**
     * @param before     the tables the decision started from (only changed rows are written)
     * @param manager    the cluster manager to instruct; null when no adapter is installed
     * @param carriedOut told once every instruction is confirmed, before the settled rows are written
     * @throws ClusterManagerException if an instruction failed; the intended rows stay written
     */
    void carryOut(Trigger trigger, Decision decision, ClusterState before, ClusterManager manager, long term,
                  Consumer<Decision> carriedOut) throws ClusterManagerException {
        String kind = trigger.kind();
        // a periodic check that changes nothing passes no boundary worth telling
        StepObserver steps = decision.reasons().isEmpty() && decision.instructions().isEmpty()
                ? (step, t, written) -> { } : observers;
        steps.reached(ControllerStep.DECIDED, kind, before);
        TableWriter.write(store, before, decision.intended());
        steps.reached(ControllerStep.INTENDED_ROWS, kind, decision.intended());
        Optional<String> error = Optional.empty();
        boolean settled = false;
        try {
            execute(decision.instructions(), manager, () -> steps.reached(ControllerStep.INSTRUCTED, kind, decision.intended()));
            carriedOut.accept(decision);
            steps.reached(ControllerStep.CONFIRMED, kind, decision.intended());
            TableWriter.write(store, decision.intended(), decision.settled());
            settled = true;
            steps.reached(ControllerStep.SETTLED_ROWS, kind, decision.settled());
        } catch (ClusterManagerException e) {
            error = Optional.of(e.getMessage());
            throw e;
        } finally {
            if (record(trigger, decision, term, error)) {
                steps.reached(ControllerStep.RECORDED, kind, settled ? decision.settled() : decision.intended());
            }
        }
    }

    private static void execute(List<Instruction> instructions, ClusterManager manager, Runnable each)
            throws ClusterManagerException {
        if (instructions.isEmpty()) {
            return;
        }
        if (manager == null) {
            throw new ClusterManagerException("no cluster-manager adapter is installed (feature:install baton-adapter-native)");
        }
        for (Instruction instruction : instructions) {
            LOG.debug("Instructing {}: {}", manager.name(), instruction);
            manager.execute(instruction);
            each.run();
        }
    }

    /**
     * One history entry per decision that changed or instructed something (ticks that change nothing are not kept).
     * Whether it wrote one.
     */
    private boolean record(Trigger trigger, Decision decision, long term, Optional<String> error) {
        if (decision.reasons().isEmpty() && decision.instructions().isEmpty() && error.isEmpty()) {
            return false;
        }
        List<String> reasons = decision.reasons().stream().map(Reason::toString).toList();
        List<String> instructions = decision.instructions().stream().map(Instruction::toString).toList();
        if (error.isPresent()) {
            // WARN, not ERROR: the rows stay flagged and the controller reconciles again (scheduleRetry); a fault
            // that overtakes a decision (its server left, the adapter not caught up yet) is expected in a cluster
            LOG.warn("{} could not be carried out (its rows stay flagged; a reconciliation retries): {}",
                    Describe.trigger(trigger), error.get());
        } else {
            LOG.info("{}: {}", Describe.trigger(trigger), reasons.isEmpty() ? "no change" : String.join("; ", reasons));
        }
        store.appendHistory(new HistoryEntry(Instant.now(), term, me, Describe.trigger(trigger), reasons, instructions, error));
        return true;
    }
}
