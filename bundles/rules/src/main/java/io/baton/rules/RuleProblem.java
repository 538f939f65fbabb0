package io.baton.rules;

import java.util.Objects;

/**
 * One problem found in a JSON input.
 *
 * @param file    the file (or other source) it was read from
 * @param path    the JSON path of the offending value, e.g. {@code $.apps.AP1.backup}
 * @param message what is wrong
 */
public record RuleProblem(String file, String path, String message) {
    public RuleProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return file + ": " + path + ": " + message;
    }
}
