package io.baton.core;

import io.baton.api.decision.Decision;
import io.baton.api.decision.Reason;
import io.baton.api.decision.Trigger;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;
import io.baton.api.spi.PlacementPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * SPEC's decision rules as one pure function: (rules, tables, trigger) → decision. The same input
 * always gives the same decision. Thread-safe; the only state kept is the last compiled rule table
 * (by identity), so repeated calls with the same {@link Rules} do not recompile it.
 */
public final class DecisionEngine implements PlacementPolicy {

    private volatile RuleBook lastBook;

    @Override
    public Decision decide(Rules rules, ClusterState state, Trigger trigger) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(trigger, "trigger");
        Workspace ws = new Workspace(book(rules), state);
        List<Reason> extraReasons = new ArrayList<>();
        if (trigger instanceof Trigger.ClusterStarted t) {
            InitialStart.apply(ws, t);
        } else if (trigger instanceof Trigger.ServerFailed t) {
            ServerLeave.failed(ws, t);
        } else if (trigger instanceof Trigger.ServerDetached t) {
            ServerLeave.detached(ws, t);
        } else if (trigger instanceof Trigger.ServerJoined t) {
            ServerJoin.apply(ws, t.server(), "join");
        } else if (trigger instanceof Trigger.ServerAttached t) {
            ServerJoin.apply(ws, t.server(), "attach");
        } else if (trigger instanceof Trigger.LoadTick) {
            PeriodicLoadCheck.apply(ws);
        } else if (trigger instanceof Trigger.AppFailed t) {
            ApplicationFailure.apply(ws, t);
        } else if (trigger instanceof Trigger.MoveRequested t) {
            OperatorMove.apply(ws, t);
        } else if (trigger instanceof Trigger.Reconcile t) {
            Reconciliation.apply(ws, t);
        } else if (trigger instanceof Trigger.RulesDeployed) {
            RulesDeployment.apply(ws, extraReasons);
        } else {
            throw new IllegalArgumentException("unsupported trigger " + trigger);
        }
        return Outcome.of(ws, trigger, extraReasons);
    }

    private RuleBook book(Rules rules) {
        RuleBook book = lastBook;
        if (book == null || book.rules != rules) {
            book = new RuleBook(rules);
            lastBook = book;
        }
        return book;
    }
}
