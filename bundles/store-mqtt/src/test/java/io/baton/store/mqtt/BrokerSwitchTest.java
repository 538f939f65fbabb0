package io.baton.store.mqtt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerSwitchTest {
    private final BrokerSwitch brokers = new BrokerSwitch();

    @Test
    void the_first_choice_is_taken_at_once_and_a_gone_broker_is_left_at_once() {
        assertThat(brokers.next(0, -1, true)).isEqualTo(0);
        assertThat(brokers.next(1, 0, true)).as("the broker in use is gone").isEqualTo(1);
    }

    @Test
    void a_working_broker_is_left_only_for_a_choice_that_held_for_eight_beats_in_a_row() {
        for (int beat = 1; beat < BrokerSwitch.STABLE_BEATS; beat++) {
            assertThat(brokers.next(0, 1, false)).as("beat %d", beat).isEqualTo(-1);
        }
        assertThat(brokers.next(0, 1, false)).isEqualTo(0);
    }

    @Test
    void one_beat_that_agrees_with_the_broker_in_use_starts_the_count_again() {
        for (int beat = 1; beat < BrokerSwitch.STABLE_BEATS; beat++) {
            brokers.next(0, 1, false);
        }
        assertThat(brokers.next(1, 1, false)).isEqualTo(-1);
        assertThat(brokers.next(0, 1, false)).isEqualTo(-1);
        assertThat(brokers.next(2, 1, false)).as("another choice: the count starts again").isEqualTo(-1);
    }
}
