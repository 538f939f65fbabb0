package io.baton.adapter.nativecm;

import io.baton.api.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A standby shell becomes the app exactly as {@code setsid /bin/sh -c} would start it, and leaves nothing behind. */
class StandbyShellTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    private StandbyShell shell;

    @AfterEach
    void discard() {
        if (shell != null) {
            shell.discard();
        }
    }

    @Test
    void a_plain_command_is_execd_in_place_of_the_shell_in_its_own_session() throws Exception {
        shell = StandbyShell.start();
        Path log = tmp.resolve("app.log");
        Files.writeString(log, "header\n");
        Process p = shell.become(tmp, Map.of(), log, "cat /proc/self/stat");
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();

        String[] lines = Files.readString(log).split("\n");
        assertThat(lines[0]).as("appended after what was there").isEqualTo("header");
        // /proc/self/stat: pid (comm) state ppid pgrp session ...
        String[] stat = lines[1].split(" ");
        assertThat(stat[1]).as("no shell left in between: cat itself").isEqualTo("(cat)");
        assertThat(Long.parseLong(stat[0])).as("the app is the standby's process").isEqualTo(p.pid());
        if (!ProcessTree.sessionPrefix().isEmpty()) {
            assertThat(Long.parseLong(stat[5])).as("its own session").isEqualTo(p.pid());
        }
    }

    @Test
    void a_shell_command_line_gets_its_directory_environment_and_no_input() throws Exception {
        shell = StandbyShell.start();
        Path dir = Files.createDirectories(tmp.resolve("it's here"));
        Path log = tmp.resolve("app's.log");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GREETING", "it's $not expanded; `nor this`");
        env.put("EMPTY", "");
        Process p = shell.become(dir, env, log, "pwd; echo \"[$GREETING]\" \"[$EMPTY]\"; readlink /proc/$$/fd/0; echo to stderr >&2");
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(Files.readString(log)).isEqualTo(dir + "\n[it's $not expanded; `nor this`] []\n/dev/null\nto stderr\n");
    }

    @Test
    void a_missing_directory_or_command_is_reported_in_the_app_log() throws Exception {
        shell = StandbyShell.start();
        Path log = tmp.resolve("app.log");
        Process p = shell.become(tmp.resolve("gone"), Map.of(), log, "true");
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("gone");

        shell = StandbyShell.start();
        p = shell.become(tmp, Map.of(), log, "no-such-program-here --flag");
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(127);
        assertThat(Files.readString(log)).contains("no-such-program-here").contains("not found");
    }

    @Test
    void an_unused_standby_ends_when_discarded_and_cannot_become_anything() throws Exception {
        shell = StandbyShell.start();
        assertThat(shell.alive()).isTrue();
        shell.discard();
        Await.until("the discarded standby has ended", WAIT, () -> !shell.alive());
        assertThatThrownBy(() -> shell.become(tmp, Map.of(), tmp.resolve("log"), "true"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void only_environment_names_a_shell_can_export_are_accepted() {
        assertThat(StandbyShell.accepts(Map.of("JAVA_HOME", "/opt/java", "_x1", ""))).isTrue();
        assertThat(StandbyShell.accepts(Map.of("my.setting", "1"))).isFalse();
        assertThat(StandbyShell.accepts(Map.of("1ST", "1"))).isFalse();
        assertThat(StandbyShell.accepts(Map.of("X", "a\0b"))).isFalse();
    }

    @Test
    void the_script_is_one_line_with_every_value_quoted() {
        String script = StandbyShell.script(Path.of("/srv/my app"), Map.of("MODE", "a b"), Path.of("/var/log/x.log"),
                "bash run.sh");
        assertThat(script).isEqualTo("exec </dev/null >>/var/log/x.log 2>&1 && cd '/srv/my app' && export MODE='a b'"
                + " && exec bash run.sh\n");
        assertThat(StandbyShell.script(Path.of("/"), Map.of(), Path.of("/l"), "a;\nb"))
                .endsWith(" && exec /bin/sh -c 'a;\nb'\n");
    }
}
