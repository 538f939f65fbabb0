package io.baton.load;

import io.baton.api.spi.LoadSample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SmoothingTest {

    @Test
    void zero_smoothing_passes_every_sample_through() {
        Smoothing none = new Smoothing(0);
        none.apply(new LoadSample(90, 90, 90));
        assertThat(none.apply(new LoadSample(10, 20, 30))).isEqualTo(new LoadSample(10, 20, 30));
    }

    @Test
    void the_first_sample_is_taken_as_it_is() {
        assertThat(new Smoothing(0.8).apply(new LoadSample(50, 60, 70))).isEqualTo(new LoadSample(50, 60, 70));
    }

    @Test
    void each_figure_moves_by_one_minus_the_weight_of_the_step() {
        Smoothing half = new Smoothing(0.5);
        half.apply(new LoadSample(0, 100, 40));
        LoadSample next = half.apply(new LoadSample(100, 0, 40));
        assertThat(next.cpu()).isEqualTo(50);
        assertThat(next.memory()).isEqualTo(50);
        assertThat(next.network()).isEqualTo(40);
        assertThat(half.apply(new LoadSample(100, 0, 40)).cpu()).isEqualTo(75);
    }

    @Test
    void a_one_off_spike_is_damped_and_a_lasting_change_is_reached() {
        Smoothing heavy = new Smoothing(0.9);
        heavy.apply(new LoadSample(10, 10, 10));
        assertThat(heavy.apply(new LoadSample(100, 10, 10)).cpu()).isCloseTo(19, within(1e-9));
        LoadSample value = null;
        for (int i = 0; i < 200; i++) {
            value = heavy.apply(new LoadSample(100, 10, 10));
        }
        assertThat(value.cpu()).isCloseTo(100, within(1e-6)).isLessThanOrEqualTo(100);
    }

    @Test
    void weights_outside_zero_to_below_one_are_rejected() {
        assertThatThrownBy(() -> new Smoothing(1)).hasMessageContaining("less than 1, was 1.0");
        assertThatThrownBy(() -> new Smoothing(-0.1)).hasMessageContaining("at least 0");
        assertThatThrownBy(() -> new Smoothing(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
