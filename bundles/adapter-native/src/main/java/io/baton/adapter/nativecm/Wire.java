package io.baton.adapter.nativecm;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The records of the store's {@code native} channel and their JSON:
 * <pre>
 * assign.&lt;app&gt;  {"server": "a"|null, "backup": "b"|null, "epoch": 7}
 * node.&lt;node&gt;   {"running": {"&lt;app&gt;": pid}, "stopping": ["&lt;app&gt;"], "failed": {"&lt;app&gt;": "why"},
 *                "sync": "token", "at": "ISO-8601"}
 * </pre>
 * A value that cannot be read is skipped (logged at debug): another node's bug must not stop this one.
 */
final class Wire {
    static final String CHANNEL = "native";
    private static final String ASSIGN = "assign.";
    private static final String NODE = "node.";
    private static final Logger LOG = LoggerFactory.getLogger(Wire.class);

    private Wire() {
    }

    static String assignKey(String app) {
        return ASSIGN + app;
    }

    static String nodeKey(String node) {
        return NODE + node;
    }

    static String json(Assignment a) {
        JsonObject o = new JsonObject();
        o.add("server", a.server().<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
        o.add("backup", a.backup().<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
        o.addProperty("epoch", a.epoch());
        return o.toString();
    }

    static String json(NodeReport r) {
        JsonObject running = new JsonObject();
        r.running().forEach(running::addProperty);
        JsonArray stopping = new JsonArray();
        r.stopping().forEach(stopping::add);
        JsonObject failed = new JsonObject();
        r.failed().forEach(failed::addProperty);
        JsonObject o = new JsonObject();
        o.add("running", running);
        o.add("stopping", stopping);
        o.add("failed", failed);
        o.addProperty("sync", r.sync());
        o.addProperty("at", r.at().toString());
        return o.toString();
    }

    /** Every readable assignment in the channel, by app. */
    static Map<String, Assignment> assignments(Map<String, String> entries) {
        Map<String, Assignment> out = new LinkedHashMap<>();
        entries.forEach((key, json) -> {
            if (key.startsWith(ASSIGN)) {
                readAssignment(key, json).ifPresent(a -> out.put(key.substring(ASSIGN.length()), a));
            }
        });
        return out;
    }

    /** Every readable node report in the channel, by node. */
    static Map<String, NodeReport> reports(Map<String, String> entries) {
        Map<String, NodeReport> out = new LinkedHashMap<>();
        entries.forEach((key, json) -> {
            if (key.startsWith(NODE)) {
                readReport(key, json).ifPresent(r -> out.put(key.substring(NODE.length()), r));
            }
        });
        return out;
    }

    private static Optional<Assignment> readAssignment(String key, String json) {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            return Optional.of(new Assignment(optionalString(o, "server"), optionalString(o, "backup"),
                    o.get("epoch").getAsLong()));
        } catch (RuntimeException e) {
            LOG.debug("skipping unreadable {} = {}: {}", key, json, e.toString());
            return Optional.empty();
        }
    }

    private static Optional<NodeReport> readReport(String key, String json) {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            Map<String, Long> running = new LinkedHashMap<>();
            o.getAsJsonObject("running").entrySet().forEach(e -> running.put(e.getKey(), e.getValue().getAsLong()));
            Set<String> stopping = new TreeSet<>();
            if (o.has("stopping")) {
                o.getAsJsonArray("stopping").forEach(e -> stopping.add(e.getAsString()));
            }
            Map<String, String> failed = new LinkedHashMap<>();
            if (o.has("failed")) {
                o.getAsJsonObject("failed").entrySet().forEach(e -> failed.put(e.getKey(), e.getValue().getAsString()));
            }
            return Optional.of(new NodeReport(running, stopping, failed, optionalString(o, "sync").orElse(""),
                    optionalString(o, "at").map(Instant::parse).orElse(Instant.EPOCH)));
        } catch (RuntimeException e) {
            LOG.debug("skipping unreadable {} = {}: {}", key, json, e.toString());
            return Optional.empty();
        }
    }

    private static Optional<String> optionalString(JsonObject o, String member) {
        JsonElement e = o.get(member);
        return e == null || e.isJsonNull() ? Optional.empty() : Optional.of(e.getAsString());
    }
}
