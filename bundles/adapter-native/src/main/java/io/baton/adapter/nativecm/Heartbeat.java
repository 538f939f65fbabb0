package io.baton.adapter.nativecm;

import io.baton.api.spi.Echo;
import io.baton.api.spi.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Proves this node's contact with the broker by round trips: every beat (a quarter of the fence timeout) sends the
 * next sequence number on the store's {@link Echo}, and that beat coming back shows that the broker had it (it comes
 * back to this node only: the other nodes are not woken by its beats). The MQTT client may notice a dead connection
 * only after twice the keepalive, when the broker (1.5 times) has already published this node's Will and the backups
 * run its apps; fencing that counts from the last echo ends before that.
 *
 * <p>The last contact is the time the echoed beat was <em>sent</em>: the broker received it later, never earlier,
 * so this errs on the side of fencing early. {@link #fresh()} is false once the fence timeout has passed since;
 * the {@code changed} callback runs on every switch between fresh and stale, at the moment it happens.
 */
final class Heartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final String node;
    private final String run = UUID.randomUUID().toString(); // a beat of an earlier run proves nothing
    private final Echo echo;
    private final BooleanSupplier connected;
    private final Supplier<Duration> timeout;
    private final Runnable changed;
    // Its own thread: a beat must not wait behind a process start on the agent's thread.
    private final ScheduledExecutorService timer;

    // touched only on the timer thread:
    private final TreeMap<Long, Long> sent = new TreeMap<>(); // seq -> System.nanoTime() when sent
    private long seq;
    private long echoed;
    private boolean stale;
    private ScheduledFuture<?> staleCheck;
    private Registration registration;

    private volatile long lastContact = System.nanoTime(); // a fresh start counts as contact, so it fences if none follows

    Heartbeat(String node, Echo echo, BooleanSupplier connected, Supplier<Duration> timeout, Runnable changed) {
        this.node = node;
        this.echo = echo;
        this.connected = connected;
        this.timeout = timeout;
        this.changed = changed;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-native-heartbeat-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        execute(() -> {
            registration = echo.addListener(json -> execute(() -> echoed(json)));
            scheduleStaleCheck();
            beat();
        });
    }

    /** Whether the broker echoed a beat sent within the fence timeout. */
    boolean fresh() {
        return System.nanoTime() - lastContact <= timeout.get().toNanos();
    }

    /** When this node stops being fresh unless another echo comes ({@link System#nanoTime()}). */
    long deadlineNanos() {
        return lastContact + timeout.get().toNanos();
    }

    /** When the last beat the broker echoed was sent ({@link System#nanoTime()}): the broker was alive after it. */
    long lastContactNanos() {
        return lastContact;
    }

    /** Time since the last confirmed contact with the broker. */
    Duration sinceContact() {
        return Duration.ofNanos(System.nanoTime() - lastContact);
    }

    /** Stops beating. */
    @Override
    public void close() {
        if (timer.isShutdown()) {
            return;
        }
        try {
            timer.submit(() -> {
                if (registration != null) {
                    registration.close();
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("{}: heartbeat did not stop cleanly: {}", node, e.toString());
        } finally {
            timer.shutdownNow();
        }
    }

    private void beat() {
        Duration t = timeout.get();
        long now = System.nanoTime();
        // A beat older than the timeout cannot make this node fresh any more: forget it (also bounds the map).
        sent.values().removeIf(sentAt -> now - sentAt > t.toNanos());
        if (connected.getAsBoolean()) { // while the client knows it is offline, its writes would only queue up
            sent.put(++seq, now);
            echo.send(Wire.heartbeatJson(run, seq));
        }
        timer.schedule(this::beat, Math.max(1, t.toMillis() / 4), TimeUnit.MILLISECONDS);
    }

    private void echoed(String json) {
        OptionalLong got = Wire.heartbeatSeq(json, run);
        if (got.isEmpty() || got.getAsLong() <= echoed) {
            return; // another run's beat, or one that came back out of order
        }
        echoed = got.getAsLong();
        Long sentAt = sent.get(echoed);
        sent.headMap(echoed, true).clear();
        if (sentAt == null || sentAt - lastContact <= 0) {
            return; // too old to count
        }
        lastContact = sentAt;
        scheduleStaleCheck();
        if (stale && fresh()) {
            stale = false;
            LOG.info("{}: the broker echoes this node's heartbeat again", node);
            changed.run();
        }
    }

    /** Checks at the deadline itself, not at the next beat: the fence must not come a beat late. */
    private void scheduleStaleCheck() {
        if (staleCheck != null) {
            staleCheck.cancel(false);
        }
        long delay = deadlineNanos() - System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        staleCheck = timer.schedule(this::checkStale, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    private void checkStale() {
        if (fresh()) {
            scheduleStaleCheck(); // the timeout was raised meanwhile
            return;
        }
        if (!stale) {
            stale = true;
            if (echoed > 0) {
                LOG.warn("{}: no heartbeat echo from the broker for {} ms (last confirmed contact)", node,
                        sinceContact().toMillis());
            } else {
                LOG.info("{}: no heartbeat echoed yet, {} ms after starting", node, sinceContact().toMillis());
            }
            changed.run();
        }
    }

    private void execute(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: heartbeat closed; dropped a task", node);
        }
    }

    @Override
    public String toString() {
        return "heartbeat of " + node + " (last contact " + sinceContact().toMillis() + " ms ago)";
    }
}
