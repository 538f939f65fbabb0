package io.baton.adapter.command;

import io.baton.api.testing.Configs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandSettingsTest {
    private static final Map<String, Object> REQUIRED = Map.of(
            "membersCommand", "cm members", "statusCommand", "cm status",
            "startCommand", "cm run {app} {node}", "stopCommand", "cm halt {app} {node}");

    private static CommandSettings settings(Map<String, Object> extra) {
        Map<String, Object> values = new HashMap<>(REQUIRED);
        values.putAll(extra);
        return CommandSettings.from(Configs.of(CommandConfig.class, values));
    }

    @Test
    void defaults_are_30_s_timeout_2_s_polling_and_no_move_or_backup_command() {
        CommandSettings s = settings(Map.of());
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.move()).isEmpty();
        assertThat(s.setBackup()).isEmpty();
        assertThat(s.start().args()).isEqualTo(List.of("cm", "run", "{app}", "{node}"));
    }

    @Test
    void optional_commands_are_taken_when_given() {
        CommandSettings s = settings(Map.of("moveCommand", "cm move {app} {from} {to}",
                "setBackupCommand", "cm backup {app} {backup}", "timeoutSeconds", 5, "pollIntervalSeconds", 1));
        assertThat(s.move().orElseThrow().argv(Map.of("app", "A", "from", "a", "to", "b")))
                .containsExactly("cm", "move", "A", "a", "b");
        assertThat(s.setBackup()).isPresent();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void every_problem_names_the_pid_and_the_key() {
        assertThatThrownBy(() -> CommandSettings.from(Configs.of(CommandConfig.class, Map.of())))
                .hasMessage("io.baton.adapter.command: membersCommand is required");
        assertThatThrownBy(() -> settings(Map.of("stopCommand", " ")))
                .hasMessage("io.baton.adapter.command: stopCommand is required");
        assertThatThrownBy(() -> settings(Map.of("moveCommand", "cm move {app} {node}")))
                .hasMessageStartingWith("io.baton.adapter.command: moveCommand: unknown placeholder {node}");
        assertThatThrownBy(() -> settings(Map.of("timeoutSeconds", 0)))
                .hasMessage("io.baton.adapter.command: timeoutSeconds must be at least 1, was 0");
        assertThatThrownBy(() -> settings(Map.of("pollIntervalSeconds", -1)))
                .hasMessage("io.baton.adapter.command: pollIntervalSeconds must be at least 1, was -1");
        assertThatThrownBy(() -> settings(Map.of("membersPattern", "(\\S+)")))
                .hasMessageStartingWith("io.baton.adapter.command: membersPattern: needs a named group (?<node>");
    }
}
