package io.baton.core;

import io.baton.api.model.AppOverride;
import io.baton.api.model.AppRule;
import io.baton.api.model.ConfigurationRule;
import io.baton.api.model.Rules;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A rule table compiled for fast decisions: servers and applications numbered by priority and
 * declaration order, and {@code rule(C, A)} precomputed for every configuration entry.
 */
final class RuleBook {
    final Rules rules;
    private final String[] servers;
    private final Map<String, Integer> serverIndex = new HashMap<>();
    private final String[] apps;
    private final Map<String, Integer> appIndex = new HashMap<>();
    private final EffectiveApp[] defaults;
    private final Map<BitSet, EffectiveApp[]> configurations = new HashMap<>();
    /** App order (SPEC "Capacity, separation and priority"): priority descending, then rule-file order. */
    final int[] order;
    /** Whether capacities, demands or apart pairs are given; without them every server takes every app. */
    final boolean constrained;
    /** The capacity dimensions named anywhere, in first-seen order. */
    final String[] dimensions;
    /** Per server, per dimension: its capacity (infinite when not given). */
    final double[][] capacity;
    /** Per app, per dimension: its demand. */
    final double[][] demand;
    /** Per app: the apps it is kept apart from. */
    final int[][] apart;

    RuleBook(Rules rules) {
        this.rules = rules;
        this.servers = rules.servers().toArray(String[]::new);
        for (int i = 0; i < servers.length; i++) {
            if (serverIndex.putIfAbsent(servers[i], i) != null) {
                throw new IllegalArgumentException("server " + servers[i] + " is listed twice");
            }
        }
        List<AppRule> appRules = rules.apps();
        this.apps = new String[appRules.size()];
        this.defaults = new EffectiveApp[apps.length];
        for (int i = 0; i < apps.length; i++) {
            apps[i] = appRules.get(i).name();
            if (appIndex.putIfAbsent(apps[i], i) != null) {
                throw new IllegalArgumentException("app " + apps[i] + " is listed twice");
            }
            defaults[i] = new EffectiveApp(appRules.get(i), this);
        }
        this.order = IntStream.range(0, apps.length).boxed()
                .sorted(Comparator.<Integer>comparingInt(a -> -appRules.get(a).priority()).thenComparingInt(a -> a))
                .mapToInt(Integer::intValue).toArray();
        Set<String> dims = new LinkedHashSet<>();
        rules.capacity().values().forEach(c -> dims.addAll(c.keySet()));
        appRules.forEach(a -> dims.addAll(a.demand().keySet()));
        this.dimensions = dims.toArray(String[]::new);
        List<String> dimList = List.of(dimensions);
        this.capacity = new double[servers.length][dimensions.length];
        for (double[] c : capacity) {
            Arrays.fill(c, Double.POSITIVE_INFINITY);
        }
        rules.capacity().forEach((server, amounts) -> amounts.forEach((dim, amount) ->
                capacity[serverIndex(server, "capacity")][dimList.indexOf(dim)] = amount));
        this.demand = new double[apps.length][dimensions.length];
        BitSet[] apartSets = new BitSet[apps.length];
        Arrays.setAll(apartSets, a -> new BitSet(apps.length));
        for (int i = 0; i < apps.length; i++) {
            int a = i;
            appRules.get(a).demand().forEach((dim, amount) -> demand[a][dimList.indexOf(dim)] = amount);
            appRules.get(a).apart().forEach(name -> {
                int x = appIndex(name, "apart of " + apps[a]);
                apartSets[a].set(x); // symmetric, however the rules were built
                apartSets[x].set(a);
            });
        }
        this.apart = Arrays.stream(apartSets).map(b -> b.stream().toArray()).toArray(int[][]::new);
        this.constrained = !rules.capacity().isEmpty()
                || appRules.stream().anyMatch(a -> !a.demand().isEmpty() || !a.apart().isEmpty());
        for (ConfigurationRule configuration : rules.configurations()) {
            BitSet key = new BitSet(servers.length);
            configuration.servers().forEach(s -> key.set(serverIndex(s, "configuration servers")));
            EffectiveApp[] effective = defaults.clone();
            configuration.apps().forEach((app, override) -> {
                int a = appIndex(app, "configuration apps");
                if (!override.equals(AppOverride.NOTHING)) {
                    effective[a] = new EffectiveApp(override.applyTo(appRules.get(a)), this);
                }
            });
            if (configurations.put(key, effective) != null) {
                throw new IllegalArgumentException("two configurations for servers " + configuration.servers());
            }
        }
    }

    /** {@code rule(C, A)} for every application, indexed like {@link #app(int)}. */
    EffectiveApp[] forUpSet(BitSet up) {
        return configurations.getOrDefault(up, defaults);
    }

    int serverCount() {
        return servers.length;
    }

    int appCount() {
        return apps.length;
    }

    String server(int index) {
        return servers[index];
    }

    String app(int index) {
        return apps[index];
    }

    /** The server's index, or -1 when the rules do not declare it. */
    int findServer(String name) {
        Integer i = serverIndex.get(name);
        return i == null ? -1 : i;
    }

    /** The application's index, or -1 when the rules do not declare it. */
    int findApp(String name) {
        Integer i = appIndex.get(name);
        return i == null ? -1 : i;
    }

    int serverIndex(String name, String where) {
        int i = findServer(name);
        if (i < 0) {
            throw new IllegalArgumentException(where + ": unknown server " + name);
        }
        return i;
    }

    int appIndex(String name, String where) {
        int i = findApp(name);
        if (i < 0) {
            throw new IllegalArgumentException(where + ": unknown app " + name);
        }
        return i;
    }
}
