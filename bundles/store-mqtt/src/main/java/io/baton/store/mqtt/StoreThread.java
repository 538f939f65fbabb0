package io.baton.store.mqtt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The store's one thread: every change of the mirror, every write and every listener call happens here, in the
 * order submitted. A failing task is logged and the thread goes on; tasks after shutdown are dropped.
 */
final class StoreThread {
    private static final Logger LOG = LoggerFactory.getLogger(StoreThread.class);

    private final ScheduledThreadPoolExecutor executor;

    StoreThread(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    void run(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("store closed; dropping a task");
        }
    }

    void schedule(Runnable task, Duration delay) {
        try {
            executor.schedule(() -> guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("store closed; dropping a timer");
        }
    }

    /** Like {@link #schedule}, returning the timer so that it can be cancelled (null after shutdown). */
    java.util.concurrent.ScheduledFuture<?> scheduleCancellable(Runnable task, Duration delay) {
        try {
            return executor.schedule(() -> guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("store closed; dropping a timer");
            return null;
        }
    }

    /** Runs the task on the store thread and waits for it, at most {@code timeout}; false if it did not run. */
    boolean call(Runnable task, Duration timeout) {
        try {
            executor.submit(() -> guarded(task)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            return false; // shut down already
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("store thread did not run a task within {} ms: {}", timeout.toMillis(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void shutdown() {
        executor.shutdownNow();
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // an escaping throwable would silently cancel a scheduled task (and a StackOverflowError from a hostile
            // payload is no reason to stop the store); log it and go on
            LOG.error("store task failed unexpectedly", e);
        }
    }
}
