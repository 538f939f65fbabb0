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
 * node can reject one it does not understand), {@code "by"} (the node that wrote it, so a node knows which
 * rows it owns) and {@code "v"} (its {@link Versions version}: of two values of a row the newer wins). A removed
 * row is a tombstone ({@code "removed": true}), so that a broker still holding the row cannot bring it back.
 * Optional values are left out when empty and instants are ISO-8601 text: the API records are mapped field by
 * field, never by reflection. {@link Decoder} reads them back.
 */
final class Codec {
    static final int SCHEMA = 2;

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
            .create();

    private final String writer;
    private final Versions versions;

    Codec(String writer, Versions versions) {
        this.writer = writer;
        this.versions = versions;
    }

    /** The row removed: a tombstone, newer than every value seen. */
    byte[] removed() {
        JsonObject o = envelope();
        o.addProperty("removed", true);
        return bytes(o);
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

    /** This node's presence on one broker: online (or, at a clean stop, offline) on connection {@code conn}. */
    byte[] presence(boolean online, String conn) {
        JsonObject o = new JsonObject();
        o.addProperty("schema", SCHEMA);
        o.addProperty("by", writer);
        o.addProperty("online", online);
        o.addProperty("conn", conn);
        return bytes(o);
    }

    /** The Last Will the broker publishes when connection {@code conn} dies, made (and signed) at connection. */
    byte[] will(String conn) {
        return presence(false, conn);
    }

    /** A heartbeat (see {@link Membership.Beat}); runs and beat numbers are whole numbers below 2^53. */
    static byte[] beat(Membership.Beat b) {
        JsonObject o = new JsonObject();
        o.addProperty("schema", SCHEMA);
        o.addProperty("by", b.node());
        o.addProperty("run", b.run());
        o.addProperty("seq", b.seq());
        JsonObject links = new JsonObject();
        b.links().forEach((link, conn) -> links.addProperty(String.valueOf(link), conn));
        o.add("links", links);
        o.addProperty("data", b.data());
        o.addProperty("quorate", b.quorate());
        JsonObject heard = new JsonObject();
        b.heard().forEach((node, h) -> {
            JsonArray pair = new JsonArray(2);
            pair.add(h.run());
            pair.add(h.seq());
            heard.add(node, pair);
        });
        o.add("heard", heard);
        JsonObject departed = new JsonObject();
        b.departed().forEach((node, d) -> {
            JsonArray pair = new JsonArray(2);
            pair.add(d.run());
            pair.add(d.age());
            departed.add(node, pair);
        });
        o.add("departed", departed);
        return bytes(o);
    }

    byte[] sync(String nonce) {
        JsonObject o = new JsonObject();
        o.addProperty("schema", SCHEMA);
        o.addProperty("by", writer);
        o.addProperty("nonce", nonce);
        return bytes(o);
    }

    private JsonObject envelope() {
        JsonObject o = new JsonObject();
        o.addProperty("schema", SCHEMA);
        o.addProperty("by", writer);
        o.addProperty("v", versions.next());
        return o;
    }

    private static byte[] bytes(JsonObject o) {
        return GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
    }
}
