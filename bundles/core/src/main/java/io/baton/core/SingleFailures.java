package io.baton.core;

import io.baton.api.model.AppRule;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;
import io.baton.api.spi.ClusterView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * N+1 headroom (SPEC "The what-if simulator", {@code --single-failures}): for every up server X, what a failure of X
 * would do now, as the cluster manager takes over on its own ({@link ClusterManagerTakeover}): the apps on X
 * without an up backup stop; the others run on their backups, which may overload a server.
 */
public final class SingleFailures {
    private SingleFailures() {
    }

    /**
     * What one failure would do.
     *
     * @param stopped    the apps left stopped, in app order (priority first)
     * @param overloaded the servers then over their capacity in some dimension, in priority order
     */
    public record Outcome(List<String> stopped, List<String> overloaded) {
        public Outcome {
            stopped = List.copyOf(stopped);
            overloaded = List.copyOf(overloaded);
        }
    }

    /** Each up server, in priority order, with what its failure would do. */
    public static Map<String, Outcome> of(Rules rules, ClusterState tables) {
        List<AppRule> appOrder = rules.apps().stream()
                .sorted(Comparator.comparingInt((AppRule a) -> -a.priority())).toList(); // stable: rule order in ties
        ClusterView now = ClusterManagerTakeover.viewOf(tables);
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String x : rules.servers()) {
            if (!tables.server(x).isUp()) {
                continue;
            }
            Map<String, String> after = ClusterManagerTakeover.afterServerFailure(now, x).placement().running();
            List<String> stopped = appOrder.stream().map(AppRule::name)
                    .filter(a -> x.equals(now.placement().running().get(a)) && !after.containsKey(a)).toList();
            outcomes.put(x, new Outcome(stopped, overloaded(rules, after, x)));
        }
        return outcomes;
    }

    private static List<String> overloaded(Rules rules, Map<String, String> running, String failed) {
        Map<String, AppRule> apps = rules.appsByName();
        Map<String, Map<String, Double>> used = new HashMap<>();
        running.forEach((app, server) -> Optional.ofNullable(apps.get(app)).ifPresent(rule -> rule.demand()
                .forEach((dim, amount) -> used.computeIfAbsent(server, s -> new HashMap<>()).merge(dim, amount, Double::sum))));
        List<String> overloaded = new ArrayList<>();
        for (String server : rules.servers()) {
            Map<String, Double> capacity = rules.capacity().getOrDefault(server, Map.of());
            boolean over = !server.equals(failed) && used.getOrDefault(server, Map.of()).entrySet().stream()
                    .anyMatch(u -> u.getValue() > capacity.getOrDefault(u.getKey(), Double.POSITIVE_INFINITY) + 1e-9);
            if (over) {
                overloaded.add(server);
            }
        }
        return overloaded;
    }
}
