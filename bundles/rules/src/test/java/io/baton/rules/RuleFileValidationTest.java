package io.baton.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every rule-file problem is reported with the file, the JSON path and a precise message. */
class RuleFileValidationTest {

    /** A valid file to break one field at a time; single quotes stand for double quotes. */
    private static String file(String apps, String extra) {
        return ("{'cluster': 'demo', 'servers': ['a', 'b', 'c'], 'apps': {" + apps + "}" + extra + "}").replace('\'', '"');
    }

    private static String problems(String text) {
        RuleFileException e = catchThrowableOfType(RuleFileException.class, () -> RuleFiles.parse("rules.json", text));
        assertThat(e).as("rejected").isNotNull();
        return e.getMessage();
    }

    @Test
    void a_document_nested_beyond_the_limit_is_rejected_without_exhausting_the_stack() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000); // ~20 KB: a StackOverflowError before the limit
        assertThat(problems(file("'AP1': {}", ", 'x': " + deep)))
                .isEqualTo("rules.json: $.x" + "[0]".repeat(StrictJson.NESTING_LIMIT - 1)
                        + ": nested deeper than " + StrictJson.NESTING_LIMIT + " levels of arrays and objects");
    }

    @Test
    void an_unknown_server_in_a_configuration_is_named_with_its_path() {
        assertThat(problems(file("'AP1': {}", ", 'configurations': [{'servers': ['a', 'x'], 'apps': {}}]")))
                .isEqualTo("rules.json: $.configurations[0].servers[1]: unknown server \"x\" (declared servers: a, b, c)");
    }

    @Test
    void an_unknown_app_in_a_configuration_is_named_with_a_suggestion() {
        assertThat(problems(file("'AP1': {}", ", 'configurations': [{'servers': ['a', 'b'], 'apps': {'AP7': {}, 'Ap1': {}}}]")))
                .isEqualTo("""
                        rules.json: $.configurations[0].apps.AP7: unknown app "AP7", did you mean "AP1"? (declared apps: AP1)
                        rules.json: $.configurations[0].apps.Ap1: unknown app "Ap1", did you mean "AP1"? (declared apps: AP1)""");
    }

    @Test
    void an_unknown_field_is_an_error_with_the_nearest_allowed_name() {
        assertThat(problems(file("'AP1': {'autoMov': true}", "")))
                .isEqualTo("rules.json: $.apps.AP1.autoMov: unknown field \"autoMov\", did you mean \"autoMove\"? "
                        + "(allowed here: command, workingDirectory, env, primary, backup, fixed, autoMove, servers, demand, apart, "
                        + "priority)");
        assertThat(problems(file("'AP1': {}", ", 'hysteresis': 3")))
                .startsWith("rules.json: $.hysteresis: unknown field \"hysteresis\" (allowed here: cluster,");
    }

    @Test
    void a_backup_naming_its_own_primary_is_rejected() {
        assertThat(problems(file("'AP1': {'primary': 'a', 'backup': 'a'}", "")))
                .isEqualTo("rules.json: $.apps.AP1.backup: backup names the app's own primary \"a\": it could never take the app over");
        assertThat(problems(file("'AP1': {}", ", 'configurations': [{'servers': ['a', 'b'], 'apps': {'AP1': {'primary': 'b', 'backup': 'b'}}}]")))
                .isEqualTo("rules.json: $.configurations[0].apps.AP1.backup: backup names the app's own primary \"b\": it could never take the app over");
    }

    @Test
    void an_environment_the_shell_cannot_pass_on_is_rejected() {
        assertThat(problems(file("'AP1': {'command': 'run', 'env': {'my.setting': '1', 'OK_1': '2', 'NUL': 'a\\u0000b'}}", "")))
                .isEqualTo("""
                        rules.json: $.apps.AP1.env['my.setting']: "my.setting" is not an environment variable name: \
                        use letters, digits and _, not starting with a digit
                        rules.json: $.apps.AP1.env.NUL: an environment variable's value cannot contain the NUL character""");
    }

    @Test
    void a_server_listed_twice_is_rejected_with_both_places() {
        assertThat(problems("{\"cluster\": \"demo\", \"servers\": [\"a\", \"b\", \"a\"], \"apps\": {}}"))
                .isEqualTo("rules.json: $.servers[2]: server \"a\" is listed twice (first at $.servers[0])");
    }

    @Test
    void an_empty_cluster_is_rejected() {
        assertThat(problems("{\"cluster\": \"demo\", \"servers\": [], \"apps\": {}}"))
                .isEqualTo("rules.json: $.servers: an empty cluster: list at least one server");
    }

    @Test
    void missing_required_fields_are_each_reported() {
        assertThat(problems("{}")).isEqualTo("""
                rules.json: $: missing field "cluster"
                rules.json: $: missing field "servers"
                rules.json: $: missing field "apps\"""");
    }

    @Test
    void every_problem_of_a_file_is_reported_at_once() {
        String text = file("'AP1': {'primary': 'z', 'backup': 7, 'fixed': 'yes'}, 'bad name': {}",
                ", 'loadHysteresis': -1, 'model': 'n-to-2'");
        assertThat(problems(text)).isEqualTo("""
                rules.json: $.loadHysteresis: must not be negative, was -1.0
                rules.json: $.apps.AP1.primary: unknown server "z" (declared servers: a, b, c)
                rules.json: $.apps.AP1.backup: must be "auto", "idle", "none", a server name or a list of server names, not the number 7
                rules.json: $.apps.AP1.fixed: must be true or false, not the string "yes"
                rules.json: $.apps['bad name']: invalid app name "bad name": use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit
                rules.json: $.model: unknown template "n-to-2", did you mean "n-to-1"? (templates: hot-standby, n-to-1, n-to-m, spread, priority)""");
    }

    @Test
    void malformed_json_names_the_line_and_column() {
        assertThat(problems("{\n  \"cluster\": \"demo\",\n  \"servers\": [\"a\" \"b\"]\n}"))
                .isEqualTo("rules.json: $.servers[1]: malformed JSON at line 3 column 20: unterminated array");
        assertThat(problems("  ")).isEqualTo("rules.json: $: the file is empty");
        assertThat(problems("{\"cluster\": \"demo\", \"servers\": [\"a\"], \"apps\": {}} trailing"))
                .isEqualTo("rules.json: $: unexpected text after the end of the JSON value");
    }

    @Test
    void a_duplicate_key_is_an_error_instead_of_silently_keeping_one() {
        assertThat(problems(file("'AP1': {}, 'AP1': {'primary': 'a'}", "")))
                .isEqualTo("rules.json: $.apps.AP1: duplicate key \"AP1\" (each key may appear once)");
    }

    @Test
    void a_primary_or_backup_outside_the_apps_servers_is_rejected() {
        assertThat(problems(file("'AP1': {'servers': ['b', 'c'], 'primary': 'a', 'backup': ['c', 'a']}", "")))
                .isEqualTo("""
                        rules.json: $.apps.AP1.primary: primary "a" is not among the app's servers (b, c)
                        rules.json: $.apps.AP1.backup: backup "a" is not among the app's servers (b, c)
                        rules.json: $.apps.AP1.backup: backup names the app's own primary "a": it could never take the app over""");
    }

    @Test
    void a_configuration_may_not_name_servers_that_are_down_while_it_applies() {
        assertThat(problems(file("'AP1': {}", ", 'configurations': [{'servers': ['a', 'b'], 'apps': {'AP1': {'primary': 'c', 'backup': 'c'}}}]")))
                .isEqualTo("""
                        rules.json: $.configurations[0].apps.AP1.primary: primary "c" is not up while this configuration applies (servers: a, b)
                        rules.json: $.configurations[0].apps.AP1.backup: backup "c" is not up while this configuration applies (servers: a, b)
                        rules.json: $.configurations[0].apps.AP1.backup: backup names the app's own primary "c": it could never take the app over""");
    }

    @Test
    void two_configurations_for_the_same_servers_are_rejected() {
        assertThat(problems(file("'AP1': {}", ", 'configurations': [{'servers': ['a', 'b']}, {'servers': ['b', 'a']}]")))
                .isEqualTo("rules.json: $.configurations[1].servers: the same servers as $.configurations[0] (each set of up servers may have one entry)");
    }

    @Test
    void a_template_that_does_not_fit_says_why() {
        assertThat(problems(file("'AP1': {}, 'AP2': {}, 'AP3': {}", ", 'model': 'n-to-1'")))
                .isEqualTo("rules.json: $.model: n-to-1 needs N+1 servers for N apps, not 3 servers and 3 apps");
        assertThat(problems(file("'AP1': {}", ", 'model': 'priority'")))
                .isEqualTo("rules.json: $.model: priority needs each app's \"servers\" in failover order; app #1 has none");
    }

    @Test
    void names_that_would_break_topics_or_backup_keywords_are_rejected() {
        assertThat(problems("{\"cluster\": \"de/mo\", \"servers\": [\"none\", \"a+\"], \"apps\": {}}")).isEqualTo("""
                rules.json: $.cluster: invalid cluster name "de/mo": use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit
                rules.json: $.servers[0]: "none" is a backup keyword and cannot name a server
                rules.json: $.servers[1]: invalid server name "a+": use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit""");
    }

    @Test
    void the_exception_lists_the_problems_as_records() {
        assertThatThrownBy(() -> RuleFiles.parse("r.json", "[]"))
                .isInstanceOfSatisfying(RuleFileException.class, e -> assertThat(e.problems())
                        .containsExactly(new RuleProblem("r.json", "$", "must be an object, not an array")));
    }
}
