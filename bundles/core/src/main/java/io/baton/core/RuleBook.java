package io.baton.core;

import io.baton.api.model.AppOverride;
import io.baton.api.model.AppRule;
import io.baton.api.model.ConfigurationRule;
import io.baton.api.model.Rules;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
