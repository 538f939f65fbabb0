package io.baton.adapter.nativecm;

import io.baton.api.spi.ClusterManagerListener;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Tells listeners about each new view, on its own thread (a slow listener must not delay a
 * takeover). A view with a takeover or instruction still under way is held back until it settles
 * or the settle timeout passes, so the controller does not see an app as stopped while its backup
 * is starting it.
 */
final class ViewNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ViewNotifier.class);

    private final Supplier<Optional<Observation>> observe;
    private final Supplier<Settings> settings;
    private final List<ClusterManagerListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor;
    private final AtomicBoolean queued = new AtomicBoolean();
    // Touched only on the notifier thread.
    private ClusterView last;
    private long unsettledSince;

    ViewNotifier(String node, Supplier<Optional<Observation>> observe, Supplier<Settings> settings) {
        this.observe = observe;
        this.settings = settings;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-native-events-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    Registration add(ClusterManagerListener listener) {
        listeners.add(listener);
        try {
            executor.execute(() -> {
                last = null; // level-triggered: the newcomer gets the current view, the others a harmless repeat
                notifyIfChanged();
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("notifier closed");
        }
        return () -> listeners.remove(listener);
    }

    void poke() {
        if (queued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    queued.set(false);
                    notifyIfChanged();
                });
            } catch (RejectedExecutionException e) {
                queued.set(false); // closed
            }
        }
    }

    private void notifyIfChanged() {
        Optional<Observation> o = observe.get();
        if (o.isEmpty() || listeners.isEmpty()) {
            return;
        }
        long settle = settings.get().settleTimeout().toNanos();
        if (!o.get().unsettled().isEmpty()) {
            long now = System.nanoTime();
            if (unsettledSince == 0) {
                unsettledSince = now;
                executor.schedule(this::poke, settle, TimeUnit.NANOSECONDS);
            }
            if (now - unsettledSince < settle) {
                return;
            }
        } else {
            unsettledSince = 0;
        }
        ClusterView view = o.get().view();
        if (view.equals(last)) {
            return;
        }
        last = view;
        for (ClusterManagerListener l : listeners) {
            try {
                l.viewChanged(view);
            } catch (RuntimeException | Error e) {
                LOG.warn("cluster manager listener {} failed", l, e);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
