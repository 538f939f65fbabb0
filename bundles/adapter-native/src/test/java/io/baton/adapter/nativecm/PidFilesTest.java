package io.baton.adapter.nativecm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Pid files record the start by the agent's clock; adoption accepts them only for the same process. */
class PidFilesTest {
    @TempDir
    Path run;
    private Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void a_process_recorded_at_its_start_is_found_again() throws Exception {
        process = new ProcessBuilder("sleep", "30").start();
        Path file = PidFiles.write(run, "web", process.pid(), Instant.now(), true);

        assertThat(PidFiles.scan(run)).singleElement().satisfies(found -> {
            assertThat(found.app()).isEqualTo("web");
            assertThat(found.handle().pid()).isEqualTo(process.pid());
            assertThat(found.grouped()).isTrue();
            assertThat(found.file()).isEqualTo(file);
        });
        assertThat(run.resolve("web.pid.tmp")).doesNotExist();
    }

    @Test
    void a_pid_whose_process_started_at_another_time_is_not_adopted_and_its_file_is_removed() throws Exception {
        process = new ProcessBuilder("sleep", "30").start();
        Path file = PidFiles.write(run, "web", process.pid(), Instant.now().minus(Duration.ofHours(1)), false);

        assertThat(PidFiles.scan(run)).as("the pid was reused by an unrelated process").isEmpty();
        assertThat(Files.exists(file)).isFalse();
    }
}
