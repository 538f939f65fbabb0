package io.baton.load;

import oshi.hardware.CentralProcessor.TickType;

import java.util.OptionalDouble;

/** CPU use between two readings of the processor's tick counters (as OSHI orders them). */
final class CpuUsage {
    private CpuUsage() {
    }

    /**
     * The busy share of the ticks that passed, in percent; idle and I/O wait count as not busy (as in
     * OSHI's own figure). Empty when no tick passed or a counter went back (e.g. a CPU went offline).
     */
    static OptionalDouble between(long[] before, long[] after) {
        if (before.length != after.length) {
            return OptionalDouble.empty();
        }
        long total = 0;
        long idle = 0;
        for (int i = 0; i < after.length; i++) {
            long passed = after[i] - before[i];
            if (passed < 0) {
                return OptionalDouble.empty();
            }
            total += passed;
            if (i == TickType.IDLE.getIndex() || i == TickType.IOWAIT.getIndex()) {
                idle += passed;
            }
        }
        return total == 0 ? OptionalDouble.empty() : OptionalDouble.of(Percent.clamp(100.0 * (total - idle) / total));
    }
}
