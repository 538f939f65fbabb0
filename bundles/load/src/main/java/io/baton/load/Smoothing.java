package io.baton.load;

import io.baton.api.spi.LoadSample;

/**
 * Exponential smoothing of samples: {@code value = weight * previous + (1 - weight) * sample}, per
 * figure. Damps short spikes so that a backup is not switched for a one-off burst. Not thread-safe:
 * used by the updater's single thread.
 */
final class Smoothing {
    private final double weight;
    private LoadSample previous;

    /** @param weight the previous value's weight, 0 (no smoothing) up to, not including, 1 */
    Smoothing(double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("smoothing must be at least 0 and less than 1, was " + weight);
        }
        this.weight = weight;
    }

    /** The smoothed value after this sample; the first sample is taken as it is. */
    LoadSample apply(LoadSample sample) {
        previous = previous == null ? sample : new LoadSample(
                mix(previous.cpu(), sample.cpu()),
                mix(previous.memory(), sample.memory()),
                mix(previous.network(), sample.network()));
        return previous;
    }

    private double mix(double old, double latest) {
        // clamped because rounding could leave 100 by an ulp, which LoadSample rejects
        return Percent.clamp(weight * old + (1 - weight) * latest);
    }
}
