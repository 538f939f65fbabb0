package io.baton.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rule table: everything a validated rule file says, templates already expanded.
 * It never changes at run time except by deploying a new rule file.
 *
 * @param cluster        the cluster's name (also the store's topic prefix)
 * @param servers        every server that may ever be a member, in priority order: every tie in
 *                       every decision rule is broken by this order, then by {@link #apps()} order
 * @param loadHysteresis percentage points by which a server's load must be lower before the
 *                       periodic check switches a backup to it (never negative)
 * @param apps           every application's defaults, in rule-file order
 * @param configurations overrides per exact set of up servers (no two with the same set)
 * @param model          the ready template the rule file expanded, if any (informational)
 * @param capacity       per server, per dimension, what the apps running on it may use together; a server or a
 *                       dimension not listed is unlimited
 */
public record Rules(String cluster, List<String> servers, double loadHysteresis, List<AppRule> apps,
                    List<ConfigurationRule> configurations, Optional<String> model,
                    Map<String, Map<String, Double>> capacity) {
    public Rules {
        Names.requireName(cluster, "cluster");
        servers = Names.requireNames(servers, "servers");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one server");
        }
        if (!(loadHysteresis >= 0)) {
            throw new IllegalArgumentException("loadHysteresis must be >= 0, was " + loadHysteresis);
        }
        apps = List.copyOf(apps);
        configurations = List.copyOf(configurations);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(capacity, "capacity");
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        capacity.forEach((server, amounts) -> copy.put(Names.requireName(server, "capacity server"),
                Capacity.requireAmounts(amounts, "capacity of " + server)));
        capacity = Collections.unmodifiableMap(copy);
    }

    /** Rules without capacities (every server unlimited). */
    public Rules(String cluster, List<String> servers, double loadHysteresis, List<AppRule> apps,
                 List<ConfigurationRule> configurations, Optional<String> model) {
        this(cluster, servers, loadHysteresis, apps, configurations, model, Map.of());
    }

    /** The application's defaults by name, in rule-file order. */
    public Map<String, AppRule> appsByName() {
        Map<String, AppRule> byName = new LinkedHashMap<>();
        apps.forEach(a -> byName.put(a.name(), a));
        return Collections.unmodifiableMap(byName);
    }

    /** The configuration entry for exactly this set of up servers, if the rule file has one. */
    public Optional<ConfigurationRule> configurationFor(Set<String> upServers) {
        return configurations.stream().filter(c -> c.servers().equals(upServers)).findFirst();
    }

    /**
     * {@code rule(C, A)} of SPEC: the application's effective settings while exactly
     * {@code upServers} are up.
     *
     * @throws IllegalArgumentException if the rule table has no such application
     */
    public AppRule effectiveRule(String app, Set<String> upServers) {
        AppRule defaults = apps.stream().filter(a -> a.name().equals(app)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown app " + app));
        return configurationFor(upServers)
                .map(c -> c.apps().getOrDefault(app, AppOverride.NOTHING).applyTo(defaults))
                .orElse(defaults);
    }
}
