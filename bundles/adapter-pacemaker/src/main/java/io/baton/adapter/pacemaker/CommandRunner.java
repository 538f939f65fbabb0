package io.baton.adapter.pacemaker;

import io.baton.api.spi.ClusterManagerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs one Pacemaker command (after the configured prefix, with the configured environment) with a
 * timeout, capturing stdout and stderr in temporary files. On timeout the command and its descendants are
 * killed. Never run through a shell: each argument stays one argument.
 */
class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
    private static final int ERROR_LINES = 5;

    private final List<String> prefix;
    private final Map<String, String> environment;
    private final Duration timeout;

    CommandRunner(List<String> prefix, Map<String, String> environment, Duration timeout) {
        this.prefix = List.copyOf(prefix);
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    /**
     * Runs the command to its end, whatever its exit code.
     *
     * @param operation what the command is for, e.g. "reading the cluster status", for messages
     * @throws ClusterManagerException if it cannot be started or runs longer than the timeout
     */
    CommandResult attempt(String operation, List<String> command) throws ClusterManagerException {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        String line = String.join(" ", argv);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("baton-pacemaker-", ".out");
            err = Files.createTempFile("baton-pacemaker-", ".err");
            long start = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            int exit = await(operation, line, process, err);
            CommandResult result = new CommandResult(line, exit, read(out), read(err));
            LOG.debug("{}: {} exited with {} after {} ms", operation, line, exit,
                    (System.nanoTime() - start) / 1_000_000);
            return result;
        } catch (IOException e) {
            throw new ClusterManagerException(operation + " failed: cannot run " + line + ": " + e.getMessage(), e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    /**
     * Runs the command; an exit code other than 0 is an error.
     *
     * @throws ClusterManagerException naming the operation, the command, its exit code and its error output
     */
    CommandResult run(String operation, List<String> command) throws ClusterManagerException {
        CommandResult result = attempt(operation, command);
        if (!result.ok()) {
            throw failure(operation, result);
        }
        return result;
    }

    /** The exception for a command that exited with an error. */
    static ClusterManagerException failure(String operation, CommandResult result) {
        return new ClusterManagerException(operation + " failed: " + result.command() + " exited with code "
                + result.exitCode() + ": " + excerpt(result));
    }

    /** The first lines of stderr, else of stdout (crm_mon --output-as=xml reports its errors there). */
    static String excerpt(CommandResult result) {
        String errors = firstLines(result.stderr());
        if (!errors.isEmpty()) {
            return errors;
        }
        String fromXml = CrmMonParser.errors(result.stdout());
        if (!fromXml.isEmpty()) {
            return fromXml;
        }
        String stdout = firstLines(result.stdout());
        return stdout.isEmpty() ? "(no output)" : "(no stderr) stdout: " + stdout;
    }

    private int await(String operation, String line, Process process, Path err)
            throws IOException, ClusterManagerException {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            killTree(process.toHandle());
            process.waitFor(5, TimeUnit.SECONDS);
            String stderr = firstLines(read(err));
            throw new ClusterManagerException(operation + " failed: " + line + " did not finish within "
                    + timeout.toMillis() + " ms and was killed" + (stderr.isEmpty() ? "" : "; stderr: " + stderr));
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

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static String firstLines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(ERROR_LINES)
                .collect(Collectors.joining(" / "));
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
