package io.baton.core;

import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Placement;
import io.baton.api.spi.ClusterView;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a cluster manager does on its own, before Baton hears of it (SPEC "Server leaves", step 1,
 * and "Application failure"): each application that ran on a failed server, or that failed itself,
 * is restarted on its backup if that backup is up, and is stopped otherwise. The simulator's
 * in-memory cluster manager and the tests use it; a real cluster manager does the same.
 */
public final class ClusterManagerTakeover {
    private ClusterManagerTakeover() {
    }

    /** The view after the cluster manager lost a member and took over its applications. */
    public static ClusterView afterServerFailure(ClusterView view, String failed) {
        Set<String> members = new LinkedHashSet<>(view.members());
        members.remove(failed);
        Map<String, String> running = new LinkedHashMap<>();
        view.placement().running().forEach((app, server) -> {
            if (!server.equals(failed)) {
                running.put(app, server);
            } else {
                String backup = view.backups().get(app);
                if (backup != null && members.contains(backup)) {
                    running.put(app, backup);
                }
            }
        });
        return new ClusterView(members, new Placement(running), withoutRunningBackups(view.backups(), running));
    }

    /** The view after the cluster manager restarted a failed application on its backup (or left it stopped). */
    public static ClusterView afterAppFailure(ClusterView view, String app) {
        Map<String, String> running = new LinkedHashMap<>(view.placement().running());
        running.remove(app);
        String backup = view.backups().get(app);
        if (backup != null && view.members().contains(backup)) {
            running.put(app, backup);
        }
        return new ClusterView(view.members(), new Placement(running), withoutRunningBackups(view.backups(), running));
    }

    /** The cluster manager's view as Baton's tables describe it: members up, apps and backups as in the table. */
    public static ClusterView viewOf(ClusterState state) {
        Map<String, String> backups = new LinkedHashMap<>();
        for (AppStatus app : state.apps().values()) {
            app.backup().ifPresent(b -> backups.put(app.name(), b));
        }
        return new ClusterView(state.upServers(), state.placement(), backups);
    }

    /** A backup that now runs the app, or of a stopped app, is used up: it no longer points anywhere. */
    private static Map<String, String> withoutRunningBackups(Map<String, String> backups, Map<String, String> running) {
        Map<String, String> kept = new LinkedHashMap<>();
        backups.forEach((app, backup) -> {
            String r = running.get(app);
            if (r != null && !r.equals(backup)) {
                kept.put(app, backup);
            }
        });
        return kept;
    }
}
