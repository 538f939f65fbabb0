package io.baton.adapter.nativecm;

import io.baton.api.spi.SharedStore;
import io.baton.api.testing.Await;
import io.baton.api.testing.InMemoryBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.baton.adapter.nativecm.TestCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** The echo heartbeat alone, on the in-memory broker, with a node's link cut by {@link PartitionedStore}. */
class HeartbeatTest {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatTest.class);
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final InMemoryBroker broker = new InMemoryBroker("t");
    private final List<Heartbeat> heartbeats = new ArrayList<>();
    private final AtomicInteger switches = new AtomicInteger(); // fresh <-> stale

    @AfterEach
    void tearDown() {
        heartbeats.forEach(h -> h.close(false));
        broker.close();
    }

    /**
     * The node, once its mirror says connected: its first delivery can be lost when nothing else is written
     * (the broker may publish before it lists the new node), and a heartbeat does not beat while disconnected.
     */
    private InMemoryBroker.Node connected(String name) {
        InMemoryBroker.Node node = broker.node(name);
        node.channel("test").put("nudge", "{}");
        Await.until(name + " connected", WAIT, () -> node.snapshot().connected());
        return node;
    }

    private Heartbeat heartbeat(SharedStore store) {
        Heartbeat h = new Heartbeat(store.node(), store.channel(Wire.CHANNEL), () -> store.snapshot().connected(),
                () -> TIMEOUT, switches::incrementAndGet);
        heartbeats.add(h);
        h.start();
        return h;
    }

    @Test
    void echoes_keep_a_node_fresh_and_a_cut_makes_it_stale_a_timeout_after_the_last_echoed_beat() {
        PartitionedStore link = new PartitionedStore(connected("a"));
        Heartbeat h = heartbeat(link);
        long start = System.nanoTime();
        Await.until("three timeouts of echoed beats", WAIT, () -> {
            assertThat(h.fresh()).as("fresh while the broker echoes").isTrue();
            return System.nanoTime() - start > TIMEOUT.multipliedBy(3).toNanos();
        });
        assertThat(h.sinceContact()).as("contact within about a beat").isLessThan(TIMEOUT.dividedBy(2));
        assertThat(switches).hasValue(0);

        link.cutBoth(); // the client still says connected
        Duration staleAfter = Await.until("stale", WAIT, () -> switches.get() == 1);
        LOG.info("cut -> stale after {} ms (timeout {} ms, beat {} ms)", staleAfter.toMillis(), TIMEOUT.toMillis(),
                TIMEOUT.toMillis() / 4);
        assertThat(h.fresh()).isFalse();
        // Counted from the last echoed beat, sent at most a beat before the cut: never later than the timeout.
        assertThat(staleAfter).isBetween(TIMEOUT.minus(TIMEOUT.dividedBy(4)).minusMillis(50), TIMEOUT.plusMillis(100));

        link.heal();
        Await.until("fresh again", WAIT, () -> switches.get() == 2);
        assertThat(h.fresh()).isTrue();
    }

    @Test
    void a_retained_beat_of_an_earlier_run_proves_nothing() {
        PartitionedStore link = new PartitionedStore(connected("a"));
        broker.node("b").channel(Wire.CHANNEL).put(Wire.heartbeatKey("a"), Wire.heartbeatJson("earlier-run", 1_000_000));
        Await.until("the old beat in a's mirror", WAIT,
                () -> link.channel(Wire.CHANNEL).entries().containsKey(Wire.heartbeatKey("a")));
        link.cutOutgoing(); // a hears the old beat but none of its own reaches the broker
        Heartbeat h = heartbeat(link);
        Duration staleAfter = Await.until("stale", WAIT, () -> switches.get() == 1);
        assertThat(h.fresh()).isFalse();
        assertThat(staleAfter).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50)); // the start counts as contact
    }

    @Test
    void closing_withdraws_the_key_which_the_assignment_and_report_logic_never_read() {
        Heartbeat h = heartbeat(connected("a"));
        var others = connected("b").channel(Wire.CHANNEL);
        Await.until("a's beat seen by b", WAIT, () -> others.entries().containsKey(Wire.heartbeatKey("a")));
        assertThat(Wire.reports(others.entries())).isEmpty();
        assertThat(Wire.assignments(others.entries())).isEmpty();
        assertThat(Wire.withoutHeartbeats(others.entries())).isEmpty();

        h.close(true);
        Await.until("a's key withdrawn", WAIT, () -> !others.entries().containsKey(Wire.heartbeatKey("a")));
    }
}
