package io.baton.api.spi;

import io.baton.api.decision.Decision;
import io.baton.api.decision.InvalidTriggerException;
import io.baton.api.decision.Trigger;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The decision rules: a pure function of (rules, tables, trigger) to a decision. It does no I/O,
 * keeps no state between calls that changes its answers, and returns the same decision for the
 * same input. Thread-safe.
 */
@ConsumerType
@FunctionalInterface
public interface PlacementPolicy {

    /**
     * Decides what the trigger changes.
     *
     * @param rules   the rule table in force
     * @param state   the tables before the trigger
     * @param trigger what happened
     * @return the new tables, the instructions for the cluster manager and the reasons
     * @throws InvalidTriggerException if the trigger cannot happen in this state (its message
     *                                 names the server or application)
     */
    Decision decide(Rules rules, ClusterState state, Trigger trigger);
}
