package io.baton.api.model;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Argument checks shared by the model records, so every record rejects bad input the same way. */
final class Names {
    private Names() {
    }

    static String requireName(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    static List<String> requireNames(Collection<String> values, String what) {
        Objects.requireNonNull(values, what);
        values.forEach(v -> requireName(v, what + " element"));
        return List.copyOf(values);
    }

    /** An unmodifiable set that keeps the given iteration order. */
    static Set<String> orderedSet(Collection<String> values, String what) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(requireNames(values, what)));
    }
}
