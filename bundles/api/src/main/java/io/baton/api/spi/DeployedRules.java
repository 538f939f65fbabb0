package io.baton.api.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A rule file as it is distributed through the store: its exact text, validated before it was
 * stored, so every node reads the same rules and shows the operator what they wrote.
 *
 * @param source     the file name it was deployed from (for messages)
 * @param text       the rule file's JSON
 * @param revision   increases with each deployment
 * @param deployedAt when it was deployed
 */
public record DeployedRules(String source, String text, long revision, Instant deployedAt) {
    public DeployedRules {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(deployedAt, "deployedAt");
    }
}
