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
import io.baton.trust.Keyring;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a broker delivers, the decoders answer a value or an {@link IllegalArgumentException} with a reason —
 * never another exception, never a dead thread — and a signed message changed in any way is never believed.
 */
class DecoderFuzzTest {
    private static final Topics TOPICS = new Topics("c");
    private static final Keyring KEYS = TestKeys.of("c", "n1");
    private static final Sealer SEALER = new Sealer(KEYS);
    private static final Codec CODEC = new Codec("n1", new Versions());
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    /** Valid messages of every kind, as node n1 (or, for rules and requests, the operator) signs them. */
    private static final List<Message> VALID = List.of(
            operator(TOPICS.rules(), CODEC.rules(new DeployedRules("r.json", "{\"cluster\":\"c\"}", 3, T))),
            operator(TOPICS.request("r1"), CODEC.request(new OperatorRequest("r1", OperatorRequest.Action.MOVE, "web",
                    Optional.of("n2"), "n1", T))),
            node(TOPICS.controller(), CODEC.controller(new ControllerLease("n1", 4))),
            node(TOPICS.app("web"), CODEC.app(AppStatus.of("web", "n1", "n2"))),
            node(TOPICS.server("n2"), CODEC.server(new ServerStatus("n2", ServerState.UP, ServerChange.NONE, false))),
            node(TOPICS.load("n1"), CODEC.load(ServerLoad.ofScore("n1", 12))),
            node(TOPICS.history(), CODEC.history(List.of(new HistoryEntry(T, 4, "n1", "n2 left", List.of("r"),
                    List.of("start web on n1"), Optional.empty())))),
            node(TOPICS.outcome("r1"), CODEC.outcome(new RequestOutcome("r1", true, "moved", T))),
            node(TOPICS.channel("native", "assign.web"), CODEC.channelValue("{\"server\":\"n1\"}")),
            node(TOPICS.presence("n1", 0), CODEC.presence(true, "c1")),
            node(TOPICS.app("db"), CODEC.removed()));

    record Message(String topic, byte[] payload) {
    }

    private static Message node(String topic, byte[] body) {
        return new Message(topic, SEALER.asNode(topic, body));
    }

    private static Message operator(String topic, byte[] body) {
        return new Message(topic, SEALER.asOperator(topic, body));
    }

    @Property(tries = 2000)
    void any_bytes_on_any_topic_are_a_value_or_a_reason(@ForAll("payloads") byte[] payload,
                                                         @ForAll("topics") String topic) {
        Address at = TOPICS.parse(topic).orElseThrow();
        try {
            Decoder.decode(at, payload);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        try {
            Decoder.beat("n1", payload);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        Guard guard = new Guard("c", KEYS);
        try {
            guard.signer(topic, payload);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void a_signed_message_changed_in_any_way_is_never_believed(@ForAll("changed") Message changed,
                                                               @ForAll("topics") String otherTopic) {
        Guard guard = new Guard("c", KEYS);
        boolean original = VALID.stream().anyMatch(m -> m.topic().equals(changed.topic())
                && Arrays.equals(m.payload(), changed.payload()));
        Address at = TOPICS.parse(changed.topic()).orElseThrow();
        Optional<String> problem;
        try {
            Decoded d = Decoder.decode(at, changed.payload());
            problem = guard.row(changed.topic(), at, changed.payload(), d, List.of("n1", "n2"));
        } catch (IllegalArgumentException e) {
            problem = Optional.of(e.getMessage());
        }
        assertThat(problem.isEmpty()).as("believed: %s", new String(changed.payload(), StandardCharsets.UTF_8))
                .isEqualTo(original);
        if (!otherTopic.equals(changed.topic())) {
            Address other = TOPICS.parse(otherTopic).orElseThrow();
            Optional<String> moved;
            try {
                moved = guard.row(otherTopic, other, changed.payload(), Decoder.decode(other, changed.payload()),
                        List.of("n1", "n2"));
            } catch (IllegalArgumentException e) {
                moved = Optional.of(e.getMessage());
            }
            assertThat(moved).as("moved to %s", otherTopic).isPresent();
        }
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.of(VALID.stream().map(Message::topic).toList());
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.-eEtrufalsn \\ux".toCharArray())
                .ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> nested = Arbitraries.integers().between(1, 3000)
                .map(n -> ("{\"schema\":2,\"x\":" + "[".repeat(n) + "]".repeat(n) + "}").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(random, jsonish, nested, changed().map(Message::payload));
    }

    /** A valid message with one random change: a byte altered, a range cut out, bytes inserted — or none. */
    @Provide
    Arbitrary<Message> changed() {
        Arbitrary<Message> valid = Arbitraries.of(VALID);
        return Combinators.combine(valid, Arbitraries.integers().between(0, 3), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(1, 40), Arbitraries.bytes()).as((m, kind, where, length, b) -> {
                    byte[] p = m.payload();
                    int at = (int) (where * (p.length - 1));
                    byte[] out = switch (kind) {
                        case 0 -> {
                            byte[] c = p.clone();
                            c[at] = b;
                            yield c;
                        }
                        case 1 -> {
                            int end = Math.min(p.length, at + length);
                            byte[] c = new byte[p.length - (end - at)];
                            System.arraycopy(p, 0, c, 0, at);
                            System.arraycopy(p, end, c, at, p.length - end);
                            yield c;
                        }
                        case 2 -> {
                            byte[] c = new byte[p.length + 1];
                            System.arraycopy(p, 0, c, 0, at);
                            c[at] = b;
                            System.arraycopy(p, at, c, at + 1, p.length - at);
                            yield c;
                        }
                        default -> p.clone();
                    };
                    return new Message(m.topic(), out);
                });
    }
}
