package io.baton.core;

import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Placement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a cluster manager does on its own, before Baton hears of it (SPEC "Server leaves", step 1,
 * and "Application failure"): each application that ran on a failed server, or that failed itself,
 * is restarted on its backup if that backup is up, and is stopped otherwise. The simulator's
 * in-memory cluster manager and the tests use it; a real adapter's cluster manager does the same.
 */
public final class ClusterManagerTakeover {
    private ClusterManagerTakeover() {
    }

    /** The placement after the cluster manager took over the applications of a failed server. */
    public static Placement afterServerFailure(ClusterState state, String failed) {
        Set<String> up = state.upServers();
        up.remove(failed);
        Map<String, String> running = new LinkedHashMap<>();
        for (AppStatus app : state.apps().values()) {
            app.running().ifPresent(r -> {
                if (!r.equals(failed)) {
                    running.put(app.name(), r);
                } else {
                    app.backup().filter(up::contains).ifPresent(b -> running.put(app.name(), b));
                }
            });
        }
        return new Placement(running);
    }

    /** The placement after the cluster manager restarted a failed application on its backup (or stopped it). */
    public static Placement afterAppFailure(ClusterState state, String failedApp) {
        Set<String> up = state.upServers();
        Map<String, String> running = new LinkedHashMap<>(state.placement().running());
        running.remove(failedApp);
        state.app(failedApp).backup().filter(up::contains).ifPresent(b -> running.put(failedApp, b));
        return new Placement(running);
    }
}
