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
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps this node's {@link WatchdogProcess} running and renews it every {@value #TICK_MILLIS} ms, on a thread of
 * its own, up to the end of this node's lease (the shared store's): so the apps are killed from outside the JVM at
 * the lease's end when the JVM freezes, at once when it dies, and also, as a second line, when the node loses its
 * lease. A watchdog that died is started again at the next tick; {@code watchdog=false}, also set at run time,
 * releases it. After an expiry the script keeps watching, so apps started once the renewals resume are covered.
 */
final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final String LOG_FILE = "watchdog.log";

    private final String node;
    private final Supplier<Settings> settings;
    static final long TICK_MILLIS = 100;
    /**
     * After the lease's end the agent stops the apps itself (SIGTERM); the watchdog's SIGKILL follows this much later,
     * well within the margin the others wait before they take the apps over.
     */
    static final Duration SLACK = Duration.ofMillis(100);
    private final LongSupplier leaseLeft;
    private final ScheduledExecutorService thread;

    // touched only on the thread:
    private WatchdogProcess process;
    private boolean closed;
    private boolean failing; // a launch failed; logged once until one succeeds
    private volatile Optional<Long> pid = Optional.empty();

    /** @param leaseLeft how long this node's lease still runs (ns), zero or less when it holds none */
    Watchdog(String node, Supplier<Settings> settings, LongSupplier leaseLeft) {
        this.node = node;
        this.settings = settings;
        this.leaseLeft = leaseLeft;
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
                long left = leaseLeft.getAsLong();
                if (left > 0) {
                    process.renew(Duration.ofNanos(left).plus(SLACK));
                }
            }
        } catch (IOException e) {
            if (!failing) {
                LOG.error("{}: watchdog not running, so a frozen or killed JVM leaves its apps running: {}", node,
                        e.toString());
            }
            failing = true;
        } catch (RuntimeException | Error e) {
            // the next tick must still come: without renewals the watchdog would stop the apps
            LOG.error("{}: watchdog renewal failed; trying again", node, e);
        } finally {
            thread.schedule(this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private WatchdogProcess launch(Settings s) throws IOException {
        Path script = WatchdogProcess.extract(s.watchdogScript());
        Path log = s.logDirectory().resolve(LOG_FILE);
        long left = leaseLeft.getAsLong();
        WatchdogProcess p = WatchdogProcess.launch(script, s.runDirectory(),
                left > 0 ? Duration.ofNanos(left) : Duration.ofMillis(1), log);
        failing = false;
        pid = Optional.of(p.pid());
        LOG.info("{}: watchdog started (pid {}, {}): it SIGKILLs the apps of {} when this JVM dies, or at the end"
                + " of this node's lease unless it is renewed (log {})", node, p.pid(), script, s.runDirectory(), log);
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
