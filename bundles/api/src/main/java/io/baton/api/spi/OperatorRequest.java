package io.baton.api.spi;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An operator's command, made on any node and carried out by the active controller (SPEC
 * "Operator commands"). It travels through the store, so it reaches the controller wherever that is.
 *
 * @param id          unique per request, e.g. a UUID
 * @param action      what to do
 * @param subject     the server (detach, attach) or application (move)
 * @param target      the server to move to (move only)
 * @param requestedBy the node it was made on
 * @param at          when it was made
 */
public record OperatorRequest(String id, Action action, String subject, Optional<String> target, String requestedBy,
                              Instant at) {

    /** The operator commands the controller carries out. */
    public enum Action {
        DETACH, ATTACH, MOVE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public OperatorRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(at, "at");
        if ((action == Action.MOVE) != target.isPresent()) {
            throw new IllegalArgumentException(action == Action.MOVE ? "a move needs a target server" : action.label() + " takes no target");
        }
    }

    @Override
    public String toString() {
        return action.label() + " " + subject + target.map(t -> " to " + t).orElse("");
    }
}
