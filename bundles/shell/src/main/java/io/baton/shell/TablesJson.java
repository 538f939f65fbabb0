package io.baton.shell;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.baton.api.model.AppStatus;
import io.baton.api.model.Rules;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.Membership;
import io.baton.api.spi.StoreSnapshot;

import java.util.Optional;

/** The shared tables as JSON for scripts ({@code --json}); names are keys, absent values are null. */
final class TablesJson {
    private TablesJson() {
    }

    /** With each server's {@code capacity} (used and total per dimension) when the rules give capacities or demands. */
    static JsonObject servers(StoreSnapshot s, Optional<Rules> rules) {
        Optional<CapacityUse> capacity = CapacityUse.of(rules, s.tables());
        JsonObject servers = new JsonObject();
        for (ServerStatus row : s.tables().servers().values()) {
            JsonObject o = new JsonObject();
            o.addProperty("state", row.state().label());
            o.addProperty("change", row.change().label());
            o.addProperty("processing", row.processing());
            o.addProperty("connected", s.liveNodes().contains(row.name()));
            Optional<Membership.Standing> standing = Optional.ofNullable(s.membership().nodes().get(row.name()));
            o.add("broker", name(standing.flatMap(Membership.Standing::broker)));
            o.add("quorate", standing.<JsonElement>map(st -> new JsonPrimitive(st.quorate())).orElse(JsonNull.INSTANCE));
            o.add("load", s.tables().load(row.name()).<JsonElement>map(l -> new JsonPrimitive(l.score())).orElse(JsonNull.INSTANCE));
            capacity.ifPresent(c -> o.add("capacity", c.json(row.name())));
            servers.add(row.name(), o);
        }
        return servers;
    }

    static JsonObject apps(StoreSnapshot s) {
        JsonObject apps = new JsonObject();
        for (AppStatus row : s.tables().apps().values()) {
            JsonObject o = new JsonObject();
            o.add("running", name(row.running()));
            o.add("backup", name(row.backup()));
            o.addProperty("processing", row.processing());
            apps.add(row.name(), o);
        }
        return apps;
    }

    static JsonObject loads(StoreSnapshot s) {
        JsonObject loads = new JsonObject();
        for (ServerLoad row : s.tables().loads().values()) {
            JsonObject o = new JsonObject();
            o.addProperty("cpu", row.cpu());
            o.addProperty("memory", row.memory());
            o.addProperty("network", row.network());
            o.addProperty("score", row.score());
            o.addProperty("measuredAt", row.measuredAt().toString());
            loads.add(row.server(), o);
        }
        return loads;
    }

    /** This node's standing: whether it holds its lease and may act, and its brokers as it sees them. */
    static JsonObject membership(StoreSnapshot s) {
        JsonObject o = new JsonObject();
        o.addProperty("leased", s.membership().leased());
        o.addProperty("quorate", s.quorate());
        com.google.gson.JsonArray departed = new com.google.gson.JsonArray();
        s.membership().departed().forEach(departed::add);
        o.add("departed", departed);
        o.add("brokers", brokers(s));
        return o;
    }

    static com.google.gson.JsonArray brokers(StoreSnapshot s) {
        com.google.gson.JsonArray list = new com.google.gson.JsonArray();
        for (Membership.Broker b : s.membership().brokers()) {
            JsonObject o = new JsonObject();
            o.addProperty("url", b.url());
            o.addProperty("reachable", b.reachable());
            o.addProperty("inUse", b.inUse());
            com.google.gson.JsonArray users = new com.google.gson.JsonArray();
            s.membership().nodes().forEach((node, st) -> {
                if (st.broker().filter(b.url()::equals).isPresent()) {
                    users.add(node);
                }
            });
            o.add("usedBy", users);
            list.add(o);
        }
        return list;
    }

    static JsonElement controller(StoreSnapshot s) {
        return s.controller().<JsonElement>map(l -> {
            JsonObject o = new JsonObject();
            o.addProperty("server", l.server());
            o.addProperty("term", l.term());
            return o;
        }).orElse(JsonNull.INSTANCE);
    }

    private static JsonElement name(Optional<String> value) {
        return value.<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE);
    }
}
