package io.baton.load;

import java.time.Duration;
import java.util.Objects;

/**
 * The updater's configuration, checked once.
 *
 * @param interval  time between two measurements
 * @param smoothing the previous value's weight, 0 to below 1
 * @param score     the figure used as the load score
 */
record LoadSettings(Duration interval, double smoothing, LoadScore score) {
    LoadSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(score, "score");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        new Smoothing(smoothing); // the same check as where it is used
    }

    static LoadSettings from(LoadConfig config) {
        if (config.intervalSeconds() < 1) {
            throw new IllegalArgumentException(LoadConfig.PID + ": intervalSeconds must be at least 1, was "
                    + config.intervalSeconds());
        }
        try {
            return new LoadSettings(Duration.ofSeconds(config.intervalSeconds()), config.smoothing(),
                    LoadScore.parse(config.score()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LoadConfig.PID + ": " + e.getMessage(), e);
        }
    }
}
