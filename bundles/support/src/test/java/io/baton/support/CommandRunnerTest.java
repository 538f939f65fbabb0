package io.baton.support;

import io.baton.api.spi.ClusterManagerException;
import io.baton.api.testing.Await;
import io.baton.api.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runner both command-line adapters use: output, errors, timeouts, environment and prefix. */
class CommandRunnerTest {
    private static final int MAX_OUTPUT = 1024 * 1024;
    private final CommandRunner runner = new CommandRunner(List.of(), Map.of(), Duration.ofSeconds(10), MAX_OUTPUT);

    @Test
    void captures_the_output_of_a_command_that_succeeds() throws ClusterManagerException {
        CommandResult result = runner.run("test", List.of("sh", "-c", "echo out; echo warn >&2"));
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("warn\n");
    }

    @Test
    void a_failure_names_the_operation_the_command_line_the_exit_code_and_the_first_stderr_lines() {
        assertThatThrownBy(() -> runner.run("start of AP1 on a", List.of("sh", "-c",
                "echo ignored; for i in 1 2 3 4 5 6 7; do echo \"line $i\" >&2; done; exit 3", "my script")))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessage("start of AP1 on a failed: sh -c 'echo ignored; for i in 1 2 3 4 5 6 7; do echo \"line $i\" >&2;"
                        + " done; exit 3' 'my script' exited with code 3: line 1 / line 2 / line 3 / line 4 / line 5");
    }

    @Test
    void without_stderr_the_message_shows_stdout() {
        assertThatThrownBy(() -> runner.run("op", List.of("sh", "-c", "echo cluster not quorate; exit 1")))
                .hasMessageEndingWith("exited with code 1: (no stderr) stdout: cluster not quorate");
    }

    @Test
    void a_program_that_does_not_exist_is_reported_as_such() {
        assertThatThrownBy(() -> runner.run("reading the status", List.of("/nonexistent/cmviewcl", "-l", "package")))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageStartingWith("reading the status failed: cannot run /nonexistent/cmviewcl -l package: ")
                .hasMessageContaining("No such file");
    }

    @Test
    void a_command_waiting_for_input_gets_end_of_file() throws ClusterManagerException {
        assertThat(runner.run("op", List.of("cat")).stdout()).isEmpty();
    }

    @Test
    void a_daemon_left_holding_the_output_does_not_block() throws ClusterManagerException {
        long start = System.nanoTime();
        // the background sleep inherits stdout and stderr and outlives the command
        CommandResult result = runner.run("op", List.of("sh", "-c", "sleep 5 & echo started"));
        assertThat(result.stdout()).isEqualTo("started\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_command_running_past_the_timeout_is_killed_with_its_children(@TempDir Path dir) throws Exception {
        CommandRunner quick = new CommandRunner(List.of(), Map.of(), Duration.ofMillis(500), MAX_OUTPUT);
        Path pids = dir.resolve("pids");
        long start = System.nanoTime();
        assertThatThrownBy(() -> quick.run("reading the status", List.of("sh", "-c",
                "sleep 60 & echo $! > \"$1\"; echo hanging >&2; wait", "sh", pids.toString())))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageStartingWith("reading the status failed: sh -c ")
                .hasMessageEndingWith("did not finish within 500 ms and was killed; stderr: hanging");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        long child = Long.parseLong(Files.readString(pids).strip());
        Await.until("the child sleep to be killed", Duration.ofSeconds(5), () -> Processes.ended(child));
    }

    @Test
    void attempt_returns_the_exit_code_instead_of_failing() throws ClusterManagerException {
        CommandResult result = runner.attempt("testing", List.of("sh", "-c", "echo partial; exit 3"));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.ok()).isFalse();
        assertThat(result.stdout()).isEqualTo("partial\n");
        assertThat(result.command()).isEqualTo("sh -c 'echo partial; exit 3'");
    }

    @Test
    void the_environment_is_added_and_the_prefix_comes_first() throws ClusterManagerException {
        CommandRunner prefixed = new CommandRunner(List.of("env", "PREFIXED=yes"), Map.of("BATON_TEST", "42"),
                Duration.ofSeconds(5), MAX_OUTPUT);
        CommandResult result = prefixed.run("testing", List.of("sh", "-c", "echo $PREFIXED $BATON_TEST"));
        assertThat(result.stdout()).isEqualTo("yes 42\n");
        assertThat(result.command()).startsWith("env PREFIXED=yes sh -c ");
    }

    @Test
    void output_beyond_the_limit_is_cut() throws ClusterManagerException {
        CommandRunner small = new CommandRunner(List.of(), Map.of(), Duration.ofSeconds(5), 10);
        assertThat(small.run("testing", List.of("sh", "-c", "echo 0123456789abcdef")).stdout()).isEqualTo("0123456789");
    }

    @Test
    void display_quotes_what_a_shell_would_split() {
        assertThat(CommandRunner.display(List.of("cmrunpkg", "-n", "n1", "my app", "it's", "", "a=b")))
                .isEqualTo("cmrunpkg -n n1 'my app' 'it'\\''s' '' a=b");
    }

    @Test
    void a_runner_made_with_its_own_excerpt_shows_that_in_its_errors() {
        CommandRunner xmlAware = new CommandRunner(List.of(), Map.of(), Duration.ofSeconds(5), MAX_OUTPUT,
                r -> "from stdout: " + r.stdout().strip());
        assertThatThrownBy(() -> xmlAware.run("op", List.of("sh", "-c", "echo '<error>no quorum</error>'; exit 2")))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageEndingWith("exited with code 2: from stdout: <error>no quorum</error>");
    }
}
