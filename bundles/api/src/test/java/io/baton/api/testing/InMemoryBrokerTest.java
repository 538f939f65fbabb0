package io.baton.api.testing;

import io.baton.api.model.AppStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryBrokerTest {

    @Test
    void writes_reach_every_connected_mirror_and_a_disconnected_node_catches_up() {
        try (InMemoryBroker broker = new InMemoryBroker("t")) {
            var a = broker.node("a");
            var b = broker.node("b");
            a.putApp(AppStatus.of("X", "a", "b"));
            Await.until("b sees X", Duration.ofSeconds(2), () -> b.snapshot().tables().apps().containsKey("X"));
            assertThat(b.snapshot().liveNodes()).isEqualTo(Set.of("a", "b"));

            b.disconnect();
            Await.until("a sees b gone", Duration.ofSeconds(2), () -> !a.snapshot().liveNodes().contains("b"));
            assertThat(b.snapshot().connected()).isFalse();
            b.putApp(AppStatus.of("Y", "b", null));
            a.channel("native").put("k", "{}");
            broker.flush();
            assertThat(a.snapshot().tables().apps()).doesNotContainKey("Y");

            b.connect();
            Await.until("b's queued write arrives", Duration.ofSeconds(2), () -> a.snapshot().tables().apps().containsKey("Y"));
            Await.until("b sees the channel", Duration.ofSeconds(2), () -> b.channel("native").entries().containsKey("k"));
        }
    }

    @Test
    void in_an_outage_every_node_loses_the_broker_and_none_sees_another_leave() {
        try (InMemoryBroker broker = new InMemoryBroker("t")) {
            var a = broker.node("a");
            var b = broker.node("b");
            broker.flush();
            java.util.List<Set<String>> seenByB = new java.util.concurrent.CopyOnWriteArrayList<>();
            b.addListener(snapshot -> {
                if (snapshot.connected()) {
                    seenByB.add(snapshot.liveNodes());
                }
            });

            broker.outage();
            broker.flush();
            assertThat(a.snapshot().connected()).isFalse();
            assertThat(b.snapshot().connected()).isFalse();
            assertThat(seenByB).as("b never saw a connected view without a").allMatch(live -> live.contains("a"));

            a.connect();
            b.connect();
            Await.until("both live again", Duration.ofSeconds(2), () -> a.snapshot().liveNodes().equals(Set.of("a", "b")));
        }
    }

    @Test
    void a_node_that_disconnects_departs_at_once_and_loses_its_lease_after_the_lease_time() {
        try (InMemoryBroker broker = new InMemoryBroker("t", Duration.ofMillis(300))) {
            var a = broker.node("a");
            var b = broker.node("b");
            broker.flush();
            assertThat(a.snapshot().membership().leased()).isTrue();
            assertThat(a.snapshot().quorate()).isTrue();
            long before = System.nanoTime();
            b.disconnect();
            Await.until("b departed for a", Duration.ofSeconds(2), () -> a.snapshot().membership().departed().contains("b"));
            Await.until("b no longer quorate", Duration.ofSeconds(2), () -> !b.snapshot().quorate());
            assertThat(b.snapshot().membership().leased()).as("its lease still runs").isTrue();
            Await.until("b's lease ran out", Duration.ofSeconds(2), () -> !b.snapshot().membership().leased());
            assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
            assertThat(b.leaseDeadlineNanos() - before).isBetween(0L, Duration.ofMillis(400).toNanos());
            b.connect();
            Await.until("b back, not departed", Duration.ofSeconds(2), () -> a.snapshot().liveNodes().contains("b")
                    && a.snapshot().membership().departed().isEmpty() && b.snapshot().membership().leased());
        }
    }

    @Test
    void a_node_lost_in_an_outage_departs_only_after_the_lease_time_if_it_does_not_come_back() {
        try (InMemoryBroker broker = new InMemoryBroker("t", Duration.ofMillis(200))) {
            var a = broker.node("a");
            broker.node("b");
            broker.flush();
            broker.outage();
            a.connect();
            broker.flush();
            assertThat(a.snapshot().membership().departed()).as("not at once: its Will never came").isEmpty();
            Await.until("b departed", Duration.ofSeconds(2), () -> a.snapshot().membership().departed().contains("b"));
        }
    }

    @Test
    void a_node_alone_of_three_is_not_quorate() {
        try (InMemoryBroker broker = new InMemoryBroker("t", Duration.ofMillis(200))) {
            var a = broker.node("a");
            broker.node("b");
            broker.node("c");
            broker.flush();
            assertThat(a.snapshot().quorate()).isTrue();
            broker.outage();
            a.connect();
            broker.flush();
            assertThat(a.snapshot().connected()).isTrue();
            assertThat(a.snapshot().quorate()).as("one of three").isFalse();
        }
    }
}
