package io.baton.support;

import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterManagerListener;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the view on its own thread and tells each listener when the view differs from the last one
 * that listener was told (a new listener first gets the current view). Polls only while someone
 * listens. A failing poll tells nobody anything: listeners keep the last good view rather than
 * hearing "no members".
 */
public final class ViewPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ViewPoller.class);

    private final ViewSource source;
    private final ScheduledExecutorService executor;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final DistinctErrors errors = new DistinctErrors(LOG);

    /** @param threadName the polling thread's name, e.g. {@code baton-command-adapter-poll} */
    public ViewPoller(ViewSource source, Duration interval, String threadName) {
        this.source = source;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Registration add(ClusterManagerListener listener) {
        Subscriber subscriber = new Subscriber(listener);
        subscribers.add(subscriber);
        pollSoon();
        return () -> subscribers.remove(subscriber);
    }

    /** Polls now, out of turn: after an instruction, listeners hear of its effect at once. */
    public void pollSoon() {
        try {
            executor.execute(this::poll);
        } catch (RejectedExecutionException e) {
            LOG.debug("poller closed; not polling");
        }
    }

    private void poll() {
        if (subscribers.isEmpty()) {
            return;
        }
        ClusterView view;
        try {
            view = source.view();
        } catch (ClusterManagerException | RuntimeException | Error e) {
            if (Thread.currentThread().isInterrupted()) {
                LOG.debug("poll cut short: the adapter is stopping");
            } else {
                errors.report("polling the cluster manager's view", e);
            }
            return;
        }
        errors.succeeded("polling the cluster manager's view");
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(view);
        }
    }

    @Override
    public void close() {
        subscribers.clear();
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("view poller did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A listener and the last view it was told; touched only on the poller thread. */
    private static final class Subscriber {
        private final ClusterManagerListener listener;
        private ClusterView last;

        Subscriber(ClusterManagerListener listener) {
            this.listener = listener;
        }

        void offer(ClusterView view) {
            if (view.equals(last)) {
                return;
            }
            last = view;
            try {
                listener.viewChanged(view);
            } catch (RuntimeException | Error e) {
                LOG.warn("a cluster-manager listener failed", e);
            }
        }
    }
}
