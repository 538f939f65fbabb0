package io.baton.itests.cluster;

import io.baton.api.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tests take for the OS truth: an app's process is its own, not whatever holds its pid later. */
class AppProcessesTest {

    @Test
    void an_app_runs_while_its_own_process_lives_and_a_pid_held_by_another_process_is_not_it(@TempDir Path dir)
            throws Exception {
        AppProcesses processes = new AppProcesses(dir);
        Process app = new ProcessBuilder("bash", "-c", "exec " + processes.command("a1"))
                .directory(dir.toFile()).start();
        try {
            Await.until("a1's start recorded", Duration.ofSeconds(10),
                    () -> !processes.events("a1").isEmpty());
            assertThat(processes.running("a1")).isEqualTo(Map.of("unknown", Set.of(app.pid())));
            assertThat(processes.placement(Set.of("a1"))).isEqualTo(Map.of("a1", List.of("unknown")));

            // a start record whose pid is now another process's (a pid reused): this test's JVM
            Files.writeString(processes.eventFile("a2"), "start a2 n9 " + ProcessHandle.current().pid() + " 1\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            assertThat(processes.running("a2")).as("a pid held by a process that is not a2").isEmpty();
        } finally {
            app.destroyForcibly().waitFor();
        }
        assertThat(processes.running("a1")).as("a1 after kill -9").isEmpty();
    }
}
