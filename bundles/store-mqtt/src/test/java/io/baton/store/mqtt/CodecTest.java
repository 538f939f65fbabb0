package io.baton.store.mqtt;

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
import io.baton.store.mqtt.Decoder.Decoded;
import io.baton.store.mqtt.Topics.Address;
import io.baton.store.mqtt.Topics.Kind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00.123Z");
    private final Codec codec = new Codec("a");

    @Test
    void every_row_reads_back_as_written_with_its_writer() {
        roundTrip(Kind.RULES, "", codec.rules(new DeployedRules("r.json", "{\"x\":\"\\u00e9\"}", 7, T)),
                new DeployedRules("r.json", "{\"x\":\"\\u00e9\"}", 7, T));
        ServerStatus server = new ServerStatus("b", ServerState.FAILED, ServerChange.FAILED, true);
        roundTrip(Kind.SERVER_STATE, "b", codec.server(server), server);
        ServerLoad load = new ServerLoad("b", Double.NaN, 12.5, 0, 3.25, T);
        roundTrip(Kind.SERVER_LOAD, "b", codec.load(load), load);
        roundTrip(Kind.APP, "AP1", codec.app(AppStatus.of("AP1", "a", "b")), AppStatus.of("AP1", "a", "b"));
        roundTrip(Kind.APP, "AP2", codec.app(AppStatus.stopped("AP2")), AppStatus.stopped("AP2"));
        roundTrip(Kind.CONTROLLER, "", codec.controller(new ControllerLease("a", 3)), new ControllerLease("a", 3));
        List<HistoryEntry> history = List.of(
                new HistoryEntry(T, 3, "a", "fail b", List.of("AP1: backup b → c"), List.of(), Optional.of("timeout")),
                new HistoryEntry(T, 3, "a", "tick", List.of(), List.of("set backup AP1 c"), Optional.empty()));
        roundTrip(Kind.HISTORY, "", codec.history(history), new Decoder.History(history));
        OperatorRequest move = new OperatorRequest("r1", OperatorRequest.Action.MOVE, "AP1", Optional.of("c"), "a", T);
        roundTrip(Kind.REQUEST, "r1", codec.request(move), move);
        OperatorRequest detach = new OperatorRequest("r2", OperatorRequest.Action.DETACH, "b", Optional.empty(), "a", T);
        roundTrip(Kind.REQUEST, "r2", codec.request(detach), detach);
        roundTrip(Kind.OUTCOME, "r1", codec.outcome(new RequestOutcome("r1", false, "no", T)),
                new RequestOutcome("r1", false, "no", T));
        roundTrip(Kind.CHANNEL, "native", codec.channelValue("{ \"k\" : [1, 2] }"),
                new Decoder.ChannelValue("{ \"k\" : [1, 2] }"));
        roundTrip(Kind.PRESENCE, "a", codec.presence(true, "n1"),
                new Decoder.Presence(true, Optional.of("a"), Optional.of("n1")));
        roundTrip(Kind.SYNC, "a", codec.sync("n1"), new Decoder.Sync("n1"));
        roundTrip(Kind.MARKER, "a", codec.marker("m"), new Decoder.Marker("m"));
    }

    @Test
    void the_will_is_the_documented_payload_without_a_writer() {
        assertThat(new String(Codec.will(), StandardCharsets.UTF_8)).isEqualTo("{\"schema\":1,\"online\":false}");
        Decoded will = Decoder.decode(new Address(Kind.PRESENCE, "a", ""), Codec.will());
        assertThat(will.value()).contains(new Decoder.Presence(false, Optional.empty(), Optional.empty()));
        assertThat(will.by()).isEmpty();
    }

    @Test
    void an_empty_payload_removes_the_row() {
        Decoded removed = Decoder.decode(new Address(Kind.APP, "AP1", ""), Codec.REMOVED);
        assertThat(removed.value()).isEmpty();
        assertThat(removed.by()).isEmpty();
    }

    @Test
    void payloads_of_the_wrong_shape_are_rejected_saying_why() {
        Address app = new Address(Kind.APP, "AP1", "");
        rejects(app, "not json {", "not JSON (line 1 column 6)");
        rejects(app, "[1,2]", "not a JSON object");
        rejects(app, "{\"name\":\"AP1\",\"processing\":false}", "missing schema");
        rejects(app, "{\"schema\":2,\"name\":\"AP1\",\"processing\":false}", "schema 2 is not 1");
        rejects(app, "{\"schema\":1,\"name\":\"AP1\",\"processing\":\"no\"}", "processing must be a true or false");
        rejects(app, "{\"schema\":1,\"name\":\"AP2\",\"processing\":false}", "filed under AP1");
        rejects(app, "{\"schema\":1,\"name\":\"AP1\",\"backup\":\"b\",\"processing\":false}", "cannot have a backup");
        rejects(new Address(Kind.SERVER_STATE, "a", ""),
                "{\"schema\":1,\"name\":\"a\",\"state\":\"sleeping\",\"change\":\"none\",\"processing\":false}", "");
        rejects(new Address(Kind.CONTROLLER, "", ""), "{\"schema\":1,\"server\":\"a\",\"term\":1.5}", "whole number");
        rejects(new Address(Kind.OUTCOME, "r1", ""),
                "{\"schema\":1,\"id\":\"r1\",\"accepted\":true,\"message\":\"m\",\"at\":\"yesterday\"}", "ISO-8601");
    }

    private static void roundTrip(Kind kind, String name, byte[] payload, Object expected) {
        Decoded d = Decoder.decode(new Address(kind, name, ""), payload);
        assertThat(d.value()).as(kind.name()).contains(expected);
        assertThat(d.by()).as(kind.name()).contains("a");
    }

    private static void rejects(Address at, String json, String because) {
        assertThatThrownBy(() -> Decoder.decode(at, json.getBytes(StandardCharsets.UTF_8)))
                .as(json).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(because);
    }
}
