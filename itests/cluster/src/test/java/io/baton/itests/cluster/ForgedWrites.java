package io.baton.itests.cluster;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The forgeries of issue 14's attack, made from rows an attacker on the brokers saw. */
final class ForgedWrites {
    private ForgedWrites() {
    }

    /** Forgeries of every kind of row, made from rows the attacker saw, each altered or unsigned. */
    static void forgeEverything(Forger f, Map<String, JsonObject> rows, String assignTopic, String victim,
                                        Path marker) throws Exception {
        String prefix = "baton/local/";
        JsonObject rules = rows.get(prefix + "rules").deepCopy();
        JsonObject text = JsonParser.parseString(rules.get("text").getAsString()).getAsJsonObject();
        text.getAsJsonObject("apps").getAsJsonObject("a1").addProperty("command", "touch " + marker);
        rules.addProperty("text", text.toString());
        rules.addProperty("revision", rules.get("revision").getAsLong() + 1);
        newer(rules);
        f.publish(prefix + "rules", rules); // the signature of the real file
        rules.remove("sig");
        f.publish(prefix + "rules", rules); // none

        JsonObject assign = rows.get(assignTopic).deepCopy();
        JsonObject value = JsonParser.parseString(assign.get("json").getAsString()).getAsJsonObject();
        value.addProperty("server", victim);
        value.addProperty("epoch", value.get("epoch").getAsLong() + 100);
        assign.addProperty("json", value.toString());
        newer(assign);
        f.publish(assignTopic, assign);

        JsonObject lease = rows.get(prefix + "controller").deepCopy();
        lease.addProperty("server", victim);
        lease.addProperty("term", lease.get("term").getAsLong() + 100);
        newer(lease);
        f.publish(prefix + "controller", lease);

        JsonObject app = rows.get(prefix + "apps/a1").deepCopy();
        app.addProperty("running", victim);
        newer(app);
        f.publish(prefix + "apps/a1", app);

        JsonObject state = rows.get(prefix + "apps/a1").deepCopy(); // a node's signature, another row's body
        for (String key : List.of("name", "running", "backup", "processing")) {
            state.remove(key);
        }
        state.addProperty("name", "n2");
        state.addProperty("state", "failed");
        state.addProperty("change", "none");
        state.addProperty("processing", false);
        newer(state);
        f.publish(prefix + "servers/n2/state", state);

        JsonObject presence = new JsonObject();
        presence.add("schema", rules.get("schema"));
        presence.addProperty("by", victim);
        presence.addProperty("online", false);
        presence.addProperty("conn", "forged");
        f.publish(prefix + "nodes/" + victim + "/presence/0", presence);
        f.publish(prefix + "nodes/" + victim + "/presence/1", presence);

        JsonObject request = new JsonObject();
        request.add("schema", rules.get("schema"));
        request.addProperty("by", "operator");
        newer(request);
        request.addProperty("id", "forged-1");
        request.addProperty("action", "detach");
        request.addProperty("subject", victim);
        request.addProperty("requestedBy", "mallory");
        request.addProperty("at", java.time.Instant.now().toString());
        request.add("sig", rows.get(prefix + "rules").get("sig"));
        f.publish(prefix + "requests/forged-1", request);

        f.publish(prefix + "apps/a2", "{not json".getBytes(StandardCharsets.UTF_8));
        f.publish(prefix + "apps/a3", ("{\"schema\":2,\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}")
                .getBytes(StandardCharsets.UTF_8));
        byte[] large = new byte[3 << 20];
        java.util.Arrays.fill(large, (byte) 'x');
        f.publish(prefix + "history", large);
    }

    /** Makes a forged row newer than any a node holds (a minute ahead), so that only its signature can refuse it. */
    private static void newer(JsonObject row) {
        row.addProperty("v", (System.currentTimeMillis() + 60_000) << 10);
    }

    /** The native adapter's assignment topic of an app, as the attacker sees it; null before it has it. */
    static String assignTopic(Forger f, String app) {
        for (String topic : List.of("baton/local/ext/native/assign%2E" + app, "baton/local/ext/native/assign." + app)) {
            if (f.holds(topic)) {
                return topic;
            }
        }
        return null;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
