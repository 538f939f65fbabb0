package io.baton.itests.campaign;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.baton.itests.cluster.Tables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the simulator ({@code bin/baton simulate}, the decision core the nodes run) says a round's events make of
 * the tables the round started from: a scenario that starts from those tables ({@code "tables"}) with the events the
 * round can tell it (a node failed and joined, a move, a detach and an attach). The settled tables must equal it.
 * Rounds whose events cannot be told (a freeze, a cut, a crash point: whether and when a node counts as failed is
 * the fault's doing) are not compared.
 */
final class Oracle {
    private final Stage stage;

    Oracle(Stage stage) {
        this.stage = stage;
    }

    /** Where the settled app table differs from the simulator's after {@code events}; empty when it does not. */
    List<String> compare(Path rules, Map<String, Tables.AppRow> before, List<JsonObject> events) throws IOException {
        Map<String, String> predicted = predict(rules, before, events);
        Map<String, String> actual = new TreeMap<>();
        stage.tables.apps().forEach((app, row) -> actual.put(app, row.running() + "/" + row.backup()));
        if (predicted.equals(actual)) {
            return List.of();
        }
        return List.of("simulator: the tables are " + actual + " where the simulator says " + predicted + " (from "
                + table(before) + " after " + events + ")");
    }

    private Map<String, String> predict(Path rules, Map<String, Tables.AppRow> before, List<JsonObject> events)
            throws IOException {
        JsonObject servers = new JsonObject();
        for (String n : Stage.NODES) {
            JsonObject row = new JsonObject();
            row.addProperty("state", "up"); // a round starts settled: every server up
            servers.add(n, row);
        }
        JsonObject apps = new JsonObject();
        before.forEach((app, row) -> {
            JsonObject r = new JsonObject();
            r.add("running", nameOrNull(row.running()));
            r.add("backup", nameOrNull(row.backup()));
            apps.add(app, r);
        });
        JsonObject tables = new JsonObject();
        tables.add("servers", servers);
        tables.add("apps", apps);
        JsonObject scenario = new JsonObject();
        scenario.add("rules", JsonParser.parseString(Files.readString(rules)));
        scenario.add("tables", tables);
        JsonArray steps = new JsonArray();
        events.forEach(steps::add);
        scenario.add("steps", steps);
        Path file = Files.createTempFile(stage.home, "oracle", ".json");
        try {
            Files.writeString(file, scenario.toString());
            JsonObject answer = JsonParser.parseString(stage.cluster.baton(Duration.ofSeconds(60), "simulate",
                    file.toString())).getAsJsonObject();
            JsonArray all = answer.getAsJsonArray("steps");
            Map<String, String> last = new TreeMap<>();
            for (Map.Entry<String, JsonElement> app : all.get(all.size() - 1).getAsJsonObject().getAsJsonObject("apps")
                    .entrySet()) {
                JsonObject row = app.getValue().getAsJsonObject();
                last.put(app.getKey(), text(row.get("running")) + "/" + text(row.get("backup")));
            }
            return last;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The events a round can tell the simulator: a step of a scenario each. */
    static List<JsonObject> events(String... kindAndTarget) {
        List<JsonObject> events = new ArrayList<>();
        for (int i = 0; i < kindAndTarget.length; i += 2) {
            JsonObject e = new JsonObject();
            e.addProperty(kindAndTarget[i], kindAndTarget[i + 1]);
            events.add(e);
        }
        return events;
    }

    static JsonObject move(String app, String to) {
        JsonObject m = new JsonObject();
        m.addProperty("app", app);
        m.addProperty("to", to);
        JsonObject e = new JsonObject();
        e.add("move", m);
        return e;
    }

    private static String table(Map<String, Tables.AppRow> rows) {
        Map<String, String> t = new TreeMap<>();
        rows.forEach((app, row) -> t.put(app, row.running() + "/" + row.backup()));
        return t.toString();
    }

    private static JsonElement nameOrNull(String name) {
        return name == null ? JsonNull.INSTANCE : new JsonPrimitive(name);
    }

    private static String text(JsonElement e) {
        return e == null || e.isJsonNull() ? "null" : e.getAsString();
    }
}
