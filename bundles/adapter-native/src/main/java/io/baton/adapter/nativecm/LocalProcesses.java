package io.baton.adapter.nativecm;

import io.baton.api.model.LaunchSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * This node's process table: starts apps, stops their whole process tree (SIGTERM, then SIGKILL
 * after the grace period), notices every exit and keeps pid files so a restarted agent can adopt
 * what it started before. Exits are reported to one callback, on this class's own thread.
 */
final class LocalProcesses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalProcesses.class);
    private static final long POLL_MILLIS = 20;
    private static final Duration AFTER_KILL = Duration.ofSeconds(2);

    /** A process ended; {@code requested} when it was asked to stop, the exit code when known. */
    record Exit(String app, long pid, OptionalInt code, boolean requested) {
    }

    private static final class Running {
        final String app;
        final ProcessHandle root;
        final Instant since;
        final Optional<Path> pidFile;
        final boolean grouped;
        volatile boolean stopping;
        // touched only on the timers thread:
        List<ProcessHandle> tree = List.of();
        OptionalInt code = OptionalInt.empty();
        long deadline;
        boolean killed;
        boolean done;

        Running(String app, ProcessHandle root, Instant since, Optional<Path> pidFile, boolean grouped) {
            this.app = app;
            this.root = root;
            this.since = since;
            this.pidFile = pidFile;
            this.grouped = grouped;
        }
    }

    private final String node;
    private final Supplier<Settings> settings;
    private final Consumer<Exit> exits;
    private final ScheduledExecutorService timers;
    private final Map<String, Running> table = new ConcurrentHashMap<>();
    private final Launcher launcher;

    LocalProcesses(String node, Supplier<Settings> settings, Consumer<Exit> exits) {
        this.node = node;
        this.settings = settings;
        this.exits = exits;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-native-processes-" + node);
            t.setDaemon(true);
            return t;
        });
        this.launcher = new Launcher(node, timers);
    }

    /** Takes over the still running processes of this node's pid files; returns their apps. */
    List<String> adopt() {
        return PidFiles.scan(settings.get().runDirectory()).stream().filter(f -> !table.containsKey(f.app())).map(f -> {
            Running r = new Running(f.app(), f.handle(), Instant.now(), Optional.of(f.file()), f.grouped());
            table.put(f.app(), r);
            f.handle().onExit().thenRun(() -> timers.execute(() -> rootExited(r, OptionalInt.empty())));
            LOG.info("{}: found {} still running (pid {}) from {}", node, f.app(), f.handle().pid(), f.file());
            return f.app();
        }).toList();
    }

    /** Runs the start path once with a harmless command (see {@link Launcher#warmUp}); a failure is only logged. */
    void warmUp() {
        try {
            launcher.warmUp(settings.get()).onExit().thenAccept(p -> LOG.debug("{}: launcher warm-up done", node));
        } catch (StartFailure e) {
            LOG.warn("{}: the launcher's warm-up failed: {}", node, e.getMessage());
        }
    }

    LocalProcess start(String app, LaunchSpec spec, String why) throws StartFailure {
        Settings s = settings.get();
        boolean grouped = !ProcessTree.sessionPrefix().isEmpty();
        AtomicReference<Optional<Path>> pidFile = new AtomicReference<>(Optional.empty());
        // the pid file first, then the app: an agent (or its watchdog) finds every app this JVM started, even one
        // whose start it did not live to see
        Launcher.Launched launched = launcher.launch(app, spec, s, (pid, started) -> {
            try {
                pidFile.set(Optional.of(PidFiles.write(s.runDirectory(), app, pid, started, grouped)));
            } catch (IOException e) {
                LOG.warn("{}: {} starts (pid {}) but its pid file could not be written, so an agent restarted after"
                        + " a crash will not find it: {}", node, app, pid, e.toString());
            }
        });
        Process process = launched.process();
        Instant since = Instant.now();
        Running r = new Running(app, process.toHandle(), since, pidFile.get(), grouped);
        table.put(app, r);
        process.onExit().thenAccept(p -> timers.execute(() -> rootExited(r, OptionalInt.of(p.exitValue()))));
        LOG.info("{}: started {} (pid {}, {}): {}", node, app, process.pid(), why, spec.command());
        return new LocalProcess(app, process.pid(), since, false);
    }

    /** Asks the app's process tree to stop; its exit is reported when the whole tree is gone. */
    void stop(String app, String why) {
        Running r = table.get(app);
        if (r == null || r.stopping) {
            return;
        }
        r.stopping = true;
        LOG.info("{}: stopping {} (pid {}): {}", node, app, r.root.pid(), why);
        timers.execute(() -> {
            r.deadline = System.nanoTime() + settings.get().stopGracePeriod().toNanos();
            r.tree = ProcessTree.terminate(r.root);
            if (r.grouped) {
                ProcessTree.signalGroup(r.root.pid(), "TERM"); // also what the snapshot missed (forked meanwhile)
            }
            pollStop(r);
        });
    }

    void stopAll(String why) {
        table.keySet().forEach(app -> stop(app, why));
    }

    Set<String> apps() {
        return new TreeSet<>(table.keySet());
    }

    Set<String> stopping() {
        Set<String> apps = new TreeSet<>();
        table.forEach((app, r) -> {
            if (r.stopping) {
                apps.add(app);
            }
        });
        return apps;
    }

    /** App to pid, for this node's report. */
    Map<String, Long> pids() {
        Map<String, Long> pids = new TreeMap<>();
        table.forEach((app, r) -> pids.put(app, r.root.pid()));
        return pids;
    }

    Map<String, LocalProcess> table() {
        Map<String, LocalProcess> rows = new LinkedHashMap<>();
        new TreeMap<>(table).forEach((app, r) -> rows.put(app, new LocalProcess(app, r.root.pid(), r.since, r.stopping)));
        return rows;
    }

    /** Waits until no process is left; false on timeout. */
    synchronized boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!table.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return true;
    }

    @Override
    public void close() {
        launcher.close();
        timers.shutdownNow();
    }

    private void rootExited(Running r, OptionalInt code) {
        r.code = code;
        if (r.stopping) {
            pollStop(r);
            return;
        }
        finish(r, false);
    }

    /** Runs on the timers thread until the whole tree is gone, escalating to SIGKILL at the deadline. */
    private void pollStop(Running r) {
        if (r.done || r.deadline == 0) {
            return; // finished, or the exit came before stop() had sent its signals
        }
        if (!ProcessTree.anyRunning(r.tree)) {
            finish(r, true);
            return;
        }
        long now = System.nanoTime();
        if (now >= r.deadline && !r.killed) {
            LOG.warn("{}: {} (pid {}) did not stop within {} ms of SIGTERM: killing its process tree", node, r.app,
                    r.root.pid(), settings.get().stopGracePeriod().toMillis());
            List<ProcessHandle> everything = new ArrayList<>(r.tree);
            everything.addAll(r.root.descendants().toList());
            ProcessTree.kill(everything, r.root.pid(), r.grouped);
            r.tree = everything;
            r.killed = true;
            r.deadline = now + AFTER_KILL.toNanos();
        } else if (now >= r.deadline) {
            LOG.warn("{}: {} (pid {}) still has processes 2 s after SIGKILL; no longer waiting for them", node, r.app,
                    r.root.pid());
            finish(r, true);
            return;
        }
        timers.schedule(() -> pollStop(r), POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void finish(Running r, boolean requested) {
        if (r.done) {
            return;
        }
        r.done = true;
        if (r.grouped) {
            // Whatever the app left behind (orphans of a killed shell, children the snapshot missed) must not run on.
            ProcessTree.signalGroup(r.root.pid(), "KILL");
        }
        table.remove(r.app, r);
        r.pidFile.ifPresent(PidFiles::delete);
        synchronized (this) {
            notifyAll();
        }
        exits.accept(new Exit(r.app, r.root.pid(), r.code, requested));
    }
}
