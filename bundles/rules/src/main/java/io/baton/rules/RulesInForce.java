package io.baton.rules;

import io.baton.api.model.Rules;
import io.baton.api.spi.DeployedRules;

import java.util.Objects;
import java.util.Optional;

/**
 * The rule file in force on a node, by the one test the controller and the agents share: a deployed record unlike
 * the one read last (source, text, revision and time, not the revision alone: two operators deploying at once may
 * both send revision n + 1, and every node must end on the one the store kept) is read; one that does not read
 * leaves the rules before it in force, and says why. The store has checked the operator's signature before any of
 * this sees the record. Thread-safe.
 */
public final class RulesInForce {

    /** What an update did: nothing, took a new rule file, or kept the old rules because the new file is invalid. */
    public enum Change { NONE, TAKEN, REFUSED }

    private DeployedRules readFrom;
    private Rules rules;
    private String problem = "no rule file is deployed";

    /** Reads {@code deployed} if it is not the record read last. */
    public synchronized Change update(Optional<DeployedRules> deployed) {
        Objects.requireNonNull(deployed, "deployed");
        if (deployed.isEmpty() || deployed.get().equals(readFrom)) {
            return Change.NONE;
        }
        readFrom = deployed.get();
        try {
            rules = RuleFiles.parse(readFrom.source(), readFrom.text());
            problem = "";
            return Change.TAKEN;
        } catch (RuleFileException e) {
            problem = "the deployed rule file " + readFrom.source() + " (revision " + readFrom.revision()
                    + ") is invalid; " + (rules == null ? "no rules are" : "the rules before it stay") + " in force:\n"
                    + e.getMessage();
            return Change.REFUSED;
        }
    }

    /** The rules in force, if any rule file has been read. */
    public synchronized Optional<Rules> rules() {
        return Optional.ofNullable(rules);
    }

    /** Why the last record read is not in force; empty when it is. */
    public synchronized String problem() {
        return problem;
    }

    /** The revision of the record read last; -1 before any. */
    public synchronized long revision() {
        return readFrom == null ? -1 : readFrom.revision();
    }

    /** The source (file name) of the record read last; empty before any. */
    public synchronized String source() {
        return readFrom == null ? "" : readFrom.source();
    }
}
