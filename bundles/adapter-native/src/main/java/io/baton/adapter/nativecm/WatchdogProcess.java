package io.baton.adapter.nativecm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code watchdog.sh} (the bundle resource next to this class): a bash process in its own session
 * whose stdin is a pipe from this JVM. Writing nothing within the lease, or the end of the pipe (this JVM died),
 * makes it SIGKILL the apps of the run directory's pid files; {@link #release()} makes it exit and leave them.
 */
final class WatchdogProcess {
    static final String SCRIPT = "watchdog.sh";
    private static final Path BASH = findBash();

    private final Process process;
    private final OutputStream pipe;

    private WatchdogProcess(Process process) {
        this.process = process;
        this.pipe = process.getOutputStream();
    }

    /** Whether this system can run the watchdog (bash found). */
    static boolean supported() {
        return BASH != null;
    }

    /**
     * Writes the script to {@code target}: atomically (a new file, never rewritten in place), since bash reads a
     * running script as it goes and a watchdog of an earlier activation may still run it.
     */
    static Path extract(Path target) throws IOException {
        try (InputStream in = WatchdogProcess.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the bundle");
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        }
    }

    /** Starts the script; its own messages are appended to {@code log}. */
    static WatchdogProcess launch(Path script, Path runDirectory, Duration lease, Path log) throws IOException {
        if (BASH == null) {
            throw new IOException("bash not found in /bin or /usr/bin");
        }
        Files.createDirectories(runDirectory);
        Files.createDirectories(log.toAbsolutePath().getParent());
        // Its own session: a signal to the JVM's process group or terminal (Ctrl-C) must not take it along.
        List<String> command = new ArrayList<>(ProcessTree.sessionPrefix());
        command.addAll(List.of(BASH.toString(), script.toString(), runDirectory.toString(), seconds(lease)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new WatchdogProcess(p);
    }

    /** Extends the lease: without another renewal within {@code lease} the watchdog kills the apps. */
    void renew(Duration lease) throws IOException {
        write("renew " + seconds(lease) + "\n");
    }

    /** The watchdog exits without killing anything (the apps are left for the next agent). */
    void release() {
        try {
            write("release\n");
        } catch (IOException e) {
            // it is gone already: nothing to release
        }
        closePipe();
    }

    /** The end of the pipe, as when this JVM dies: the watchdog kills the apps and exits. */
    void closePipe() {
        try {
            pipe.close();
        } catch (IOException e) {
            // already closed or the watchdog is gone: the end it sees is the same
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** The exit code, once it exited. */
    int exitValue() {
        return process.exitValue();
    }

    /** Waits for the watchdog to exit; false on timeout. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills the watchdog itself (it then kills nothing): for a watchdog that no longer answers. */
    void destroy() {
        process.destroyForcibly();
    }

    private synchronized void write(String line) throws IOException {
        pipe.write(line.getBytes(StandardCharsets.US_ASCII)); // one short write: the script never sees half a line
        pipe.flush();
    }

    private static String seconds(Duration lease) {
        Duration d = lease.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : lease; // "read -t 0" only polls
        return String.format(Locale.ROOT, "%d.%03d", d.toSeconds(), d.toMillisPart());
    }

    private static Path findBash() {
        for (String p : List.of("/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }
}
