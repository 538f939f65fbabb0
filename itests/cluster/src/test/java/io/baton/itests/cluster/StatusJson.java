package io.baton.itests.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/** Reads {@code baton status --json}. */
public final class StatusJson {
    private StatusJson() {
    }

    /** App to "running/backup", or null while an app is processing (the tables are not settled). */
    public static Map<String, String> placement(JsonObject status) {
        Map<String, String> p = new TreeMap<>();
        for (Map.Entry<String, JsonElement> app : status.getAsJsonObject("apps").entrySet()) {
            JsonObject row = app.getValue().getAsJsonObject();
            if (row.get("processing").getAsBoolean()) {
                return null;
            }
            p.put(app.getKey(), text(row, "running") + "/" + text(row, "backup"));
        }
        return p;
    }

    /** A text field of a row; null when the row or the field is missing or null. */
    public static String text(JsonObject row, String key) {
        JsonElement e = row == null ? null : row.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
