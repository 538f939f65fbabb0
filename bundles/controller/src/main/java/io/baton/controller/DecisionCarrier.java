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
    private final String crashAfterIntendedRows;

    /** @param crashAfterIntendedRows a trigger kind after whose intended rows the JVM halts (crash tests), or "" */
    DecisionCarrier(SharedStore store, String crashAfterIntendedRows) {
        this.store = store;
        this.me = store.node();
        this.crashAfterIntendedRows = crashAfterIntendedRows;
    }

    /**
     * @param before     the tables the decision started from (only changed rows are written)
     * @param manager    the cluster manager to instruct; null when no adapter is installed
     * @param carriedOut told once every instruction is confirmed, before the settled rows are written
     * @throws ClusterManagerException if an instruction failed; the intended rows stay written
     */
    void carryOut(Trigger trigger, Decision decision, ClusterState before, ClusterManager manager, long term,
                  Consumer<Decision> carriedOut) throws ClusterManagerException {
        TableWriter.write(store, before, decision.intended());
        if (!crashAfterIntendedRows.isEmpty() && crashAfterIntendedRows.equals(trigger.kind())) {
            crashForTest(trigger);
        }
        Optional<String> error = Optional.empty();
        try {
            execute(decision.instructions(), manager);
            carriedOut.accept(decision);
            TableWriter.write(store, decision.intended(), decision.settled());
        } catch (ClusterManagerException e) {
            error = Optional.of(e.getMessage());
            throw e;
        } finally {
            record(trigger, decision, term, error);
        }
    }

    /** Lets the flagged rows reach the broker, then dies as a crashed controller would: no clean-up, no instructions. */
    private void crashForTest(Trigger trigger) {
        LOG.error("crashAfterIntendedRows={}: halting the JVM after the intended rows of {} (crash test)",
                crashAfterIntendedRows, Describe.trigger(trigger));
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline && !store.snapshot().tables().servers().values().stream()
                .anyMatch(io.baton.api.model.ServerStatus::processing)
                && store.snapshot().tables().apps().values().stream().noneMatch(io.baton.api.model.AppStatus::processing)) {
            Thread.onSpinWait();
        }
        Runtime.getRuntime().halt(99);
    }

    private static void execute(List<Instruction> instructions, ClusterManager manager) throws ClusterManagerException {
        if (instructions.isEmpty()) {
            return;
        }
        if (manager == null) {
            throw new ClusterManagerException("no cluster-manager adapter is installed (feature:install baton-adapter-native)");
        }
        for (Instruction instruction : instructions) {
            LOG.debug("Instructing {}: {}", manager.name(), instruction);
            manager.execute(instruction);
        }
    }

    /** One history entry per decision that changed or instructed something (ticks that change nothing are not kept). */
    private void record(Trigger trigger, Decision decision, long term, Optional<String> error) {
        if (decision.reasons().isEmpty() && decision.instructions().isEmpty() && error.isEmpty()) {
            return;
        }
        List<String> reasons = decision.reasons().stream().map(Reason::toString).toList();
        List<String> instructions = decision.instructions().stream().map(Instruction::toString).toList();
        if (error.isPresent()) {
            LOG.error("{} could not be carried out: {}", Describe.trigger(trigger), error.get());
        } else {
            LOG.info("{}: {}", Describe.trigger(trigger), reasons.isEmpty() ? "no change" : String.join("; ", reasons));
        }
        store.appendHistory(new HistoryEntry(Instant.now(), term, me, Describe.trigger(trigger), reasons, instructions, error));
    }
}
