package io.baton.load;

import java.time.Duration;
import java.util.Map;

/** Network use between two readings of the interfaces' byte counters, against their capacity. */
final class NetworkUsage {
    private NetworkUsage() {
    }

    /**
     * One interface's counters at one moment.
     *
     * @param bytes         bytes received plus sent since the interface came up
     * @param bitsPerSecond its speed; 0 when it does not report one
     */
    record Counter(long bytes, long bitsPerSecond) {
    }

    /**
     * The bits moved over all interfaces present in both readings, per second, as a percentage of
     * their summed capacity (an interface without a speed counts with {@code fallbackBitsPerSecond}).
     * Received and sent are added, so a full-duplex link busy both ways reads as 100, clamped.
     * An interface that appeared or whose counter went back (reset) is left out of this interval.
     */
    static double between(Map<String, Counter> before, Map<String, Counter> after, Duration elapsed,
                          long fallbackBitsPerSecond) {
        double seconds = elapsed.toNanos() / 1e9;
        if (seconds <= 0) {
            return 0;
        }
        double bits = 0;
        double capacity = 0;
        for (Map.Entry<String, Counter> entry : after.entrySet()) {
            Counter earlier = before.get(entry.getKey());
            Counter now = entry.getValue();
            if (earlier == null || now.bytes() < earlier.bytes()) {
                continue;
            }
            bits += 8.0 * (now.bytes() - earlier.bytes());
            capacity += now.bitsPerSecond() > 0 ? now.bitsPerSecond() : fallbackBitsPerSecond;
        }
        return capacity <= 0 ? 0 : Percent.clamp(100 * bits / seconds / capacity);
    }
}
