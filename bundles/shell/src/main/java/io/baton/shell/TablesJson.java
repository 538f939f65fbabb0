package io.baton.shell;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.StoreSnapshot;

import java.util.Optional;

/** The shared tables as JSON for scripts ({@code --json}); names are keys, absent values are null. */
final class TablesJson {
    private TablesJson() {
    }

    static JsonObject servers(StoreSnapshot s) {
        JsonObject servers = new JsonObject();
        for (ServerStatus row : s.tables().servers().values()) {
            JsonObject o = new JsonObject();
            o.addProperty("state", row.state().label());
            o.addProperty("change", row.change().label());
            o.addProperty("processing", row.processing());
            o.addProperty("connected", s.liveNodes().contains(row.name()));
            o.add("load", s.tables().load(row.name()).<JsonElement>map(l -> new JsonPrimitive(l.score())).orElse(JsonNull.INSTANCE));
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
