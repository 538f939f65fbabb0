package io.baton.store.mqtt;

import io.baton.api.testing.LogCapture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionsTest {

    @Test
    void each_reason_on_each_topic_is_warned_about_once_and_every_message_counted() {
        Rejections r = new Rejections("a");
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 50; i++) {
                r.reject("baton/c/apps/X", "tcp://b:1883", "not JSON");
            }
            r.reject("baton/c/apps/Y", "tcp://b:1883", "missing v");
            r.reject("baton/c/apps/X", "tcp://b:1883", "only node a writes this, not node b");
            r.reject("baton/c/apps/X", "tcp://b:1883", "only node a writes this, not node b");
            assertThat(r.total()).isEqualTo(53);
            assertThat(log.text().lines().filter(l -> l.contains("WARN"))).hasSize(3);
            assertThat(log.text()).contains("a: ignoring a message on baton/c/apps/X from tcp://b:1883: not JSON");
        }
    }

    @Test
    void text_from_the_network_cannot_forge_log_lines_or_flood_one() {
        assertThat(Rejections.escape("apps/X\n12:00:00 INFO forged\u001b[31m"))
                .isEqualTo("apps/X\\u000a12:00:00 INFO forged\\u001b[31m");
        assertThat(Rejections.escape("x".repeat(5000))).hasSize(201).endsWith("…");
        assertThat(Rejections.escape("plain")).isEqualTo("plain");
    }
}
