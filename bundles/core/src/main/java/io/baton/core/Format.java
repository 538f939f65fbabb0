package io.baton.core;

import java.util.Locale;

/** Number formatting for reasons: loads without a trailing ".0". */
final class Format {
    private Format() {
    }

    static String load(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.1f", value);
    }
}
