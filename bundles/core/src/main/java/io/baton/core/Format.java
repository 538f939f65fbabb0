package io.baton.core;

/** Number formatting for reasons: loads without a trailing ".0", else with one decimal. */
final class Format {
    private Format() {
    }

    static String load(double value) {
        if (value == Math.rint(value) || Math.abs(value) >= 1e15) {
            return Long.toString((long) value);
        }
        // A decision formats one load per changed backup: java.util.Formatter would cost microseconds
        // each and dominate a 10,000-app decision, so round to tenths by hand.
        long tenths = Math.round(Math.abs(value) * 10);
        return (value < 0 && tenths != 0 ? "-" : "") + tenths / 10 + "." + tenths % 10;
    }
}
