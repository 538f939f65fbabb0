package io.baton.store.mqtt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.baton.api.spi.DeployedRules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The order in which the snapshot lists servers and applications: the rule file's (servers by priority, apps as
 * declared), then by name. Retained messages reach each node in an order of the broker's choosing; sorting them
 * the same way on every node keeps the mirrors identical, order included. Only the two lists are read from the
 * rule text; validating it is not the store's job, so an unreadable text just means name order.
 */
record RuleOrder(List<String> servers, List<String> apps) {
    static final RuleOrder NAMES = new RuleOrder(List.of(), List.of());

    RuleOrder {
        servers = List.copyOf(servers);
        apps = List.copyOf(apps);
    }

    static RuleOrder of(Optional<DeployedRules> rules) {
        if (rules.isEmpty()) {
            return NAMES;
        }
        try {
            JsonObject root = JsonParser.parseString(rules.get().text()).getAsJsonObject();
            List<String> servers = new ArrayList<>();
            JsonElement list = root.get("servers");
            if (list != null && list.isJsonArray()) {
                list.getAsJsonArray().forEach(s -> servers.add(s.getAsString()));
            }
            JsonElement apps = root.get("apps");
            List<String> appNames = apps != null && apps.isJsonObject()
                    ? new ArrayList<>(apps.getAsJsonObject().keySet()) : List.of();
            return new RuleOrder(servers, appNames);
        } catch (RuntimeException e) {
            return NAMES;
        }
    }

    Comparator<String> serverOrder() {
        return by(servers);
    }

    Comparator<String> appOrder() {
        return by(apps);
    }

    private static Comparator<String> by(List<String> declared) {
        return Comparator.<String>comparingInt(name -> {
            int i = declared.indexOf(name);
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(Comparator.naturalOrder());
    }
}
