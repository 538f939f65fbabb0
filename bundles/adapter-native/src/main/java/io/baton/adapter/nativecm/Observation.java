package io.baton.adapter.nativecm;

import io.baton.api.model.Placement;
import io.baton.api.spi.ClusterView;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One reading of the cluster: live nodes (store presence), assignments (this node's pending
 * writes included) and the reports of live nodes only (a dead node's report is stale by
 * definition). Views, agent plans and instruction checks are all computed from it; no I/O.
 */
record Observation(Set<String> live, Map<String, Assignment> assignments, Map<String, NodeReport> reports) {

    Observation {
        live = Collections.unmodifiableSet(new TreeSet<>(live));
        assignments = Map.copyOf(assignments);
        Map<String, NodeReport> liveReports = new LinkedHashMap<>(reports);
        liveReports.keySet().retainAll(live);
        reports = Collections.unmodifiableMap(liveReports);
    }

    boolean isLive(String node) {
        return live.contains(node);
    }

    Optional<Assignment> assignment(String app) {
        return Optional.ofNullable(assignments.get(app));
    }

    /** The live nodes whose reports say the app runs there, in name order. */
    Set<String> reporters(String app) {
        Set<String> nodes = new TreeSet<>();
        reports.forEach((node, report) -> {
            if (report.running().containsKey(app)) {
                nodes.add(node);
            }
        });
        return nodes;
    }

    /** Every app that is assigned or reported. */
    Set<String> apps() {
        Set<String> apps = new TreeSet<>(assignments.keySet());
        reports.values().forEach(r -> apps.addAll(r.running().keySet()));
        return apps;
    }

    /** The app's server left, and its live backup's agent has not taken it over yet. */
    boolean takeoverPending(String app) {
        return assignment(app).filter(a -> a.server().isPresent() && !isLive(a.server().get()))
                .flatMap(Assignment::backup).filter(reports::containsKey).isPresent();
    }

    /**
     * Apps whose reported placement is not yet what their assignment implies (a takeover, start,
     * stop or move under way). An app assigned to a live node without an agent is not judged.
     */
    Set<String> unsettled() {
        Set<String> unsettled = new TreeSet<>();
        for (String app : apps()) {
            Optional<Assignment> a = assignment(app);
            Optional<String> server = a.flatMap(Assignment::server);
            if (takeoverPending(app)) {
                unsettled.add(app);
            } else if (server.isPresent() && isLive(server.get())) {
                if (reports.containsKey(server.get()) && !reporters(app).equals(Set.of(server.get()))) {
                    unsettled.add(app);
                }
            } else if (!reporters(app).isEmpty()) {
                unsettled.add(app);
            }
        }
        return unsettled;
    }

    /** The cluster manager's view: members = live nodes, placement = live reports, backups of running apps. */
    ClusterView view() {
        Map<String, String> running = new LinkedHashMap<>();
        Map<String, String> backups = new LinkedHashMap<>();
        for (String app : apps()) {
            Set<String> on = reporters(app);
            if (on.isEmpty()) {
                continue;
            }
            Optional<Assignment> a = assignment(app);
            String server = a.flatMap(Assignment::server).filter(on::contains).orElse(on.iterator().next());
            running.put(app, server);
            a.flatMap(Assignment::backup).filter(b -> !b.equals(server)).ifPresent(b -> backups.put(app, b));
        }
        return new ClusterView(live, new Placement(running), backups);
    }
}
