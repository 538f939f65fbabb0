package io.baton.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A bad scenario, or a step that cannot happen, is rejected with its JSON path. */
class ScenarioErrorsTest {

    private static final String RULES = "'rules': {'cluster': 'c', 'servers': ['a', 'b'], 'apps': {'X': {}}}";

    private static String rejected(String json) {
        ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> Scenarios.run(json));
        assertThat(e).as("rejected").isNotNull();
        return e.getMessage();
    }

    @Test
    void steps_that_cannot_happen_are_bad_scenarios() {
        assertThat(rejected("{" + RULES + ", 'up': ['a'], 'steps': [{'fail': 'b'}]}"))
                .isEqualTo("test.json: $.steps[0]: cannot fail server b: server b is down, not up");
        assertThat(rejected("{" + RULES + ", 'steps': [{'join': 'a'}]}"))
                .isEqualTo("test.json: $.steps[0]: cannot join server a: server a is already up");
        assertThat(rejected("{" + RULES + ", 'steps': [{'detach': 'a'}, {'detach': 'a'}]}"))
                .isEqualTo("test.json: $.steps[1]: cannot detach server a: server a is detached, not up");
        assertThat(rejected("{" + RULES + ", 'up': ['b'], 'steps': [{'fail': 'b'}, {'appFail': 'X'}]}"))
                .isEqualTo("test.json: $.steps[1]: cannot fail app X: it is stopped");
        assertThat(rejected("{" + RULES + ", 'up': ['a'], 'steps': [{'move': {'app': 'X', 'to': 'b'}}]}"))
                .isEqualTo("test.json: $.steps[0]: cannot move X to b: server b is down, not up");
        assertThat(rejected("{" + RULES + ", 'steps': [{'fail': 'q'}]}"))
                .isEqualTo("test.json: $.steps[0]: cannot fail server q: unknown server q (servers: a, b)");
        assertThat(rejected("{" + RULES + ", 'steps': [{'appFail': 'Y'}]}"))
                .isEqualTo("test.json: $.steps[0]: cannot fail app Y: unknown app Y (apps: X)");
    }

    @Test
    void a_malformed_scenario_lists_every_problem() {
        assertThat(rejected("{" + RULES + ", 'up': ['a', 'z'], 'loads': {'a': -5, 'b': 'high'},"
                + " 'steps': [{'fial': 'a'}, {'fail': 'a', 'join': 'b'}, {'tick': 1}, {'move': {'app': 'X'}}], 'extra': 1}"))
                .isEqualTo("""
                        test.json: $.extra: unknown field "extra" (allowed here: rules, up, tables, loads, steps)
                        test.json: $.up[1]: unknown server "z" (servers: a, b)
                        test.json: $.loads.a: a load must not be negative, was -5.0
                        test.json: $.loads.b: must be a number, not the string "high"
                        test.json: $.steps[0].fial: unknown step "fial", did you mean "fail"? (steps: fail, join, detach, attach, load, tick, appFail, move)
                        test.json: $.steps[1]: a step has exactly one of fail, join, detach, attach, load, tick, appFail, move; found fail, join
                        test.json: $.steps[2].tick: must be true, not the number 1
                        test.json: $.steps[3].move: missing field "to\"""");
    }

    @Test
    void problems_of_inline_rules_carry_their_path_in_the_scenario() {
        assertThat(rejected("{'rules': {'cluster': 'c', 'servers': ['a'], 'apps': {'X': {'backup': 'q'}}}}"))
                .isEqualTo("test.json: $.rules.apps.X.backup: unknown server \"q\" (declared servers: a)");
        assertThat(rejected("{'up': []}")).isEqualTo("test.json: $: missing field \"rules\" (a rule file, inline, or the name of one)");
    }

    @Test
    void a_rule_file_named_by_the_scenario_is_reported_under_its_own_name() {
        assertThat(rejected("{'rules': 'missing.json'}")).startsWith("test.json: $.rules: cannot read rule file \"missing.json\":");
        assertThat(rejected("{'rules': 'scenarios/load-check.json'}"))
                .startsWith("scenarios/load-check.json: $.rules: unknown field \"rules\"")
                .contains("scenarios/load-check.json: $: missing field \"cluster\"");
    }
}
