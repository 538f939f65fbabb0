package io.baton.load;

import io.baton.api.spi.LoadSample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadScoreTest {
    private final LoadSample sample = new LoadSample(20, 70, 40);

    @Test
    void each_score_picks_its_figure() {
        assertThat(LoadScore.CPU.of(sample)).isEqualTo(20);
        assertThat(LoadScore.MEMORY.of(sample)).isEqualTo(70);
        assertThat(LoadScore.NETWORK.of(sample)).isEqualTo(40);
        assertThat(LoadScore.MAX.of(sample)).isEqualTo(70);
        assertThat(LoadScore.MAX.of(new LoadSample(10, 5, 90))).isEqualTo(90);
    }

    @Test
    void configured_names_are_read_in_any_case() {
        assertThat(LoadScore.parse("cpu")).isEqualTo(LoadScore.CPU);
        assertThat(LoadScore.parse(" Memory ")).isEqualTo(LoadScore.MEMORY);
        assertThat(LoadScore.parse("NETWORK")).isEqualTo(LoadScore.NETWORK);
        assertThat(LoadScore.parse("max")).isEqualTo(LoadScore.MAX);
    }

    @Test
    void an_unknown_score_names_the_allowed_ones() {
        assertThatThrownBy(() -> LoadScore.parse("disk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score must be one of cpu, memory, network, max, was 'disk'");
    }
}
