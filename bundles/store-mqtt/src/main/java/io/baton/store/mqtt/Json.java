package io.baton.store.mqtt;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of JSON fields, so the codec states each field's type once and a payload of the wrong shape
 * fails with a message naming the field (never a ClassCastException from deep inside Gson).
 */
final class Json {
    private static final Pattern WHERE = Pattern.compile("line \\d+ column \\d+");

    private Json() {
    }

    /**
     * How deep a payload's arrays and objects may nest: Baton's own rows need four levels (an adapter's channel
     * value a few more); the limit keeps a hostile payload from exhausting the store thread's stack.
     */
    static final int NESTING_LIMIT = 32;

    static JsonObject object(byte[] payload) {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(new String(payload, StandardCharsets.UTF_8)));
            reader.setNestingLimit(NESTING_LIMIT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonSyntaxException("unexpected text after the end of the JSON value");
            }
        } catch (IOException | JsonParseException e) {
            if (String.valueOf(e.getMessage()).contains("Nesting limit")) {
                throw new IllegalArgumentException("nested deeper than " + NESTING_LIMIT + " levels", e);
            }
            Matcher where = WHERE.matcher(String.valueOf(e.getMessage()));
            throw new IllegalArgumentException("not JSON" + (where.find() ? " (" + where.group() + ")" : ""), e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return root.getAsJsonObject();
    }

    static String text(JsonObject o, String field) {
        return optionalText(o, field).orElseThrow(() -> missing(field, "text"));
    }

    static Optional<String> optionalText(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw wrong(field, "text");
        }
        return Optional.of(e.getAsString());
    }

    static boolean flag(JsonObject o, String field) {
        JsonPrimitive p = primitive(o, field, "true or false");
        if (!p.isBoolean()) {
            throw wrong(field, "true or false");
        }
        return p.getAsBoolean();
    }

    static long integer(JsonObject o, String field) {
        double value = number(o, field);
        if (value != Math.rint(value) || Math.abs(value) > 1L << 53) {
            throw wrong(field, "whole number");
        }
        return (long) value;
    }

    static double number(JsonObject o, String field) {
        JsonPrimitive p = primitive(o, field, "number");
        if (p.isNumber()) {
            return p.getAsDouble();
        }
        // NaN and the infinities are written as bare words (serializeSpecialFloatingPointValues)
        if (p.isString() && p.getAsString().matches("NaN|-?Infinity")) {
            return Double.parseDouble(p.getAsString());
        }
        throw wrong(field, "number");
    }

    static Instant instant(JsonObject o, String field) {
        String value = text(o, field);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not an ISO-8601 instant: " + value, e);
        }
    }

    static List<String> texts(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonArray()) {
            throw wrong(field, "list of texts");
        }
        List<String> values = new ArrayList<>();
        for (JsonElement item : e.getAsJsonArray()) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw wrong(field, "list of texts");
            }
            values.add(item.getAsString());
        }
        return values;
    }

    /** A field holding a JSON object. */
    static JsonObject objectField(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonObject()) {
            throw wrong(field, "JSON object");
        }
        return e.getAsJsonObject();
    }

    /** Two non-negative whole numbers below 2^53, as a list. */
    static long[] pair(JsonElement e, String field) {
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() != 2) {
            throw wrong(field, "pair of numbers");
        }
        long[] pair = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonElement item = e.getAsJsonArray().get(i);
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isNumber()) {
                throw wrong(field, "pair of numbers");
            }
            double value = item.getAsDouble();
            if (value != Math.rint(value) || value < 0 || value > 1L << 53) {
                throw wrong(field, "pair of whole numbers");
            }
            pair[i] = (long) value;
        }
        return pair;
    }

    static JsonArray array(List<String> values) {
        JsonArray array = new JsonArray(values.size());
        values.forEach(array::add);
        return array;
    }

    private static JsonPrimitive primitive(JsonObject o, String field, String type) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            throw missing(field, type);
        }
        if (!e.isJsonPrimitive()) {
            throw wrong(field, type);
        }
        return e.getAsJsonPrimitive();
    }

    private static IllegalArgumentException missing(String field, String type) {
        return new IllegalArgumentException("missing " + field + " (" + type + ")");
    }

    private static IllegalArgumentException wrong(String field, String type) {
        return new IllegalArgumentException(field + " must be a " + type);
    }
}
