package io.baton.api.spi;

import java.util.Objects;

/**
 * Who acts as controller. A controller that sees a lease with a higher term stops acting.
 *
 * @param server the server whose controller is active
 * @param term   increases with each new controller
 */
public record ControllerLease(String server, long term) {
    public ControllerLease {
        Objects.requireNonNull(server, "server");
        if (term < 1) {
            throw new IllegalArgumentException("term must be >= 1, was " + term);
        }
    }
}
