package io.baton.core;

import io.baton.api.model.AppOverride;
import io.baton.api.model.AppRule;
import io.baton.api.model.BackupRule;
import io.baton.api.model.ConfigurationRule;
import io.baton.api.model.Rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Builds rule tables in tests without going through a rule file. */
final class RulesBuilder {
    private final List<String> servers;
    private final List<AppRule> apps = new ArrayList<>();
    private final List<ConfigurationRule> configurations = new ArrayList<>();
    private double hysteresis;
    private final Map<String, Map<String, Double>> capacity = new LinkedHashMap<>();

    private RulesBuilder(List<String> servers) {
        this.servers = List.copyOf(servers);
    }

    static RulesBuilder servers(String... servers) {
        return new RulesBuilder(List.of(servers));
    }

    RulesBuilder app(String name) {
        return app(name, a -> a);
    }

    RulesBuilder app(String name, UnaryOperator<App> settings) {
        apps.add(settings.apply(new App(name, servers)).build());
        return this;
    }

    RulesBuilder configuration(Set<String> up, Map<String, AppOverride> overrides) {
        configurations.add(new ConfigurationRule(up, overrides));
        return this;
    }

    /** A server's capacity: {@code capacity("a", "cpu", 8, "mem", 32)}. */
    RulesBuilder capacity(String server, Object... dimensionThenAmount) {
        capacity.put(server, amounts(dimensionThenAmount));
        return this;
    }

    static Map<String, Double> amounts(Object... dimensionThenAmount) {
        Map<String, Double> amounts = new LinkedHashMap<>();
        for (int i = 0; i < dimensionThenAmount.length; i += 2) {
            amounts.put((String) dimensionThenAmount[i], ((Number) dimensionThenAmount[i + 1]).doubleValue());
        }
        return amounts;
    }

    RulesBuilder hysteresis(double value) {
        this.hysteresis = value;
        return this;
    }

    Rules build() {
        return new Rules("test", servers, hysteresis, apps, configurations, Optional.empty(), capacity);
    }

    static AppOverride override(String primary, BackupRule backup) {
        return new AppOverride(Optional.ofNullable(primary), Optional.ofNullable(backup), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    static AppOverride autoMove(boolean on) {
        return new AppOverride(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(on), Optional.empty());
    }

    /** An application's settings, defaults as in a rule file. */
    static final class App {
        private final String name;
        private Optional<String> primary = Optional.empty();
        private BackupRule backup = BackupRule.AUTO;
        private boolean fixed;
        private boolean autoMove;
        private List<String> allowed;
        private Map<String, Double> demand = Map.of();
        private List<String> apart = List.of();
        private int priority;

        App(String name, List<String> allServers) {
            this.name = name;
            this.allowed = allServers;
        }

        App primary(String server) {
            primary = Optional.of(server);
            return this;
        }

        App backup(BackupRule rule) {
            backup = rule;
            return this;
        }

        App backup(String server) {
            return backup(BackupRule.named(server));
        }

        App fixed(boolean value) {
            fixed = value;
            return this;
        }

        App autoMove(boolean value) {
            autoMove = value;
            return this;
        }

        App allowed(String... servers) {
            allowed = List.of(servers);
            return this;
        }

        /** {@code demand("cpu", 4, "mem", 8)}. */
        App demand(Object... dimensionThenAmount) {
            demand = amounts(dimensionThenAmount);
            return this;
        }

        App apart(String... apps) {
            apart = List.of(apps);
            return this;
        }

        App priority(int value) {
            priority = value;
            return this;
        }

        AppRule build() {
            return new AppRule(name, primary, backup, fixed, autoMove, allowed, Optional.empty(), demand, apart, priority);
        }
    }

    static Map<String, AppOverride> overrides(Object... nameThenOverride) {
        Map<String, AppOverride> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenOverride.length; i += 2) {
            map.put((String) nameThenOverride[i], (AppOverride) nameThenOverride[i + 1]);
        }
        return map;
    }
}
