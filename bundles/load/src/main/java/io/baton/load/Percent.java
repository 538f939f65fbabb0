package io.baton.load;

/** Percentages as the load table holds them. */
final class Percent {
    private Percent() {
    }

    /** Into 0..100; NaN (a 0/0 ratio) counts as 0. */
    static double clamp(double value) {
        if (Double.isNaN(value) || value < 0) {
            return 0;
        }
        return Math.min(value, 100);
    }
}
