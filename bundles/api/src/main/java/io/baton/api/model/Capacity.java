package io.baton.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Checks for per-dimension amounts (capacities and demands): named dimensions, finite numbers, none negative. */
final class Capacity {
    private Capacity() {
    }

    static Map<String, Double> requireAmounts(Map<String, Double> amounts, String what) {
        Objects.requireNonNull(amounts, what);
        Map<String, Double> copy = new LinkedHashMap<>();
        amounts.forEach((dimension, amount) -> {
            Names.requireName(dimension, what + " dimension");
            if (amount == null || !(amount >= 0) || amount.isInfinite()) {
                throw new IllegalArgumentException(what + ": " + dimension + " must be a number >= 0, was " + amount);
            }
            copy.put(dimension, amount);
        });
        return Collections.unmodifiableMap(copy);
    }
}
