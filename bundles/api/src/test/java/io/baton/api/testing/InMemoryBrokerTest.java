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
}
