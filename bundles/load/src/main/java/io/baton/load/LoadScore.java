package io.baton.load;

import io.baton.api.spi.LoadSample;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which measured figure becomes the load score used for decisions. */
enum LoadScore {
    CPU, MEMORY, NETWORK, MAX;

    double of(LoadSample sample) {
        return switch (this) {
            case CPU -> sample.cpu();
            case MEMORY -> sample.memory();
            case NETWORK -> sample.network();
            case MAX -> Math.max(sample.cpu(), Math.max(sample.memory(), sample.network()));
        };
    }

    /** Reads a configured value, in any case. */
    static LoadScore parse(String value) {
        String wanted = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (LoadScore score : values()) {
            if (score.name().equals(wanted)) {
                return score;
            }
        }
        throw new IllegalArgumentException("score must be one of " + Arrays.stream(values())
                .map(LoadScore::label).collect(Collectors.joining(", ")) + ", was '" + value + "'");
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
