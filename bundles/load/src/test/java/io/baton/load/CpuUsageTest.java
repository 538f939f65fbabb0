package io.baton.load;

import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class CpuUsageTest {
    // OSHI order: user, nice, system, idle, iowait, irq, softirq, steal
    private static long[] ticks(long user, long system, long idle, long iowait) {
        return new long[]{user, 0, system, idle, iowait, 0, 0, 0};
    }

    @Test
    void busy_share_of_the_ticks_that_passed() {
        assertThat(CpuUsage.between(ticks(100, 100, 1000, 0), ticks(130, 120, 1050, 0)))
                .hasValue(50.0); // 50 busy of 100
    }

    @Test
    void io_wait_counts_as_idle() {
        assertThat(CpuUsage.between(ticks(0, 0, 0, 0), ticks(25, 0, 25, 50))).hasValue(25.0);
    }

    @Test
    void counters_before_start_do_not_matter_only_the_difference() {
        assertThat(CpuUsage.between(ticks(1_000_000, 0, 5, 0), ticks(1_000_100, 0, 5, 0))).hasValue(100.0);
    }

    @Test
    void no_tick_passed_or_a_counter_went_back_gives_no_figure() {
        assertThat(CpuUsage.between(ticks(5, 5, 5, 5), ticks(5, 5, 5, 5))).isEqualTo(OptionalDouble.empty());
        assertThat(CpuUsage.between(ticks(50, 5, 5, 5), ticks(10, 5, 9, 5))).isEqualTo(OptionalDouble.empty());
        assertThat(CpuUsage.between(new long[8], new long[7])).isEqualTo(OptionalDouble.empty());
    }
}
