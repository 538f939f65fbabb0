package io.baton.store.mqtt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.baton.api.model.AppStatus;
import io.baton.api.model.HistoryEntry;
import io.baton.api.model.ServerChange;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerState;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.ControllerLease;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.RequestOutcome;
import io.baton.store.mqtt.Topics.Address;
import io.baton.store.mqtt.Topics.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the payloads {@link Codec} writes. A payload that is not JSON, has another schema, misses a field or
 * breaks a record's invariant is rejected with an {@link IllegalArgumentException} saying why; a row filed under
 * another row's topic (a server row under another server's name) is rejected too.
 */
final class Decoder {

    /** A node's presence on one broker: {@code by} is empty in a Will (the broker sent it). */
    record Presence(boolean online, Optional<String> by, String conn) {
    }

    record Sync(String nonce) {
    }

    record History(List<HistoryEntry> entries) {
    }

    record ChannelValue(String json) {
    }

    /**
     * A decoded message.
     *
     * @param value   the row; empty when the row was removed (a tombstone)
     * @param by      the node that wrote it, when the payload says
     * @param version its version ({@link Versions}); 0 for the kinds that carry none
     */
    record Decoded(Optional<Object> value, Optional<String> by, long version) {
    }

    private Decoder() {
    }

    /** Reads a non-empty payload (an empty one is no row at all: nothing retained). */
    static Decoded decode(Address at, byte[] payload) {
        if (payload.length == 0) {
            throw new IllegalArgumentException("empty payload");
        }
        JsonObject o = Json.object(payload);
        long schema = Json.integer(o, "schema");
        if (schema != Codec.SCHEMA) {
            throw new IllegalArgumentException("schema " + schema + " is not " + Codec.SCHEMA);
        }
        if (at.kind() == Kind.PRESENCE || at.kind() == Kind.SYNC) {
            Object value = at.kind() == Kind.PRESENCE
                    ? new Presence(Json.flag(o, "online"), Json.optionalText(o, "by"), Json.text(o, "conn"))
                    : new Sync(Json.text(o, "nonce"));
            return new Decoded(Optional.of(value), Json.optionalText(o, "by"), 0);
        }
        long version = Json.integer(o, "v");
        Optional<String> by = Optional.of(Json.text(o, "by"));
        if (o.has("removed")) {
            if (!Json.flag(o, "removed")) {
                throw new IllegalArgumentException("removed must be true when present");
            }
            return new Decoded(Optional.empty(), by, version);
        }
        Object value = switch (at.kind()) {
            case RULES -> new DeployedRules(Json.text(o, "source"), Json.text(o, "text"), Json.integer(o, "revision"),
                    Json.instant(o, "deployedAt"));
            case SERVER_STATE -> named(at, new ServerStatus(Json.text(o, "name"), ServerState.valueOf(upper(o, "state")),
                    ServerChange.valueOf(upper(o, "change")), Json.flag(o, "processing")), ServerStatus::name);
            case SERVER_LOAD -> named(at, new ServerLoad(Json.text(o, "server"), Json.number(o, "cpu"),
                    Json.number(o, "memory"), Json.number(o, "network"), Json.number(o, "score"),
                    Json.instant(o, "measuredAt")), ServerLoad::server);
            case APP -> named(at, new AppStatus(Json.text(o, "name"), Json.optionalText(o, "running"),
                    Json.optionalText(o, "backup"), Json.flag(o, "processing")), AppStatus::name);
            case CONTROLLER -> new ControllerLease(Json.text(o, "server"), Json.integer(o, "term"));
            case HISTORY -> history(o);
            case REQUEST -> named(at, new OperatorRequest(Json.text(o, "id"),
                    OperatorRequest.Action.valueOf(upper(o, "action")), Json.text(o, "subject"),
                    Json.optionalText(o, "target"), Json.text(o, "requestedBy"), Json.instant(o, "at")),
                    OperatorRequest::id);
            case OUTCOME -> named(at, new RequestOutcome(Json.text(o, "id"), Json.flag(o, "accepted"),
                    Json.text(o, "message"), Json.instant(o, "at")), RequestOutcome::id);
            case CHANNEL -> new ChannelValue(Json.text(o, "json"));
            case PRESENCE, SYNC -> throw new IllegalStateException("read above");
        };
        return new Decoded(Optional.of(value), by, version);
    }

    /** A heartbeat; rejected unless complete and sent by the node its topic names. */
    static Membership.Beat beat(String node, byte[] payload) {
        JsonObject o = Json.object(payload);
        long schema = Json.integer(o, "schema");
        if (schema != Codec.SCHEMA) {
            throw new IllegalArgumentException("schema " + schema + " is not " + Codec.SCHEMA);
        }
        String by = Json.text(o, "by");
        if (!by.equals(node)) {
            throw new IllegalArgumentException("the heartbeat of " + by + " is filed under " + node);
        }
        java.util.Map<Integer, String> links = new java.util.TreeMap<>();
        Json.objectField(o, "links").entrySet().forEach(e -> {
            int link;
            try {
                link = Integer.parseInt(e.getKey());
            } catch (NumberFormatException bad) {
                throw new IllegalArgumentException("links: " + e.getKey() + " is not a broker number");
            }
            if (link < 0 || !e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException("links: " + e.getKey() + " must name a connection");
            }
            links.put(link, e.getValue().getAsString());
        });
        java.util.Map<String, Membership.Heard> heard = new java.util.TreeMap<>();
        Json.objectField(o, "heard").entrySet().forEach(e -> {
            long[] pair = Json.pair(e.getValue(), "heard." + e.getKey());
            heard.put(e.getKey(), new Membership.Heard(pair[0], pair[1]));
        });
        java.util.Map<String, Membership.Declared> departed = new java.util.TreeMap<>();
        Json.objectField(o, "departed").entrySet().forEach(e -> {
            long[] pair = Json.pair(e.getValue(), "departed." + e.getKey());
            departed.put(e.getKey(), new Membership.Declared(pair[0], pair[1]));
        });
        long data = Json.integer(o, "data");
        return new Membership.Beat(by, Json.integer(o, "run"), Json.integer(o, "seq"), links, (int) Math.max(-1, data),
                Json.flag(o, "quorate"), heard, departed);
    }

    private static History history(JsonObject o) {
        JsonElement list = o.get("entries");
        if (list == null || !list.isJsonArray()) {
            throw new IllegalArgumentException("entries must be a list");
        }
        List<HistoryEntry> entries = new ArrayList<>();
        for (JsonElement item : list.getAsJsonArray()) {
            if (!item.isJsonObject()) {
                throw new IllegalArgumentException("entries must hold objects");
            }
            JsonObject e = item.getAsJsonObject();
            entries.add(new HistoryEntry(Json.instant(e, "at"), Json.integer(e, "term"), Json.text(e, "controller"),
                    Json.text(e, "trigger"), Json.texts(e, "reasons"), Json.texts(e, "instructions"),
                    Json.optionalText(e, "error")));
        }
        return new History(entries);
    }

    private static <T> T named(Address at, T row, java.util.function.Function<T, String> name) {
        if (!name.apply(row).equals(at.name())) {
            throw new IllegalArgumentException("the row of " + name.apply(row) + " is filed under " + at.name());
        }
        return row;
    }

    private static String upper(JsonObject o, String field) {
        return Json.text(o, field).toUpperCase(Locale.ROOT);
    }
}
