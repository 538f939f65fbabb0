package io.baton.shell;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.baton.api.model.AppRule;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Each server's used and total capacity per dimension (SPEC "Capacity, separation and priority"): the demands of
 * the apps the table has running on it, against the rules' capacity (none: unlimited).
 */
final class CapacityUse {
    private final Rules rules;
    private final Set<String> dimensions = new LinkedHashSet<>();
    private final Map<String, Map<String, Double>> used = new LinkedHashMap<>();

    private CapacityUse(Rules rules, ClusterState tables) {
        this.rules = rules;
        rules.capacity().values().forEach(c -> dimensions.addAll(c.keySet()));
        rules.apps().forEach(a -> dimensions.addAll(a.demand().keySet()));
        Map<String, AppRule> apps = rules.appsByName();
        for (AppStatus row : tables.apps().values()) {
            AppRule rule = apps.get(row.name());
            if (rule != null && row.running().isPresent()) {
                rule.demand().forEach((dim, amount) ->
                        used.computeIfAbsent(row.running().get(), s -> new LinkedHashMap<>()).merge(dim, amount, Double::sum));
            }
        }
    }

    /** Empty when there are no rules or they name no capacity or demand (nothing to show). */
    static Optional<CapacityUse> of(Optional<Rules> rules, ClusterState tables) {
        return rules.map(r -> new CapacityUse(r, tables)).filter(c -> !c.dimensions.isEmpty());
    }

    /** "cpu 6/8 mem 24/32" ("-" for an unlimited total). */
    String describe(String server) {
        return dimensions.stream().map(d -> d + " " + amount(used(server, d)) + "/"
                + total(server, d).map(CapacityUse::amount).orElse("-")).collect(Collectors.joining(" "));
    }

    /** {@code {"cpu": {"used": 6, "total": 8}, …}}, total null when unlimited. */
    JsonObject json(String server) {
        JsonObject o = new JsonObject();
        for (String d : dimensions) {
            JsonObject dim = new JsonObject();
            dim.addProperty("used", used(server, d));
            dim.add("total", total(server, d).<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
            o.add(d, dim);
        }
        return o;
    }

    private double used(String server, String dimension) {
        return used.getOrDefault(server, Map.of()).getOrDefault(dimension, 0.0);
    }

    private Optional<Double> total(String server, String dimension) {
        return Optional.ofNullable(rules.capacity().getOrDefault(server, Map.of()).get(dimension));
    }

    private static String amount(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
