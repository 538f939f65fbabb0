package io.baton.adapter.command;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTemplateTest {
    private static final Set<String> APP_NODE = Set.of("app", "node");

    @Test
    void placeholders_are_replaced_inside_each_argument() {
        CommandTemplate t = CommandTemplate.parse("startCommand", "cmrunpkg -n {node} {app} --tag=x-{app}-{node}", APP_NODE);
        assertThat(t.argv(Map.of("app", "pkg1", "node", "n1")))
                .containsExactly("cmrunpkg", "-n", "n1", "pkg1", "--tag=x-pkg1-n1");
    }

    @Test
    void a_value_with_blanks_quotes_or_shell_syntax_stays_one_argument() {
        CommandTemplate t = CommandTemplate.parse("startCommand", "run {app} {node}", APP_NODE);
        String evil = "it's \"AP 1\"; touch /tmp/pwned $(id)";
        assertThat(t.argv(Map.of("app", evil, "node", "a"))).containsExactly("run", evil, "a");
    }

    @Test
    void a_value_is_not_scanned_for_placeholders_again() {
        CommandTemplate t = CommandTemplate.parse("startCommand", "run {app} {node}", APP_NODE);
        assertThat(t.argv(Map.of("app", "{node}", "node", "a"))).containsExactly("run", "{node}", "a");
    }

    @Test
    void an_empty_value_stays_an_argument_so_positions_do_not_shift() {
        CommandTemplate t = CommandTemplate.parse("setBackupCommand", "backup {app} {backup}", Set.of("app", "backup"));
        assertThat(t.argv(Map.of("app", "AP1", "backup", ""))).containsExactly("backup", "AP1", "");
    }

    @Test
    void an_unknown_or_misplaced_placeholder_is_rejected_naming_the_key() {
        assertThatThrownBy(() -> CommandTemplate.parse("startCommand", "run {ap} {node}", APP_NODE))
                .hasMessage("startCommand: unknown placeholder {ap}; it may use {app} {node} in: run {ap} {node}");
        assertThatThrownBy(() -> CommandTemplate.parse("statusCommand", "status {app}", Set.of()))
                .hasMessageContaining("statusCommand: unknown placeholder {app}; this command takes none");
    }

    @Test
    void braces_that_are_not_a_placeholder_stay_as_they_are() {
        CommandTemplate t = CommandTemplate.parse("statusCommand", "awk '{print $1, $2}' /var/run/cm", Set.of());
        assertThat(t.argv(Map.of())).containsExactly("awk", "{print $1, $2}", "/var/run/cm");
    }

    @Test
    void a_placeholder_inside_a_shell_script_is_rejected_but_passing_it_as_an_argument_is_fine() {
        assertThatThrownBy(() -> CommandTemplate.parse("startCommand", "sh -c 'cmrunpkg -n {node} {app}'", APP_NODE))
                .hasMessageStartingWith("startCommand: a placeholder inside the sh -c script would be parsed by the shell");
        assertThatThrownBy(() -> CommandTemplate.parse("startCommand", "/usr/bin/env LC_ALL=C /bin/bash -ec 'x {app}'", APP_NODE))
                .hasMessageContaining("inside the sh -c script");

        CommandTemplate safe = CommandTemplate.parse("startCommand",
                "sh -c 'cmrunpkg -n \"$1\" \"$2\" && cmmodpkg -e \"$2\"' sh {node} {app}", APP_NODE);
        assertThat(safe.argv(Map.of("app", "a b", "node", "n1"))).containsExactly("sh", "-c",
                "cmrunpkg -n \"$1\" \"$2\" && cmmodpkg -e \"$2\"", "sh", "n1", "a b");
        // a script of a program that merely looks like a shell option is no shell
        assertThat(CommandTemplate.parse("startCommand", "myctl -c 'start {app}' {node}", APP_NODE).args()).hasSize(4);
    }

    @Test
    void bad_quoting_or_no_program_is_rejected_naming_the_key() {
        assertThatThrownBy(() -> CommandTemplate.parse("stopCommand", "halt '{app}", APP_NODE))
                .hasMessage("stopCommand: unterminated single quote at column 6 in: halt '{app}");
        assertThatThrownBy(() -> CommandTemplate.parse("stopCommand", "  '' {app}", APP_NODE))
                .hasMessage("stopCommand: no program given");
    }
}
