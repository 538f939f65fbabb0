package io.baton.store.mqtt;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.baton.api.spi.KeyValueChannel;
import io.baton.api.spi.Registration;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** A {@link KeyValueChannel}: one retained topic per key under {@code ext/<channel>/}. */
final class Channel implements KeyValueChannel {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Gson GSON = new Gson();

    private final String name;
    private final StoreEngine engine;
    private final Topics topics;
    private final Codec codec;

    Channel(String name, StoreEngine engine, Topics topics, Codec codec) {
        this.name = requireName(name, "channel name");
        this.engine = engine;
        this.topics = topics;
        this.codec = codec;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, String> entries() {
        return engine.views().entries(name);
    }

    @Override
    public void put(String key, String json) {
        requireName(key, "key");
        requireJson(json);
        engine.write(topics.channel(name, key), codec.channelValue(json));
    }

    @Override
    public void remove(String key) {
        engine.write(topics.channel(name, requireName(key, "key")), codec.removed());
    }

    @Override
    public Registration addListener(Consumer<Map<String, String>> listener) {
        return engine.views().addChannelListener(name, listener);
    }

    @Override
    public String toString() {
        return "channel " + name;
    }

    static String requireName(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " \"" + value + "\" must be letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    /** Rejects text that is not strict JSON: every node must be able to read what an adapter wrote. */
    private static void requireJson(String json) {
        Objects.requireNonNull(json, "json");
        boolean whole;
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.LEGACY_STRICT);
            GSON.getAdapter(JsonElement.class).read(reader);
            whole = reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not valid JSON: " + json + " (" + e.getMessage() + ")", e);
        }
        if (!whole) {
            throw new IllegalArgumentException("not one JSON value: " + json);
        }
    }
}
