package io.baton.store.mqtt;

import io.baton.api.model.AppStatus;
import io.baton.api.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's rules against an in-memory transport: no broker, no timing but the store's own. */
class StoreEngineTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final FakeTransport transport = new FakeTransport();
    private final StoreSettings settings = StoreSettings.of("c", "me", "tcp://127.0.0.1:1", Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    private final Topics topics = new Topics("c");
    private MqttSharedStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.stop();
        }
    }

    @Test
    void writes_made_before_the_first_connection_are_sent_once_in_sync_in_the_order_written() {
        transport.refuseConnections = true;
        store = new MqttSharedStore(settings, transport, null);
        store.putApp(AppStatus.stopped("A2"));
        store.putApp(AppStatus.stopped("A1"));
        Await.until("a refused attempt", WAIT, () -> transport.connects.get() >= 1);
        assertThat(store.snapshot().connected()).isFalse();
        transport.refuseConnections = false;
        Await.until("both rows mirrored", WAIT, () -> store.snapshot().tables().apps().size() == 2);
        List<String> order = transport.published.stream().map(p -> p.substring(0, p.indexOf(' '))).toList();
        assertThat(order).containsSubsequence(topics.sync("me"), topics.app("A2"), topics.app("A1"));
    }

    @Test
    void the_echo_has_a_lossy_subscription_of_its_own_is_sent_only_in_sync_and_bypasses_the_mirror() {
        transport.refuseConnections = true;
        store = new MqttSharedStore(settings, transport, null);
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.echo().addListener(heard::add);
        store.echo().send("early");
        Await.until("a refused attempt", WAIT, () -> transport.connects.get() >= 1);
        transport.refuseConnections = false;
        Await.until("in sync", WAIT, () -> store.snapshot().connected());
        assertThat(transport.subscriptions).containsExactly(List.of(new Transport.Filter("baton/c/#", true),
                new Transport.Filter("baton-echo/c/me", false)));

        store.echo().send("beat 1");
        Await.until("the echo heard", WAIT, () -> !heard.isEmpty());
        assertThat(heard).as("sent before the store was in step: dropped").containsExactly("beat 1");
        assertThat(transport.sent).containsExactly("baton-echo/c/me beat 1");
        assertThat(transport.published).noneMatch(p -> p.contains("beat 1"));
        assertThat(store.channel("native").entries()).isEmpty();
    }

    @Test
    void a_refused_subscription_drops_the_connection_and_tries_again() {
        transport.refuseNextSubscription = true;
        store = new MqttSharedStore(settings, transport, null);
        Await.until("in sync on the second connection", WAIT, () -> store.snapshot().connected());
        assertThat(transport.drops.get()).isEqualTo(1);
        assertThat(transport.connects.get()).isEqualTo(2);
    }

    @Test
    void a_live_will_is_retained_for_its_node_once_and_an_offline_mark_of_this_node_is_answered() {
        store = new MqttSharedStore(settings, transport, null);
        Await.until("in sync", WAIT, () -> store.snapshot().connected());
        transport.inject(topics.presence("b"), "{\"schema\":1,\"by\":\"b\",\"online\":true}");
        Await.until("b live", WAIT, () -> store.snapshot().liveNodes().equals(Set.of("b", "me")));

        transport.inject(topics.presence("b"), new String(Codec.will()));
        Await.until("b gone", WAIT, () -> store.snapshot().liveNodes().equals(Set.of("me")));
        Await.until("the offline retained on b's behalf", WAIT,
                () -> transport.sent(topics.presence("b") + " {\"schema\":1,\"by\":\"me\",\"online\":false}"));
        long marks = transport.published.stream().filter(p -> p.startsWith(topics.presence("b"))).count();
        assertThat(marks).as("the echo of our own mark is not a Will: no second mark").isEqualTo(1);

        transport.inject(topics.presence("me"), "{\"schema\":1,\"by\":\"x\",\"online\":false}");
        Await.until("me announced again", WAIT, () -> transport.published.stream()
                .filter(p -> p.startsWith(topics.presence("me") + " ") && p.contains("\"online\":true")).count() >= 2);
        Await.until("me live again", WAIT, () -> store.snapshot().liveNodes().contains("me"));
    }

    @Test
    void a_connection_attempt_that_gets_no_answer_is_abandoned_and_retried_with_a_fresh_client() {
        StoreSettings quick = new StoreSettings("c", "me", "baton-c-me", List.of("tcp://127.0.0.1:1"),
                java.util.Optional.empty(), java.util.Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 100, 100, StoreSettings.Tls.DEFAULT);
        transport.silent = true;
        store = new MqttSharedStore(quick, transport, null);
        Await.until("the silent attempt abandoned", WAIT, () -> transport.resets.get() == 1);
        transport.silent = false;
        Await.until("in sync on a later attempt", WAIT, () -> store.snapshot().connected());
    }

    @Test
    void a_retried_request_that_was_answered_meanwhile_is_hidden_and_taken_back() {
        store = new MqttSharedStore(settings, transport, null);
        Await.until("in sync", WAIT, () -> store.snapshot().connected());
        transport.inject(topics.outcome("r1"),
                "{\"schema\":1,\"by\":\"b\",\"id\":\"r1\",\"accepted\":true,\"message\":\"done\",\"at\":\"2026-01-01T00:00:00Z\"}");
        store.submitRequest(new io.baton.api.spi.OperatorRequest("r1", io.baton.api.spi.OperatorRequest.Action.DETACH,
                "b", java.util.Optional.empty(), "me", java.time.Instant.EPOCH));
        Await.until("the row taken back", WAIT, () -> transport.published.contains(topics.request("r1") + " "));
        assertThat(store.snapshot().requests()).isEmpty();
        assertThat(store.snapshot().outcomes()).containsKey("r1");
    }

    @Test
    void another_nodes_sync_marker_is_answered_with_its_nonce() {
        store = new MqttSharedStore(settings, transport, null);
        Await.until("in sync", WAIT, () -> store.snapshot().connected());
        transport.inject(topics.sync("b"), "{\"schema\":1,\"by\":\"b\",\"nonce\":\"n-42\"}");
        Await.until("the answer", WAIT, () -> transport.sent("\"probe\":\"n-42\""));
    }
}
