package io.baton.api.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * How the controller answered an {@link OperatorRequest}.
 *
 * @param id       the request's id
 * @param accepted true when it was carried out; false when it could not happen (the message says why)
 * @param message  what was done, or why not (e.g. "cannot move AP1 to c: server c is failed, not up")
 * @param at       when it was answered
 */
public record RequestOutcome(String id, boolean accepted, String message, Instant at) {
    public RequestOutcome {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }
}
