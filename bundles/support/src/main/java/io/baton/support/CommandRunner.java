package io.baton.support;

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
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a cluster manager's command-line tool with a timeout, never through a shell: each argument stays one
 * argument. Output goes to temporary files, not pipes: a command that leaves a daemon behind holding its
 * stdout (common for "start" commands) would otherwise block the reader until that daemon exits. Stdin is
 * closed at once, so a command asking for input gets end-of-file, not a hang. On timeout the command and its
 * descendants are killed.
 */
public final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    /** Words a shell takes as they are (quote() is on a takeover's path: compiled once). */
    private static final Pattern UNQUOTED = Pattern.compile("[A-Za-z0-9_./=:,+@%^-]+");

    private final List<String> prefix;
    private final Map<String, String> environment;
    private final Duration timeout;
    private final int maxOutputBytes;
    private final Function<CommandResult, String> excerpt;

    /** A runner whose errors show {@link CommandResult#excerpt()} of a failed command. */
    public CommandRunner(List<String> prefix, Map<String, String> environment, Duration timeout, int maxOutputBytes) {
        this(prefix, environment, timeout, maxOutputBytes, CommandResult::excerpt);
    }

    /**
     * @param prefix         put before every command, e.g. {@code nsenter -t PID -m -n} or {@code sudo -n}
     * @param environment    added to the command's environment
     * @param timeout        how long a command may run before it is killed
     * @param maxOutputBytes how much of stdout and of stderr is read
     * @param excerpt        what an error shows of a failed command's output (a tool may report errors on stdout)
     */
    public CommandRunner(List<String> prefix, Map<String, String> environment, Duration timeout, int maxOutputBytes,
                         Function<CommandResult, String> excerpt) {
        this.prefix = List.copyOf(prefix);
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
        this.maxOutputBytes = maxOutputBytes;
        this.excerpt = excerpt;
    }

    /**
     * Runs the command to its end, whatever its exit code.
     *
     * @param operation what the command is for, e.g. "reading the cluster status", for messages
     * @throws ClusterManagerException if it cannot be started or runs longer than the timeout; the message names
     *                                 the operation, the command line and the first lines of stderr
     */
    public CommandResult attempt(String operation, List<String> command) throws ClusterManagerException {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        String line = display(argv);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("baton-command-", ".out");
            err = Files.createTempFile("baton-command-", ".err");
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
     * @throws ClusterManagerException as {@link #attempt}, and for an exit code other than 0 {@link #failure}
     */
    public CommandResult run(String operation, List<String> command) throws ClusterManagerException {
        CommandResult result = attempt(operation, command);
        if (!result.ok()) {
            throw failure(operation, result);
        }
        return result;
    }

    /** The exception for a command that exited with an error: operation, command line, exit code, its excerpt. */
    public ClusterManagerException failure(String operation, CommandResult result) {
        return new ClusterManagerException(operation + " failed: " + result.command() + " exited with code "
                + result.exitCode() + ": " + excerpt.apply(result));
    }

    /** A command line as a person would type it: arguments a shell would split or expand are single-quoted. */
    public static String display(List<String> argv) {
        return argv.stream().map(CommandRunner::quote).collect(Collectors.joining(" "));
    }

    /**
     * {@code arg} as one word for a POSIX shell: as is when nothing in it is special, else single-quoted. (Not for
     * a command's first word: an unquoted {@code =} there makes it a variable assignment.)
     */
    public static String quote(String arg) {
        if (UNQUOTED.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private int await(String operation, String line, Process process, Path err)
            throws IOException, ClusterManagerException {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            killTree(process.toHandle());
            process.waitFor(5, TimeUnit.SECONDS);
            String stderr = CommandResult.firstLines(read(err));
            throw new ClusterManagerException(operation + " failed: " + line + " did not finish within "
                    + readable(timeout) + " and was killed" + (stderr.isEmpty() ? "" : "; stderr: " + stderr));
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

    private String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            // UTF-8: what current CLIs print, whatever locale Karaf was started with
            return new String(in.readNBytes(maxOutputBytes), StandardCharsets.UTF_8);
        }
    }

    private static String readable(Duration d) {
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
