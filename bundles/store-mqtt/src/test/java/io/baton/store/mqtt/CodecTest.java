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
    private final Codec codec = new Codec("a", new Versions(() -> 1_000));

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
        roundTrip(Kind.PRESENCE, "a", codec.presence(true, "n1"), new Decoder.Presence(true, Optional.of("a"), "n1"));
        roundTrip(Kind.SYNC, "a", codec.sync("n1"), new Decoder.Sync("n1"));
    }

    @Test
    void every_row_carries_a_version_newer_than_the_last_one_written() {
        long first = Decoder.decode(new Address(Kind.APP, "A", ""), codec.app(AppStatus.stopped("A"))).version();
        long second = Decoder.decode(new Address(Kind.APP, "A", ""), codec.app(AppStatus.stopped("A"))).version();
        assertThat(first).isEqualTo(1_000L << 10);
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void the_will_is_the_nodes_offline_presence_naming_its_connection() {
        assertThat(new String(codec.will("c7"), StandardCharsets.UTF_8))
                .isEqualTo("{\"schema\":2,\"by\":\"a\",\"online\":false,\"conn\":\"c7\"}");
        Decoded will = Decoder.decode(new Address(Kind.PRESENCE, "a", "0"), codec.will("c7"));
        assertThat(will.value()).contains(new Decoder.Presence(false, Optional.of("a"), "c7"));
        assertThat(will.by()).contains("a");
    }

    @Test
    void a_removed_row_is_a_tombstone_with_its_version() {
        Decoded removed = Decoder.decode(new Address(Kind.APP, "AP1", ""), codec.removed());
        assertThat(removed.value()).isEmpty();
        assertThat(removed.by()).contains("a");
        assertThat(removed.version()).isPositive();
    }

    @Test
    void a_heartbeat_reads_back_as_sent_and_only_under_its_senders_name() {
        Membership.Beat beat = new Membership.Beat("a", 17, 3, java.util.Map.of(0, "x-0-1", 1, "x-1-4"), 1, true,
                java.util.Map.of("b", new Membership.Heard(9, 12)), java.util.Map.of("c", new Membership.Declared(0, 0),
                "d", new Membership.Declared(4, 2500)));
        assertThat(Decoder.beat("a", Codec.beat(beat))).isEqualTo(beat);
        assertThatThrownBy(() -> Decoder.beat("b", Codec.beat(beat))).hasMessageContaining("filed under b");
        assertThatThrownBy(() -> Decoder.beat("a", "{\"schema\":2,\"by\":\"a\",\"run\":1,\"seq\":1,\"links\":{\"x\":\"c\"},\"data\":0,\"quorate\":false,\"heard\":{},\"departed\":{}}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("links: x is not a broker number");
        assertThatThrownBy(() -> Decoder.beat("a", "{\"schema\":2,\"by\":\"a\",\"run\":1,\"seq\":1,\"links\":{},\"data\":0,\"quorate\":false,\"heard\":{\"b\":[1]},\"departed\":{}}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("heard.b must be a pair of numbers");
    }

    @Test
    void payloads_of_the_wrong_shape_are_rejected_saying_why() {
        Address app = new Address(Kind.APP, "AP1", "");
        rejects(app, "not json {", "not JSON (line 1 column 6)");
        rejects(app, "[1,2]", "not a JSON object");
        String head = "{\"schema\":2,\"by\":\"a\",\"v\":1,";
        rejects(app, "{\"name\":\"AP1\",\"processing\":false}", "missing schema");
        rejects(app, "{\"schema\":1,\"name\":\"AP1\",\"processing\":false}", "schema 1 is not 2");
        rejects(app, "{\"schema\":2,\"by\":\"a\",\"name\":\"AP1\",\"processing\":false}", "missing v");
        rejects(app, "{\"schema\":2,\"v\":1,\"name\":\"AP1\",\"processing\":false}", "missing by");
        rejects(app, head + "\"removed\":false}", "removed must be true");
        rejects(app, head + "\"name\":\"AP1\",\"processing\":\"no\"}", "processing must be a true or false");
        rejects(app, head + "\"name\":\"AP2\",\"processing\":false}", "filed under AP1");
        rejects(app, head + "\"name\":\"AP1\",\"backup\":\"b\",\"processing\":false}", "cannot have a backup");
        rejects(new Address(Kind.SERVER_STATE, "a", ""),
                head + "\"name\":\"a\",\"state\":\"sleeping\",\"change\":\"none\",\"processing\":false}", "");
        rejects(new Address(Kind.CONTROLLER, "", ""), head + "\"server\":\"a\",\"term\":1.5}", "whole number");
        rejects(new Address(Kind.OUTCOME, "r1", ""),
                head + "\"id\":\"r1\",\"accepted\":true,\"message\":\"m\",\"at\":\"yesterday\"}", "ISO-8601");
        rejects(app, "", "empty payload");
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
