package io.baton.load;

import io.baton.load.NetworkUsage.Counter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NetworkUsageTest {
    private static final long GBIT = 1_000_000_000L;
    private static final long MBYTE = 1_000_000L;

    @Test
    void bits_per_second_against_the_interface_speed() {
        // 25 MB in 2 s = 100 Mbit/s on a 1 Gbit/s link
        double percent = NetworkUsage.between(Map.of("eth0", new Counter(0, GBIT)),
                Map.of("eth0", new Counter(25 * MBYTE, GBIT)), Duration.ofSeconds(2), 1);
        assertThat(percent).isCloseTo(10, within(1e-9));
    }

    @Test
    void an_interface_without_speed_counts_with_the_configured_capacity() {
        double percent = NetworkUsage.between(Map.of("eth0", new Counter(1000, 0)),
                Map.of("eth0", new Counter(1000 + 5 * MBYTE, 0)), Duration.ofSeconds(1), 100_000_000L);
        assertThat(percent).isCloseTo(40, within(1e-9)); // 40 Mbit/s of 100
    }

    @Test
    void interfaces_are_summed_against_their_summed_capacity() {
        double percent = NetworkUsage.between(
                Map.of("eth0", new Counter(0, GBIT), "eth1", new Counter(0, 0)),
                Map.of("eth0", new Counter(125 * MBYTE, GBIT), "eth1", new Counter(0, 0)),
                Duration.ofSeconds(1), GBIT);
        assertThat(percent).isCloseTo(50, within(1e-9)); // 1 Gbit/s of 2
    }

    @Test
    void a_new_interface_or_a_reset_counter_is_left_out_of_the_interval() {
        double percent = NetworkUsage.between(
                Map.of("eth0", new Counter(0, GBIT), "eth1", new Counter(900 * MBYTE, GBIT)),
                Map.of("eth0", new Counter(125 * MBYTE, GBIT), "eth1", new Counter(1, GBIT),
                        "eth2", new Counter(999 * MBYTE, GBIT)),
                Duration.ofSeconds(1), GBIT);
        assertThat(percent).isCloseTo(100, within(1e-9)); // only eth0 counts, and it is full
    }

    @Test
    void full_duplex_saturation_is_clamped_to_100_and_no_interval_gives_0() {
        assertThat(NetworkUsage.between(Map.of("eth0", new Counter(0, GBIT)),
                Map.of("eth0", new Counter(250 * MBYTE, GBIT)), Duration.ofSeconds(1), GBIT)).isEqualTo(100);
        assertThat(NetworkUsage.between(Map.of("eth0", new Counter(0, GBIT)),
                Map.of("eth0", new Counter(MBYTE, GBIT)), Duration.ZERO, GBIT)).isZero();
        assertThat(NetworkUsage.between(Map.of(), Map.of(), Duration.ofSeconds(1), GBIT)).isZero();
    }
}
