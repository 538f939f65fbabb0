package io.baton.store.mqtt;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.baton.api.model.AppStatus;
import io.baton.api.model.HistoryEntry;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.ControllerLease;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.RequestOutcome;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the JSON payload of each kind of row. Every payload carries {@code "schema"} (the layout version, so a
 * node can reject one it does not understand) and {@code "by"} (the node that wrote it, so a node knows which
 * rows it owns). Optional values are left out when empty and instants are ISO-8601 text: the API records are
 * mapped field by field, never by reflection. {@link Decoder} reads them back.
 */
final class Codec {
    static final int SCHEMA = 1;
    /** A retained message without payload: the broker forgets the row. */
    static final byte[] REMOVED = new byte[0];

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
            .create();

    private final String writer;

    Codec(String writer) {
        this.writer = writer;
    }

    byte[] rules(DeployedRules r) {
        JsonObject o = envelope();
        o.addProperty("source", r.source());
        o.addProperty("text", r.text());
        o.addProperty("revision", r.revision());
        o.addProperty("deployedAt", r.deployedAt().toString());
        return bytes(o);
    }

    byte[] server(ServerStatus s) {
        JsonObject o = envelope();
        o.addProperty("name", s.name());
        o.addProperty("state", s.state().label());
        o.addProperty("change", s.change().label());
        o.addProperty("processing", s.processing());
        return bytes(o);
    }

    byte[] load(ServerLoad l) {
        JsonObject o = envelope();
        o.addProperty("server", l.server());
        o.addProperty("cpu", l.cpu());
        o.addProperty("memory", l.memory());
        o.addProperty("network", l.network());
        o.addProperty("score", l.score());
        o.addProperty("measuredAt", l.measuredAt().toString());
        return bytes(o);
    }

    byte[] app(AppStatus a) {
        JsonObject o = envelope();
        o.addProperty("name", a.name());
        a.running().ifPresent(r -> o.addProperty("running", r));
        a.backup().ifPresent(b -> o.addProperty("backup", b));
        o.addProperty("processing", a.processing());
        return bytes(o);
    }

    byte[] controller(ControllerLease c) {
        JsonObject o = envelope();
        o.addProperty("server", c.server());
        o.addProperty("term", c.term());
        return bytes(o);
    }

    byte[] history(List<HistoryEntry> entries) {
        JsonArray list = new JsonArray(entries.size());
        for (HistoryEntry e : entries) {
            JsonObject item = new JsonObject();
            item.addProperty("at", e.at().toString());
            item.addProperty("term", e.term());
            item.addProperty("controller", e.controller());
            item.addProperty("trigger", e.trigger());
            item.add("reasons", Json.array(e.reasons()));
            item.add("instructions", Json.array(e.instructions()));
            e.error().ifPresent(error -> item.addProperty("error", error));
            list.add(item);
        }
        JsonObject o = envelope();
        o.add("entries", list);
        return bytes(o);
    }

    byte[] request(OperatorRequest r) {
        JsonObject o = envelope();
        o.addProperty("id", r.id());
        o.addProperty("action", r.action().label());
        o.addProperty("subject", r.subject());
        r.target().ifPresent(t -> o.addProperty("target", t));
        o.addProperty("requestedBy", r.requestedBy());
        o.addProperty("at", r.at().toString());
        return bytes(o);
    }

    byte[] outcome(RequestOutcome r) {
        JsonObject o = envelope();
        o.addProperty("id", r.id());
        o.addProperty("accepted", r.accepted());
        o.addProperty("message", r.message());
        o.addProperty("at", r.at().toString());
        return bytes(o);
    }

    /** A channel value: the caller's JSON kept as text, so every node reads back exactly what was written. */
    byte[] channelValue(String json) {
        JsonObject o = envelope();
        o.addProperty("json", json);
        return bytes(o);
    }

    /**
     * This node's presence, or (online false) another node's offline mark written on its behalf.
     *
     * @param probe the presence probe this answers, or null
     */
    byte[] presence(boolean online, String probe) {
        JsonObject o = envelope();
        o.addProperty("online", online);
        if (probe != null) {
            o.addProperty("probe", probe);
        }
        return bytes(o);
    }

    /** The Last Will the broker publishes when this node's connection dies: no "by", the broker sends it. */
    static byte[] will() {
        JsonObject o = new JsonObject();
        o.addProperty("schema", SCHEMA);
        o.addProperty("online", false);
        return bytes(o);
    }

    byte[] sync(String nonce) {
        JsonObject o = envelope();
        o.addProperty("nonce", nonce);
        return bytes(o);
    }

    byte[] marker(String id) {
        JsonObject o = envelope();
        o.addProperty("marker", id);
        return bytes(o);
    }

    private JsonObject envelope() {
        JsonObject o = new JsonObject();
        o.addProperty("schema", SCHEMA);
        o.addProperty("by", writer);
        return o;
    }

    private static byte[] bytes(JsonObject o) {
        return GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
    }
}
