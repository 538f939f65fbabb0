package io.baton.itests.cluster;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the simulator ({@code bin/baton simulate}, the same decision core the nodes run) predicts for
 * the same rules and events: the expected tables after each step, as app to "running/backup".
 */
final class SimulatorOracle {
    private final LocalCluster cluster;
    private final JsonObject rules;
    private final List<String> up;

    SimulatorOracle(LocalCluster cluster, Path rulesFile, List<String> up) throws IOException {
        this.cluster = cluster;
        this.rules = JsonParser.parseString(Files.readString(rulesFile)).getAsJsonObject();
        this.up = up;
    }

    /**
     * The tables after the start and each event, e.g. {@code {"fail": "n2"}}, {@code {"join": "n2"}}.
     * Element 0 is the initial start.
     */
    List<Map<String, String>> predict(JsonObject... events) throws IOException {
        JsonObject scenario = new JsonObject();
        scenario.add("rules", rules);
        JsonArray upArray = new JsonArray();
        up.forEach(upArray::add);
        scenario.add("up", upArray);
        JsonArray steps = new JsonArray();
        for (JsonObject e : events) {
            steps.add(e);
        }
        scenario.add("steps", steps);
        Path file = Files.createTempFile(cluster.home(), "scenario", ".json");
        Files.writeString(file, scenario.toString());
        JsonObject answer = JsonParser.parseString(cluster.baton(Duration.ofSeconds(60), "simulate", file.toString()))
                .getAsJsonObject();
        List<Map<String, String>> tables = new ArrayList<>();
        for (JsonElement step : answer.getAsJsonArray("steps")) {
            Map<String, String> placement = new TreeMap<>();
            for (Map.Entry<String, JsonElement> app : step.getAsJsonObject().getAsJsonObject("apps").entrySet()) {
                JsonObject row = app.getValue().getAsJsonObject();
                placement.put(app.getKey(), text(row, "running") + "/" + text(row, "backup"));
            }
            tables.add(placement);
        }
        return tables;
    }

    static JsonObject event(String kind, String server) {
        JsonObject e = new JsonObject();
        e.addProperty(kind, server);
        return e;
    }

    private static String text(JsonObject row, String key) {
        JsonElement e = row.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
