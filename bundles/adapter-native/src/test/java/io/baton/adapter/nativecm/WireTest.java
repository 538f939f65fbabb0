package io.baton.adapter.nativecm;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static io.baton.adapter.nativecm.AgentPlanTest.on;
import static org.assertj.core.api.Assertions.assertThat;

class WireTest {

    @Test
    void assignments_and_reports_survive_the_round_trip() {
        NodeReport report = new NodeReport(Map.of("web", 42L, "mail", 43L), Set.of("mail"), Map.of("db", "died (exit code 1)"), "a-1f",
                Instant.parse("2026-11-25T10:00:00.123Z"));
        Map<String, String> entries = Map.of(
                Wire.assignKey("web"), Wire.json(on("a", "b", 7)),
                Wire.assignKey("db"), Wire.json(on(null, null, 2)),
                Wire.nodeKey("a"), Wire.json(report));
        assertThat(Wire.assignments(entries)).isEqualTo(Map.of("web", on("a", "b", 7), "db", on(null, null, 2)));
        assertThat(Wire.reports(entries)).isEqualTo(Map.of("a", report));
        assertThat(Wire.json(on("a", null, 3))).isEqualTo("{\"server\":\"a\",\"backup\":null,\"epoch\":3}");
    }

    @Test
    void unreadable_values_are_skipped_not_fatal() {
        Map<String, String> entries = Map.of(
                Wire.assignKey("web"), "not json",
                Wire.assignKey("db"), "{\"server\":\"a\"}",
                Wire.nodeKey("a"), "[]",
                "other.key", "{}");
        assertThat(Wire.assignments(entries)).isEmpty();
        assertThat(Wire.reports(entries)).isEmpty();
    }
}
