package io.baton.load;

import io.baton.api.testing.Configs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadSettingsTest {

    @Test
    void defaults_are_every_five_seconds_cpu_without_smoothing() {
        LoadSettings settings = LoadSettings.from(Configs.of(LoadConfig.class, Map.of()));
        assertThat(settings).isEqualTo(new LoadSettings(Duration.ofSeconds(5), 0, LoadScore.CPU));
        assertThat(Configs.of(LoadConfig.class, Map.of()).networkCapacityMbps()).isEqualTo(1000);
    }

    @Test
    void configured_values_are_taken() {
        LoadSettings settings = LoadSettings.from(Configs.of(LoadConfig.class,
                Map.of("intervalSeconds", 2, "smoothing", 0.5, "score", "max")));
        assertThat(settings).isEqualTo(new LoadSettings(Duration.ofSeconds(2), 0.5, LoadScore.MAX));
    }

    @Test
    void bad_values_are_rejected_naming_the_pid_and_key() {
        assertThatThrownBy(() -> LoadSettings.from(Configs.of(LoadConfig.class, Map.of("intervalSeconds", 0))))
                .hasMessage("io.baton.load: intervalSeconds must be at least 1, was 0");
        assertThatThrownBy(() -> LoadSettings.from(Configs.of(LoadConfig.class, Map.of("smoothing", 1.5))))
                .hasMessage("io.baton.load: smoothing must be at least 0 and less than 1, was 1.5");
        assertThatThrownBy(() -> LoadSettings.from(Configs.of(LoadConfig.class, Map.of("score", "disk"))))
                .hasMessageStartingWith("io.baton.load: score must be one of");
    }
}
