package io.baton.adapter.pacemaker;

import io.baton.api.spi.ClusterManagerException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandRunnerTest {
    private final CommandRunner runner = new CommandRunner(List.of(), Map.of("BATON_TEST", "42"), Duration.ofMillis(500));

    @Test
    void capturesOutputAndPassesTheEnvironment() throws Exception {
        CommandResult r = runner.run("testing", List.of("sh", "-c", "echo out $BATON_TEST; echo err >&2"));
        assertThat(r.stdout()).isEqualTo("out 42\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void aFailingCommandNamesTheOperationTheCommandTheExitCodeAndStderr() {
        assertThatThrownBy(() -> runner.run("setting target-role", List.of("sh", "-c", "echo 'No such object' >&2; exit 105")))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessage("setting target-role failed: sh -c echo 'No such object' >&2; exit 105 exited with code 105: "
                        + "No such object");
    }

    @Test
    void attemptReturnsTheExitCode() throws Exception {
        assertThat(runner.attempt("testing", List.of("sh", "-c", "exit 3")).exitCode()).isEqualTo(3);
    }

    @Test
    void aCommandRunningTooLongIsKilled() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> runner.run("reading the cluster status", List.of("sh", "-c", "echo slow >&2; sleep 30")))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("reading the cluster status failed: sh -c echo slow >&2; sleep 30 did not finish within 500 ms and was killed; stderr: slow");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMissingToolIsNamed() {
        assertThatThrownBy(() -> runner.run("reading the cluster status", List.of("/nonexistent/crm_mon")))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("cannot run /nonexistent/crm_mon");
    }

    @Test
    void thePrefixComesFirst() throws Exception {
        CommandRunner prefixed = new CommandRunner(List.of("env", "PREFIXED=yes"), Map.of(), Duration.ofSeconds(5));
        assertThat(prefixed.run("testing", List.of("sh", "-c", "echo $PREFIXED")).stdout()).isEqualTo("yes\n");
    }
}
