package io.baton.adapter.nativecm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Keeps this node's {@link WatchdogProcess} running and renews its lease (the fence timeout) every quarter of it,
 * on a thread of its own, but only while {@code inContact} (the heartbeat is fresh): so the apps are killed from
 * outside the JVM when the JVM freezes or dies, and also, as a second line, when the node is cut off from the
 * broker. A watchdog that died is started again at the next tick; {@code watchdog=false}, also set at run time,
 * releases it. After an expiry the script keeps watching, so apps started once the renewals resume are covered.
 */
final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final String LOG_FILE = "watchdog.log";

    private final String node;
    private final Supplier<Settings> settings;
    private final BooleanSupplier inContact;
    private final ScheduledExecutorService thread;

    // touched only on the thread:
    private WatchdogProcess process;
    private boolean closed;
    private boolean failing; // a launch failed; logged once until one succeeds
    private volatile Optional<Long> pid = Optional.empty();

    Watchdog(String node, Supplier<Settings> settings, BooleanSupplier inContact) {
        this.node = node;
        this.settings = settings;
        this.inContact = inContact;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-native-watchdog-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        try {
            thread.execute(this::tick);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: watchdog closed before it started", node);
        }
    }

    /** The running watchdog's pid, for operators and tests. */
    Optional<Long> pid() {
        return pid;
    }

    /**
     * Stops supervising. {@code release}: the watchdog exits and leaves the apps (they stay for the next agent);
     * otherwise its pipe is closed as if this JVM died, so it kills whatever app is still running.
     */
    void close(boolean release) {
        if (thread.isShutdown()) {
            return;
        }
        try {
            thread.submit(() -> {
                closed = true;
                if (process != null) {
                    if (release) {
                        process.release();
                    } else {
                        process.closePipe();
                    }
                    awaitExit(process);
                    process = null;
                    pid = Optional.empty();
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{}: watchdog supervisor did not stop cleanly: {}", node, e.toString());
        } finally {
            thread.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(false);
    }

    private void tick() {
        if (closed) {
            return;
        }
        Settings s = settings.get();
        try {
            if (!s.watchdog()) {
                if (process != null) {
                    LOG.info("{}: watchdog disabled: releasing it (pid {})", node, process.pid());
                    process.release();
                    process = null;
                    pid = Optional.empty();
                }
            } else {
                if (process != null && !process.alive()) {
                    LOG.warn("{}: the watchdog (pid {}) died unexpectedly (exit code {}); starting a new one", node,
                            process.pid(), process.exitValue());
                    process = null;
                    pid = Optional.empty();
                }
                if (process == null) {
                    process = launch(s);
                }
                if (inContact.getAsBoolean()) {
                    process.renew(s.fenceTimeout());
                }
            }
        } catch (IOException e) {
            if (!failing) {
                LOG.error("{}: watchdog not running, so a frozen or killed JVM leaves its apps running: {}", node,
                        e.toString());
            }
            failing = true;
        }
        thread.schedule(this::tick, Math.max(1, s.fenceTimeout().toMillis() / 4), TimeUnit.MILLISECONDS);
    }

    private WatchdogProcess launch(Settings s) throws IOException {
        Path script = WatchdogProcess.extract(s.watchdogScript());
        Path log = s.logDirectory().resolve(LOG_FILE);
        WatchdogProcess p = WatchdogProcess.launch(script, s.runDirectory(), s.fenceTimeout(), log);
        failing = false;
        pid = Optional.of(p.pid());
        LOG.info("{}: watchdog started (pid {}, {}): it SIGKILLs the apps of {} when this JVM dies or stops"
                        + " renewing its {} ms lease (log {})", node, p.pid(), script, s.runDirectory(),
                s.fenceTimeout().toMillis(), log);
        return p;
    }

    private void awaitExit(WatchdogProcess p) {
        try {
            if (!p.awaitExit(Duration.ofSeconds(2))) {
                LOG.warn("{}: watchdog (pid {}) did not exit after its pipe closed; killing it", node, p.pid());
                p.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
