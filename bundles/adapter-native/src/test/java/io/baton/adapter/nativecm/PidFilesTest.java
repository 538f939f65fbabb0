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
        long ticks = PidFiles.startTicks(process.pid()).orElseThrow();
        Path file = PidFiles.write(run, "web", process.pid(), Instant.now(), false, ticks - 1);

        assertThat(PidFiles.scan(run)).as("the pid was reused by an unrelated process").isEmpty();
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void a_file_of_an_older_agent_is_judged_by_its_start_millis() throws Exception {
        process = new ProcessBuilder("sleep", "30").start();
        Path file = run.resolve("web.pid");
        Files.createDirectories(run);
        Files.writeString(file, process.pid() + " " + Instant.now().minus(Duration.ofHours(1)).toEpochMilli() + " false\n");

        assertThat(PidFiles.scan(run)).as("started an hour before: another process").isEmpty();
        Files.writeString(file, process.pid() + " " + process.toHandle().info().startInstant().orElseThrow().toEpochMilli()
                + " false\n");
        assertThat(PidFiles.scan(run)).as("the same start").hasSize(1);
    }

    @Test
    void a_wall_clock_step_does_not_hide_a_live_app_recorded_with_its_start_ticks() throws Exception {
        process = new ProcessBuilder("sleep", "30").start();
        PidFiles.write(run, "web", process.pid(), Instant.now().plusMillis(10_600), false);

        assertThat(PidFiles.scan(run)).as("found by the kernel's start ticks").singleElement()
                .satisfies(found -> assertThat(found.handle().pid()).isEqualTo(process.pid()));
    }
}
