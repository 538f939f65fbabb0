package io.baton.rules;

import io.baton.api.model.AppRule;
import io.baton.api.model.Rules;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** SPEC "Capacity, separation and priority": the optional fields as read, and every error the section lists. */
class CapacityRulesTest {

    /** Single quotes stand for double quotes. */
    private static String file(String apps, String extra) {
        return ("{'cluster': 'demo', 'servers': ['a', 'b', 'c'], 'apps': {" + apps + "}" + extra + "}").replace('\'', '"');
    }

    private static String problems(String text) {
        RuleFileException e = catchThrowableOfType(RuleFileException.class, () -> RuleFiles.parse("rules.json", text));
        assertThat(e).as("rejected").isNotNull();
        return e.getMessage();
    }

    @Test
    void capacities_demands_apart_pairs_and_priorities_are_read_and_apart_is_symmetric() throws Exception {
        Rules rules = RuleFiles.parse("rules.json", file(
                "'AP1': {'demand': {'cpu': 2, 'mem': 0.5}, 'apart': ['AP2'], 'priority': 10}, 'AP2': {}, 'AP3': {'priority': -1}",
                ", 'capacity': {'a': {'cpu': 8, 'mem': 32}, 'b': {'cpu': 4}}"));
        assertThat(rules.capacity()).isEqualTo(Map.of("a", Map.of("cpu", 8.0, "mem", 32.0), "b", Map.of("cpu", 4.0)));
        Map<String, AppRule> apps = rules.appsByName();
        assertThat(apps.get("AP1").demand()).isEqualTo(Map.of("cpu", 2.0, "mem", 0.5));
        assertThat(apps.get("AP1").apart()).containsExactly("AP2");
        assertThat(apps.get("AP2").apart()).as("symmetric").containsExactly("AP1");
        assertThat(apps.get("AP1").priority()).isEqualTo(10);
        assertThat(apps.get("AP3").priority()).isEqualTo(-1);
        assertThat(apps.get("AP2").demand()).isEmpty();
    }

    @Test
    void without_the_fields_servers_are_unlimited_and_apps_demand_nothing() throws Exception {
        Rules rules = RuleFiles.parse("rules.json", file("'AP1': {}", ""));
        assertThat(rules.capacity()).isEmpty();
        AppRule app = rules.appsByName().get("AP1");
        assertThat(app.demand()).isEmpty();
        assertThat(app.apart()).isEmpty();
        assertThat(app.priority()).isZero();
    }

    @Test
    void a_capacity_naming_an_undeclared_server_is_an_error() {
        assertThat(problems(file("'AP1': {}", ", 'capacity': {'x': {'cpu': 1}}")))
                .isEqualTo("rules.json: $.capacity.x: unknown server \"x\" (declared servers: a, b, c)");
    }

    @Test
    void negative_and_non_numeric_amounts_are_errors() {
        assertThat(problems(file("'AP1': {'demand': {'cpu': -1}}", ", 'capacity': {'a': {'cpu': 'lots'}}")))
                .isEqualTo("""
                        rules.json: $.apps.AP1.demand.cpu: must not be negative, was -1
                        rules.json: $.capacity.a.cpu: must be a number, not the string "lots\"""");
    }

    @Test
    void apart_naming_the_app_itself_or_an_unknown_app_is_an_error() {
        assertThat(problems(file("'AP1': {'apart': ['AP1', 'AP9']}, 'AP2': {}", "")))
                .isEqualTo("""
                        rules.json: $.apps.AP1.apart[0]: an app cannot be kept apart from itself ("AP1")
                        rules.json: $.apps.AP1.apart[1]: unknown app "AP9", did you mean "AP1"? (declared apps: AP1, AP2)""");
    }

    @Test
    void a_demand_that_fits_no_allowed_server_is_an_error() {
        assertThat(problems(file("'AP1': {'demand': {'cpu': 6, 'mem': 1}, 'servers': ['a', 'b']}",
                ", 'capacity': {'a': {'cpu': 4}, 'b': {'cpu': 8, 'mem': 0}, 'c': {}}")))
                .isEqualTo("rules.json: $.apps.AP1.demand: app AP1 needs cpu 6, mem 1, which fits on none of its servers"
                        + " (capacity: a cpu 4, b cpu 8, mem 0)");
    }

    @Test
    void demand_apart_and_priority_inside_a_configuration_entry_are_errors() {
        assertThat(problems(file("'AP1': {}, 'AP2': {}", ", 'configurations': [{'servers': ['a', 'b'], 'apps': "
                + "{'AP1': {'demand': {'cpu': 1}, 'apart': ['AP2'], 'priority': 3}}}]")))
                .isEqualTo(List.of("demand", "apart", "priority").stream().map(f -> "rules.json: $.configurations[0].apps.AP1."
                        + f + ": \"" + f + "\" holds in every configuration: give it with the app's defaults (apps.AP1),"
                        + " not in a configuration entry").reduce((x, y) -> x + "\n" + y).orElseThrow());
    }

    @Test
    void a_priority_must_be_a_whole_number() {
        assertThat(problems(file("'AP1': {'priority': 1.5}", "")))
                .isEqualTo("rules.json: $.apps.AP1.priority: must be a whole number (between -1000000000 and 1000000000),"
                        + " not 1.5");
    }
}
