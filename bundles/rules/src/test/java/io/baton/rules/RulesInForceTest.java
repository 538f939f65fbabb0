package io.baton.rules;

import io.baton.api.spi.DeployedRules;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RulesInForceTest {
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    private static DeployedRules file(long revision, String apps) {
        return new DeployedRules("r.json", "{\"cluster\": \"c\", \"servers\": [\"a\", \"b\"], \"apps\": " + apps + "}",
                revision, T);
    }

    @Test
    void aRecordUnlikeTheLastIsTakenEvenWithTheSameRevisionNumber() {
        RulesInForce r = new RulesInForce();
        assertThat(r.update(Optional.empty())).isEqualTo(RulesInForce.Change.NONE);
        assertThat(r.problem()).isEqualTo("no rule file is deployed");

        assertThat(r.update(Optional.of(file(2, "{\"X\": {}}")))).isEqualTo(RulesInForce.Change.TAKEN);
        assertThat(r.update(Optional.of(file(2, "{\"X\": {}}")))).isEqualTo(RulesInForce.Change.NONE);
        // a second operator's revision 2 that the store kept instead
        assertThat(r.update(Optional.of(file(2, "{\"Y\": {}}")))).isEqualTo(RulesInForce.Change.TAKEN);
        assertThat(r.rules().orElseThrow().appsByName()).containsOnlyKeys("Y");
        assertThat(r.revision()).isEqualTo(2);
        assertThat(r.problem()).isEmpty();
    }

    @Test
    void anInvalidFileLeavesTheRulesBeforeItInForceAndSaysWhy() {
        RulesInForce r = new RulesInForce();
        r.update(Optional.of(file(1, "{\"X\": {}}")));

        assertThat(r.update(Optional.of(file(2, "[]")))).isEqualTo(RulesInForce.Change.REFUSED);
        assertThat(r.rules().orElseThrow().appsByName()).containsOnlyKeys("X");
        assertThat(r.problem()).startsWith("the deployed rule file r.json (revision 2) is invalid; the rules before it stay in force:\nr.json: $.apps");
        assertThat(r.update(Optional.of(file(2, "[]")))).as("read once").isEqualTo(RulesInForce.Change.NONE);
    }
}
