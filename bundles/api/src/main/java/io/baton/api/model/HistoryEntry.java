package io.baton.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One decision as the controller records it in the store's bounded history.
 *
 * @param at           when it was decided
 * @param term         the controller's term
 * @param controller   the server whose controller decided
 * @param trigger      what happened, e.g. {@code "fail a"} or {@code "move AP1 to c"}
 * @param reasons      why each row changed ({@code "AP1: backup d → e (…)"})
 * @param instructions what the cluster manager was told, in order
 * @param error        why carrying it out failed, if it did
 */
public record HistoryEntry(Instant at, long term, String controller, String trigger, List<String> reasons,
                           List<String> instructions, Optional<String> error) {
    public HistoryEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(trigger, "trigger");
        reasons = List.copyOf(reasons);
        instructions = List.copyOf(instructions);
        Objects.requireNonNull(error, "error");
    }
}
