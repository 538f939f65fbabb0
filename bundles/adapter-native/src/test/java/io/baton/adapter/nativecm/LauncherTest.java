package io.baton.adapter.nativecm;

import io.baton.api.model.LaunchSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An app's command line runs under /bin/sh in its own session; the warm-up runs the same path and leaves nothing. */
class LauncherTest {
    @TempDir
    Path tmp;

    @Test
    void an_app_runs_in_its_own_session_with_its_output_in_its_log() throws Exception {
        Settings settings = Settings.under(tmp);
        Process p = Launcher.launch("web", new LaunchSpec("echo hello from $GREETING; cut -d\" \" -f6 /proc/$$/stat",
                Optional.empty(), Map.of("GREETING", "web")), settings);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

        String log = Files.readString(settings.logDirectory().resolve("web.log"));
        assertThat(log).contains("baton starts web: echo hello").contains("hello from web\n");
        if (!ProcessTree.sessionPrefix().isEmpty()) {
            assertThat(log.strip()).as("the session id is the shell's own pid").endsWith(Long.toString(p.pid()));
        }
    }

    @Test
    void the_warm_up_runs_true_through_the_same_path_and_writes_no_log() throws Exception {
        Settings settings = Settings.under(tmp);
        Process p = Launcher.warmUp(settings);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(settings.logDirectory()).doesNotExist();
    }
}
