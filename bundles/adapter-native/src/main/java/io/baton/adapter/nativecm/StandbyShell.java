package io.baton.adapter.nativecm;

import io.baton.support.CommandRunner;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.baton.support.CommandRunner.quote;

/**
 * A shell started ahead of need, in its own session, blocked reading commands from its stdin (a pipe from this
 * JVM). {@link #become} writes it one line that redirects its input and output, changes directory, exports the
 * app's environment and execs the app: a start costs a pipe write and one exec instead of spawn helper, setsid
 * and shell one after the other (~15 ms -> ~6 ms to the app's first line on a 2-core VM), which counts on a
 * takeover. Left unused it exits as soon as its stdin closes, which includes this JVM dying.
 */
final class StandbyShell {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Process process;
    private final Instant started;

    private StandbyShell(Process process, Instant started) {
        this.process = process;
        this.started = started;
    }

    /** Starts a standby shell; its output goes nowhere until it becomes an app. */
    static StandbyShell start() throws IOException {
        return start(java.util.Map.of());
    }

    /**
     * Starts a shell with this extra environment given at its start (names a shell cannot {@code export} included),
     * to become an app at once: the long way of a start, in two steps all the same, so the app's pid is known
     * before its command runs.
     */
    static StandbyShell start(Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(ProcessTree.sessionPrefix());
        command.addAll(List.of("/bin/sh", "-s"));
        Instant spawned = Instant.now();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process process = builder.start();
        return new StandbyShell(process, process.toHandle().info().startInstant().orElse(spawned));
    }

    /**
     * When this process started, as the kernel has it: an app that becomes it keeps its pid and start time, long
     * before the takeover, and its pid file must say so (it tells a live app from a reused pid).
     */
    Instant started() {
        return started;
    }

    /**
     * Whether a shell can set up this environment ({@code export NAME=value}); else start the app the long way, where
     * {@code /bin/sh} drops such a variable but still runs the command (rule files reject them anyway).
     */
    static boolean accepts(Map<String, String> env) {
        return env.entrySet().stream().allMatch(e -> NAME.matcher(e.getKey()).matches()
                && e.getValue().indexOf('\0') < 0);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** This shell's pid, which the app keeps when the shell execs it. */
    long pid() {
        return process.pid();
    }

    /**
     * Turns this shell into the app: stdin from /dev/null, stdout and stderr appended to {@code log} (so a failing
     * {@code cd} or a command not found is reported there), the working directory and extra environment set, then
     * the command exec'd — directly if it is a {@link PlainCommand}, else through {@code /bin/sh -c}. Returns the
     * app's process (this shell's pid). Throws if the shell is gone.
     */
    Process become(Path dir, Map<String, String> env, Path log, String commandLine) throws IOException {
        return become(script(dir, env, log, commandLine));
    }

    /** As {@link #become}, the command always through {@code /bin/sh -c} (the long way's shape). */
    Process becomeShell(Path dir, Path log, String commandLine) throws IOException {
        return become("exec </dev/null >>" + quote(log.toString()) + " 2>&1 && cd " + quote(dir.toString())
                + " && exec /bin/sh -c " + quote(commandLine) + "\n");
    }

    private Process become(String script) throws IOException {
        try (OutputStream in = process.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
            in.flush(); // here, so a closed pipe throws (a second close would not flush)
        }
        return process;
    }

    /** Ends an unused standby. */
    void discard() {
        try {
            process.getOutputStream().close(); // EOF: the shell exits by itself
        } catch (IOException e) {
            // already gone
        }
        process.destroy();
    }

    /**
     * One line, so the shell has parsed all of it before its first command switches its input to /dev/null.
     * Every value is single-quoted; nothing in it is expanded by this shell.
     */
    static String script(Path dir, Map<String, String> env, Path log, String commandLine) {
        StringBuilder s = new StringBuilder("exec </dev/null >>").append(quote(log.toString())).append(" 2>&1")
                .append(" && cd ").append(quote(dir.toString()));
        env.forEach((name, value) -> s.append(" && export ").append(name).append('=').append(quote(value)));
        s.append(" && exec ").append(PlainCommand.words(commandLine)
                .map(words -> words.stream().map(CommandRunner::quote).collect(Collectors.joining(" ")))
                .orElseGet(() -> "/bin/sh -c " + quote(commandLine)));
        return s.append('\n').toString();
    }
}
