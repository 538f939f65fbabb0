package io.baton.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormatTest {
    @Test
    void loads_print_whole_numbers_plainly_and_others_with_one_decimal() {
        assertThat(Format.load(30)).isEqualTo("30");
        assertThat(Format.load(0)).isEqualTo("0");
        assertThat(Format.load(12.34)).isEqualTo("12.3");
        assertThat(Format.load(12.35)).isEqualTo("12.4");
        assertThat(Format.load(0.04)).isEqualTo("0.0");
        assertThat(Format.load(99.96)).isEqualTo("100.0");
        assertThat(Format.load(-2.25)).isEqualTo("-2.3");
    }
}
