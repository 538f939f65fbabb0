package io.baton.rules;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict JSON for files people write: Gson's strict reader (no comments, no single quotes, no
 * trailing data), duplicate keys reported instead of silently keeping the last, and typed field
 * access that records a problem with the JSON path instead of throwing.
 */
public final class StrictJson {
    /**
     * How deep arrays and objects may nest. A rule file needs five levels; the limit keeps a hostile document
     * (10,000 nested arrays are 20 KB) from exhausting the reading thread's stack.
     */
    public static final int NESTING_LIMIT = 64;

    private static final Pattern GSON_LOCATION = Pattern.compile("^(.*?) at line (\\d+) column (\\d+) path (\\S+)", Pattern.DOTALL);

    private StrictJson() {
    }

    /**
     * Parses a whole document. Syntax errors and duplicate keys are added to {@code problems};
     * the result is empty when the text is not JSON at all.
     */
    public static Optional<JsonElement> parse(String text, Problems problems) {
        if (text.isBlank()) {
            problems.add("$", "the file is empty");
            return Optional.empty();
        }
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        JsonElement root;
        try {
            root = read(reader, "$", 0, problems);
        } catch (TooDeep e) {
            problems.add(e.path, "nested deeper than " + NESTING_LIMIT + " levels of arrays and objects");
            return Optional.empty();
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            problems.add(locationPath(e.getMessage(), reader), "malformed JSON" + location(e.getMessage()));
            return Optional.empty();
        }
        if (!atEnd(reader)) {
            problems.add("$", "unexpected text after the end of the JSON value");
        }
        return Optional.of(root);
    }

    private static boolean atEnd(JsonReader reader) {
        try {
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /** Thrown, and caught in {@link #parse}, when the document nests deeper than {@link #NESTING_LIMIT}. */
    private static final class TooDeep extends RuntimeException {
        final String path;

        TooDeep(String path) {
            super(null, null, false, false);
            this.path = path;
        }
    }

    private static JsonElement read(JsonReader reader, String path, int depth, Problems problems) throws IOException {
        JsonToken token = reader.peek();
        if ((token == JsonToken.BEGIN_OBJECT || token == JsonToken.BEGIN_ARRAY) && depth >= NESTING_LIMIT) {
            throw new TooDeep(path);
        }
        switch (token) {
            case BEGIN_OBJECT: {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String key = reader.nextName();
                    String child = Problems.member(path, key);
                    JsonElement value = read(reader, child, depth + 1, problems);
                    if (object.has(key)) {
                        problems.add(child, "duplicate key \"" + key + "\" (each key may appear once)");
                    } else {
                        object.add(key, value);
                    }
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY: {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader, Problems.element(path, array.size()), depth + 1, problems));
                }
                reader.endArray();
                return array;
            }
            case STRING:
                return new JsonPrimitive(reader.nextString());
            case NUMBER:
                return new JsonPrimitive(new BigDecimal(reader.nextString()));
            case BOOLEAN:
                return new JsonPrimitive(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new IllegalStateException("unexpected " + reader.peek() + " at path " + reader.getPath());
        }
    }

    private static String locationPath(String gsonMessage, JsonReader reader) {
        Matcher m = GSON_LOCATION.matcher(gsonMessage == null ? "" : gsonMessage);
        return m.find() ? m.group(4) : reader.getPath();
    }

    private static String location(String gsonMessage) {
        Matcher m = GSON_LOCATION.matcher(gsonMessage == null ? "" : gsonMessage);
        if (!m.find()) {
            return gsonMessage == null ? "" : ": " + gsonMessage.lines().findFirst().orElse("");
        }
        String what = m.group(1).trim();
        return " at line " + m.group(2) + " column " + m.group(3) + ": " + Character.toLowerCase(what.charAt(0)) + what.substring(1);
    }

    /** How a JSON value is called in messages: "a string", "an array", ... */
    public static String describe(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive p = value.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean() ? "true" : "false";
        }
        if (p.isNumber()) {
            return "the number " + p.getAsString();
        }
        return "the string \"" + p.getAsString() + "\"";
    }

    /** The value as an object, or empty after recording "must be an object". */
    public static Optional<JsonObject> object(JsonElement value, String path, Problems problems) {
        if (value != null && value.isJsonObject()) {
            return Optional.of(value.getAsJsonObject());
        }
        problems.add(path, "must be an object, not " + describe(value));
        return Optional.empty();
    }

    /** The value as an array, or empty after recording "must be an array". */
    public static Optional<JsonArray> array(JsonElement value, String path, Problems problems) {
        if (value != null && value.isJsonArray()) {
            return Optional.of(value.getAsJsonArray());
        }
        problems.add(path, "must be an array, not " + describe(value));
        return Optional.empty();
    }

    /** The value as a string, or empty after recording "must be a string". */
    public static Optional<String> string(JsonElement value, String path, Problems problems) {
        if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return Optional.of(value.getAsString());
        }
        problems.add(path, "must be a string, not " + describe(value));
        return Optional.empty();
    }

    /** The value as true/false, or empty after recording the problem. */
    public static Optional<Boolean> bool(JsonElement value, String path, Problems problems) {
        if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
            return Optional.of(value.getAsBoolean());
        }
        problems.add(path, "must be true or false, not " + describe(value));
        return Optional.empty();
    }

    /** The value as a finite number, or empty after recording the problem. */
    public static Optional<Double> number(JsonElement value, String path, Problems problems) {
        if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            double d = value.getAsDouble();
            if (Double.isFinite(d)) {
                return Optional.of(d);
            }
        }
        problems.add(path, "must be a number, not " + describe(value));
        return Optional.empty();
    }

    /** Records every member of {@code object} that is not one of {@code allowed}, suggesting the nearest allowed name. */
    public static void onlyFields(JsonObject object, String path, Collection<String> allowed, Problems problems) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                problems.add(Problems.member(path, key), "unknown field \"" + key + "\"" + suggestion(key, allowed)
                        + " (allowed here: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** ", did you mean X?" for a near miss of one of {@code known}, else nothing. */
    public static String suggestion(String given, Collection<String> known) {
        // Near enough to be a typo, and not merely short: one edit for short names, two for long ones.
        int allowed = given.length() >= 6 ? 2 : 1;
        return known.stream().filter(k -> {
                    int d = distance(given.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
                    return d <= allowed && d < given.length();
                })
                .min(Comparator.comparingInt(k -> distance(given, k)))
                .map(k -> ", did you mean \"" + k + "\"?").orElse("");
    }

    /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment), for typo suggestions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
