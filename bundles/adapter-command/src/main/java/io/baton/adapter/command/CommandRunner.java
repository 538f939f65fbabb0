package io.baton.adapter.command;

import io.baton.api.spi.ClusterManagerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs one command with a timeout. Output goes to temporary files, not pipes: a command that leaves
 * a daemon behind holding its stdout (common for "start" commands) would otherwise block the reader
 * until that daemon exits. On timeout the command and its descendants are killed.
 */
final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private static final int MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
    private static final int ERROR_LINES = 5;

    private final Duration timeout;

    CommandRunner(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @param operation what the command does, e.g. "start of AP1 on a", for messages
     * @throws ClusterManagerException if it cannot be started, exits with a code other than 0 or
     *                                 runs longer than the timeout; the message names the operation,
     *                                 the command line, the exit code and the first lines of stderr
     */
    CommandResult run(String operation, List<String> argv) throws ClusterManagerException {
        String line = CommandTemplate.display(argv);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("baton-command-", ".out");
            err = Files.createTempFile("baton-command-", ".err");
            long start = System.nanoTime();
            int exit = execute(operation, argv, line, out, err);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String stdout = read(out);
            String stderr = read(err);
            LOG.debug("{}: {} exited with {} after {} ms", operation, line, exit, took.toMillis());
            if (exit != 0) {
                throw new ClusterManagerException(operation + " failed: " + line + " exited with code " + exit
                        + ": " + excerpt(stderr, stdout));
            }
            return new CommandResult(stdout, stderr);
        } catch (IOException e) {
            throw new ClusterManagerException(operation + " failed: cannot run " + line + ": " + e.getMessage(), e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private int execute(String operation, List<String> argv, String line, Path out, Path err)
            throws IOException, ClusterManagerException {
        Process process = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close(); // a command that asks for input gets end-of-file, not a hang
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            killTree(process.toHandle());
            awaitExit(process);
            throw new ClusterManagerException(operation + " failed: " + line + " did not finish within "
                    + seconds(timeout) + " and was killed" + tail(read(err)));
        } catch (InterruptedException e) {
            killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new ClusterManagerException(operation + " interrupted: " + line + " was killed", e);
        }
    }

    /** Parent first, so it cannot start new children, then each child's own tree. */
    private static void killTree(ProcessHandle root) {
        List<ProcessHandle> children = root.children().collect(Collectors.toList());
        root.destroyForcibly();
        children.forEach(CommandRunner::killTree);
    }

    private static void awaitExit(Process process) {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            // UTF-8: what current CLIs print, whatever locale Karaf was started with
            return new String(in.readNBytes(MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static String excerpt(String stderr, String stdout) {
        String firstLines = firstLines(stderr);
        if (!firstLines.isEmpty()) {
            return firstLines;
        }
        String stdoutLines = firstLines(stdout);
        return stdoutLines.isEmpty() ? "(no output)" : "(no stderr) stdout: " + stdoutLines;
    }

    private static String tail(String stderr) {
        String firstLines = firstLines(stderr);
        return firstLines.isEmpty() ? "" : "; stderr: " + firstLines;
    }

    private static String firstLines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(ERROR_LINES)
                .collect(Collectors.joining(" / "));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("could not delete {}", file, e);
            }
        }
    }
}
