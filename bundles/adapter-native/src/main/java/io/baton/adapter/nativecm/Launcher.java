package io.baton.adapter.nativecm;

import io.baton.api.model.LaunchSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts an app's command line as the user wrote it (as {@code /bin/sh -c <command>} would) in its own
 * session, with its working directory and extra environment, stdout and stderr appended to
 * {@code <logDirectory>/<app>.log} and stdin from /dev/null (never the Karaf console). A {@link StandbyShell}
 * kept ready makes the next start quick; without one (two starts in a row, or before the first is ready) the app
 * is started the long way, {@code setsid /bin/sh -c <command>}. Each standby used is replaced a moment later.
 */
final class Launcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
    private static final Path NOWHERE = Path.of("/dev/null");
    /** A used standby is replaced after the takeover's own burst of work, not during it. */
    private static final long REPLACE_AFTER_MILLIS = 100;

    /** A started app: its process, and when that process started (long before, if it was a standby). */
    record Launched(Process process, Instant processStarted) {
    }

    private final String node;
    private final ScheduledExecutorService background;
    private final AtomicReference<StandbyShell> standby = new AtomicReference<>();
    private volatile boolean closed;

    /** @param background where standbys are started; shut down by the owner after {@link #close} */
    Launcher(String node, ScheduledExecutorService background) {
        this.node = node;
        this.background = background;
    }

    /**
     * Told the pid and start of the process that is about to become the app, before it runs the app's command when
     * it can be (a standby shell: its pid is known before it execs), else right after the start. So a pid file
     * written here exists before the app runs: a JVM that dies in between leaves no app nobody knows of.
     */
    interface BeforeExec {
        void accept(long pid, Instant started);
    }

    Launched launch(String app, LaunchSpec spec, Settings settings) throws StartFailure {
        return launch(app, spec, settings, (pid, started) -> { });
    }

    Launched launch(String app, LaunchSpec spec, Settings settings, BeforeExec beforeExec) throws StartFailure {
        Path dir = spec.workingDirectory().map(settings.baseDirectory()::resolve).orElse(settings.baseDirectory())
                .normalize();
        if (!Files.isDirectory(dir)) {
            throw new StartFailure("cannot start " + app + ": its working directory " + dir + " does not exist");
        }
        return launch(app, spec.command(), dir, spec.env(), settings.logDirectory().resolve(app + ".log"), beforeExec);
    }

    /**
     * Makes the start path quick before it is needed: starts a standby, turns it into {@code true} (output to
     * /dev/null) exactly as an app would be started, and starts the standby for the first real start. A node's
     * first takeover is often its first start of a process, and this code would otherwise be loaded and run for
     * the first time at the one moment when milliseconds count. Returns the {@code true} process.
     */
    Process warmUp(Settings settings) throws StartFailure {
        replaceStandby();
        Launched warmUp = launch("the launcher's warm-up", "true", settings.baseDirectory(), Map.of(), NOWHERE,
                (pid, started) -> { });
        replaceStandby();
        return warmUp.process();
    }

    /** Whether the next start can use a standby shell (for tests). */
    boolean standbyReady() {
        StandbyShell shell = standby.get();
        return shell != null && shell.alive();
    }

    /** Ends the standby; later starts take the long way. */
    @Override
    public void close() {
        closed = true;
        StandbyShell unused = standby.getAndSet(null);
        if (unused != null) {
            unused.discard();
        }
    }

    private Launched launch(String app, String commandLine, Path dir, Map<String, String> env, Path log,
                            BeforeExec beforeExec) throws StartFailure {
        try {
            if (!log.equals(NOWHERE)) {
                Files.createDirectories(log.getParent());
            }
            Files.writeString(log, "--- " + Instant.now() + " baton starts " + app + ": " + commandLine + " (in "
                    + dir + ")\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StartFailure("cannot start " + app + ": cannot write its log " + log + ": " + e);
        }
        StandbyShell shell = StandbyShell.accepts(env) ? standby.getAndSet(null) : null;
        scheduleReplacement();
        if (shell != null && shell.alive()) {
            beforeExec.accept(shell.pid(), shell.started());
            try {
                return new Launched(shell.become(dir, env, log, commandLine), shell.started());
            } catch (IOException e) {
                LOG.debug("{}: the standby shell was gone ({}); starting {} the long way", node, e.toString(), app);
                shell.discard();
            }
        }
        return launchLongWay(app, commandLine, dir, env, log, beforeExec);
    }

    /**
     * A shell of its own, started now with the app's environment, told to run {@code /bin/sh -c COMMAND}: two steps,
     * like a standby's, so that the pid is told before the command runs.
     */
    private static Launched launchLongWay(String app, String commandLine, Path dir, Map<String, String> env, Path log,
                                          BeforeExec beforeExec) throws StartFailure {
        StandbyShell shell;
        try {
            shell = StandbyShell.start(env);
        } catch (IOException e) {
            throw new StartFailure("cannot start " + app + " (/bin/sh): " + e.getMessage());
        }
        beforeExec.accept(shell.pid(), shell.started());
        try {
            return new Launched(shell.becomeShell(dir, log, commandLine), shell.started());
        } catch (IOException e) {
            shell.discard();
            throw new StartFailure("cannot start " + app + ": its shell ended before it could run it: " + e.getMessage());
        }
    }

    private void scheduleReplacement() {
        try {
            background.schedule(this::replaceStandby, REPLACE_AFTER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: no more standbys
        }
    }

    /** Starts a standby unless one is ready; a failure only means the next start takes the long way. */
    private void replaceStandby() {
        StandbyShell current = standby.get();
        if (closed || (current != null && current.alive())) {
            return;
        }
        try {
            StandbyShell next = StandbyShell.start();
            if (!standby.compareAndSet(current, next)) {
                next.discard(); // another one was started meanwhile
                return;
            }
            if (current != null) {
                current.discard();
            }
            if (closed) {
                close(); // closed while this one started
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot start a standby shell, apps will start the long way: {}", node, e.toString());
        }
    }
}
