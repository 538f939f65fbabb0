package io.baton.controller;

import io.baton.api.decision.Decision;
import io.baton.api.decision.InvalidTriggerException;
import io.baton.api.decision.Trigger;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.RequestOutcome;
import io.baton.api.spi.SharedStore;
import io.baton.api.spi.StoreSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Operator requests at the active controller: each pending request in the store becomes a trigger,
 * is decided and carried out, and is answered once. Used on the controller's thread only.
 */
final class RequestDesk {
    /** Requests older than this are answered "expired" instead of carried out long after the operator gave up. */
    static final Duration EXPIRY = Duration.ofMinutes(2);

    /** How the controller carries out a trigger; {@code carriedOut} runs before the settled rows are written. */
    interface Decider {
        void decide(Trigger trigger, Consumer<Decision> carriedOut) throws ClusterManagerException;
    }

    /** Checks that an attached server is a member of the cluster manager. */
    interface MemberCheck {
        void require(String server) throws ClusterManagerException;
    }

    private final SharedStore store;
    private final Set<String> handled = new HashSet<>();

    RequestDesk(SharedStore store) {
        this.store = store;
    }

    void answerPending(StoreSnapshot snapshot, Decider decider, MemberCheck members) {
        handled.retainAll(snapshot.requests().keySet());
        for (OperatorRequest request : snapshot.requests().values()) {
            // An answered request may still look pending here while its removal travels: answer once.
            if (!snapshot.outcomes().containsKey(request.id()) && handled.add(request.id())) {
                answer(request, decider, members);
            }
        }
    }

    /**
     * Carries out a request and answers it. A successful answer is published before the settled
     * rows, so a controller that takes over because of those rows finds the request answered.
     */
    private void answer(OperatorRequest request, Decider decider, MemberCheck members) {
        Instant now = Instant.now();
        if (request.at().plus(EXPIRY).isBefore(now)) {
            store.completeRequest(new RequestOutcome(request.id(), false, request + ": expired before a controller could carry it out", now));
            return;
        }
        Trigger trigger = switch (request.action()) {
            case DETACH -> new Trigger.ServerDetached(request.subject());
            case ATTACH -> new Trigger.ServerAttached(request.subject());
            case MOVE -> new Trigger.MoveRequested(request.subject(), request.target().orElseThrow());
        };
        try {
            if (request.action() == OperatorRequest.Action.ATTACH) {
                members.require(request.subject());
            }
            decider.decide(trigger, decision -> store.completeRequest(
                    new RequestOutcome(request.id(), true, request + ": done" + summary(decision), Instant.now())));
        } catch (InvalidTriggerException e) {
            store.completeRequest(new RequestOutcome(request.id(), false, e.getMessage(), now));
        } catch (ClusterManagerException e) {
            store.completeRequest(new RequestOutcome(request.id(), false, request + ": the cluster manager failed: " + e.getMessage(), now));
        }
    }

    private static String summary(Decision decision) {
        return decision.reasons().isEmpty() ? " (nothing changed)"
                : "\n" + decision.reasons().stream().map(r -> "  " + r).collect(Collectors.joining("\n"));
    }
}
