package io.baton.core;

/** Number formatting for reasons: loads without a trailing ".0", else with one decimal; amounts as given. */
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

    /** A capacity or demand as a rule file writes it: "4", "0.25". */
    static String amount(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
