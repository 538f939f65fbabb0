package io.baton.simulator;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A scenario may start from the cluster as it stands ({@code "tables"}, the shape of the simulator's own output)
 * instead of an initial start: what-if from now, and the fault campaign's oracle after each round.
 */
class StartFromTablesTest {
    private static final String RULES = "'rules': {'cluster': 'c', 'servers': ['a', 'b', 'c'], 'apps': {"
            + "'X': {}, 'Y': {'autoMove': true}, 'Z': {'servers': ['b', 'c']}}}";

    @Test
    void from_the_tables_of_a_step_the_next_steps_are_those_of_the_whole_run() throws Exception {
        List<String> events = List.of("{'fail': 'a'}", "{'fail': 'b'}", "{'join': 'a'}", "{'join': 'b'}",
                "{'move': {'app': 'X', 'to': 'b'}}", "{'detach': 'c'}", "{'attach': 'c'}");
        List<SimulationStep> whole = Scenarios.run("{" + RULES + ", 'steps': [" + String.join(", ", events) + "]}");
        for (int from = 0; from < whole.size() - 1; from++) {
            JsonObject tables = new JsonObject();
            tables.add("servers", SimulationOutput.servers(whole.get(from).tables()));
            tables.add("apps", SimulationOutput.apps(whole.get(from).tables()));
            String rest = String.join(", ", events.subList(from, events.size()));
            List<SimulationStep> after = Scenarios.run("{" + RULES + ", 'tables': " + tables.toString().replace('"', '\'')
                    + ", 'steps': [" + rest + "]}");

            assertThat(Scenarios.apps(after.get(0))).as("step 0 is the tables given").isEqualTo(Scenarios.apps(whole.get(from)));
            assertThat(Scenarios.apps(after)).as("from step %d", from)
                    .isEqualTo(Scenarios.apps(whole.subList(from, whole.size())));
            assertThat(after.get(after.size() - 1).tables().servers())
                    .isEqualTo(whole.get(whole.size() - 1).tables().servers());
        }
    }

    @Test
    void servers_not_listed_are_down_and_apps_not_listed_stopped() throws Exception {
        List<SimulationStep> steps = Scenarios.run("{" + RULES + ", 'tables': {'servers': {'b': {'state': 'up'}},"
                + " 'apps': {'Z': {'running': 'b', 'backup': null}}}, 'steps': [{'join': 'c'}]}");
        assertThat(Scenarios.apps(steps.get(0))).isEqualTo("Z@b>-");
        assertThat(steps.get(0).tables().server("a").state().label()).isEqualTo("down");
        assertThat(Scenarios.apps(steps.get(1))).as("c joins: the stopped apps start on it (SPEC, join step 1), Z backs"
                + " up on it").isEqualTo("X@c>b Y@c>b Z@b>c");
    }

    @Test
    void tables_that_cannot_be_are_refused_each_with_its_path() {
        assertThat(rejected("{" + RULES + ", 'up': ['a'], 'tables': {'servers': {'a': {'state': 'failed'},"
                + " 'b': {'state': 'up', 'load': -1}, 'c': {'state': 'sleeping'}, 'q': {'state': 'up'}},"
                + " 'apps': {'X': {'running': 'a', 'backup': 'b'}, 'Y': {'running': null, 'backup': 'c'},"
                + " 'Z': {'running': 'b', 'backup': 'b'}, 'W': {}}, 'more': 1}}")).isEqualTo("""
                test.json: $.up: give "up" (an initial start) or "tables" (a cluster as it stands), not both: the tables say who is up
                test.json: $.tables.more: unknown field "more" (allowed here: servers, apps)
                test.json: $.tables.servers.b.load: a load must not be negative, was -1.0
                test.json: $.tables.servers.c.state: unknown value "sleeping" (one of up, failed, detached, down)
                test.json: $.tables.servers.q: unknown server "q" (servers: a, b, c)
                test.json: $.tables.apps.X.running: X runs on a, which is failed in the server table (only an up server runs apps)
                test.json: $.tables.apps.Y.backup: a stopped app has no backup (SPEC), but Y names c
                test.json: $.tables.apps.Z.backup: Z cannot back itself up on b
                test.json: $.tables.apps.W: unknown app "W\"""");
        assertThat(rejected("{" + RULES + ", 'tables': {'servers': {'c': {}}}}"))
                .isEqualTo("test.json: $.tables.servers.c: missing field \"state\" (one of up, failed, detached, down)");
    }

    private static String rejected(String json) {
        ScenarioException e = catchThrowableOfType(ScenarioException.class, () -> Scenarios.run(json));
        assertThat(e).as("rejected").isNotNull();
        return e.getMessage();
    }
}
