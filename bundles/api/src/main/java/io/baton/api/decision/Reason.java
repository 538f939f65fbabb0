package io.baton.api.decision;

import java.util.Objects;

/**
 * Why one row changed, in words an operator reads in history and in the simulator's tables.
 *
 * @param subject the application or server whose row changed
 * @param text    what changed and which rule made it so
 */
public record Reason(String subject, String text) {
    public Reason {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return subject + ": " + text;
    }
}
