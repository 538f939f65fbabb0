package io.baton.monitor;

import io.baton.api.model.Placement;
import io.baton.api.spi.ClusterManager;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.ControllerService;
import io.baton.api.spi.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The state monitor (SPEC "Runtime shape"): learns membership and placement from the
 * cluster-manager adapter, compares each view with the last one, logs what changed, and hands the
 * view to the controller, which compares it with the tables and decides. Views come from the
 * adapter's events and from a periodic read, so a missed event is caught; the controller gets the
 * current view again whenever it becomes active. The server state table is written by the
 * controller with its decision (one writer per row keeps the processing flags crash-safe).
 */
// Two PIDs: its own settings, and the adapter selection it shares with the controller.
@Component(immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        configurationPid = {"io.baton.monitor", "io.baton.adapter"})
public final class StateMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(StateMonitor.class);
    private static final ClusterView NOTHING = new ClusterView(Set.of(), Placement.EMPTY, Map.of());

    private final ControllerService controller;
    private final ScheduledExecutorService thread;
    private final Registration activation;

    private volatile ClusterManager manager;
    private Registration managerListener;
    // Owned by the monitor thread.
    private ClusterView last = NOTHING;
    private String lastError;

    @Activate
    public StateMonitor(@Reference ControllerService controller, MonitorConfig config) {
        this.controller = controller;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "baton-monitor"));
        this.activation = controller.addActivationListener(() -> onThread(() -> read(true)));
        int poll = Math.max(1, config.pollIntervalSeconds());
        thread.scheduleWithFixedDelay(() -> read(false), poll, poll, TimeUnit.SECONDS);
    }

    @Reference(name = "clusterManager", policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            cardinality = ReferenceCardinality.OPTIONAL, target = "(baton.adapter=*)")
    synchronized void bindClusterManager(ClusterManager bound) {
        closeListener();
        manager = bound;
        managerListener = bound.addListener(view -> onThread(() -> report(view, false)));
        LOG.info("Watching cluster manager {}", bound.name());
        onThread(() -> read(true));
    }

    synchronized void unbindClusterManager(ClusterManager unbound) {
        if (manager == unbound) {
            closeListener();
            manager = null;
            LOG.info("No longer watching cluster manager {}", unbound.name());
        }
    }

    @Deactivate
    synchronized void deactivate() {
        closeListener();
        activation.close();
        thread.shutdownNow();
    }

    private void closeListener() {
        if (managerListener != null) {
            managerListener.close();
            managerListener = null;
        }
    }

    private void onThread(Runnable work) {
        try {
            thread.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("State monitor deactivated; dropped a view");
        }
    }

    /** Reads the view; {@code force} hands it to the controller even if it did not change. */
    private void read(boolean force) {
        ClusterManager current = manager;
        if (current == null) {
            return;
        }
        try {
            report(current.view(), force);
            if (lastError != null) {
                LOG.info("Cluster manager {} answers again", current.name());
                lastError = null;
            }
        } catch (ClusterManagerException | RuntimeException | Error e) {
            String error = String.valueOf(e.getMessage());
            if (!error.equals(lastError)) {
                LOG.warn("Cannot read cluster manager {}: {}", current.name(), error);
                lastError = error;
            }
        }
    }

    private void report(ClusterView view, boolean force) {
        List<String> changes = ViewChanges.between(last, view);
        if (changes.isEmpty() && !force) {
            return;
        }
        if (!changes.isEmpty()) {
            LOG.info("Cluster manager view changed: {}", String.join("; ", changes));
        }
        last = view;
        controller.viewChanged(view);
    }
}
