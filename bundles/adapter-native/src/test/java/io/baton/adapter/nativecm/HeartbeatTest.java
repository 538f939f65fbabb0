package io.baton.adapter.nativecm;

import com.google.gson.JsonParser;
import io.baton.api.spi.Registration;
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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

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
        heartbeats.forEach(Heartbeat::close);
        broker.close();
    }

    /** The node, once its mirror says connected: a heartbeat does not beat while disconnected. */
    private InMemoryBroker.Node connected(String name) {
        InMemoryBroker.Node node = broker.node(name);
        Await.until(name + " connected", WAIT, () -> node.snapshot().connected());
        return node;
    }

    private Heartbeat heartbeat(SharedStore store) {
        Heartbeat h = new Heartbeat(store.node(), store.echo(), () -> store.snapshot().connected(),
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
    void a_beat_of_an_earlier_run_proves_nothing() {
        InMemoryBroker.Node a = connected("a");
        PartitionedStore link = new PartitionedStore(a);
        link.cutOutgoing(); // none of this run's beats reaches the broker
        Heartbeat h = heartbeat(link);
        // an earlier run of the node, still beating through the broker (e.g. a delivery late after a restart)
        ScheduledExecutorService earlier = Executors.newSingleThreadScheduledExecutor();
        AtomicLong seq = new AtomicLong(1_000_000);
        AtomicInteger echoed = new AtomicInteger();
        Registration counted = a.echo().addListener(text -> echoed.incrementAndGet());
        try {
            earlier.scheduleAtFixedRate(() -> a.echo().send(Wire.heartbeatJson("earlier-run", seq.incrementAndGet())),
                    0, TIMEOUT.toMillis() / 10, TimeUnit.MILLISECONDS);
            Duration staleAfter = Await.until("stale", WAIT, () -> switches.get() == 1);
            assertThat(echoed.get()).as("the earlier run's beats did come back").isGreaterThan(5);
            assertThat(h.fresh()).isFalse();
            assertThat(staleAfter).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50)); // the start counts as contact
        } finally {
            earlier.shutdownNow();
            counted.close();
        }
    }

    @Test
    void beats_come_back_to_their_own_node_only_and_never_touch_the_shared_state() {
        InMemoryBroker.Node a = connected("a");
        InMemoryBroker.Node b = connected("b");
        List<String> heardByA = new CopyOnWriteArrayList<>();
        List<String> heardByB = new CopyOnWriteArrayList<>();
        AtomicInteger channelChanges = new AtomicInteger();
        List<Registration> registrations = List.of(a.echo().addListener(heardByA::add),
                b.echo().addListener(heardByB::add),
                b.channel(Wire.CHANNEL).addListener(entries -> channelChanges.incrementAndGet()));
        heartbeat(a);
        heartbeat(b);
        Await.until("several beats back on both nodes", WAIT, () -> heardByA.size() >= 4 && heardByB.size() >= 4);
        registrations.forEach(Registration::close);

        Set<String> runsA = heardByA.stream().map(HeartbeatTest::run).collect(Collectors.toSet());
        Set<String> runsB = heardByB.stream().map(HeartbeatTest::run).collect(Collectors.toSet());
        assertThat(runsA).as("a heard its own heartbeat only").hasSize(1);
        assertThat(runsB).as("b heard its own heartbeat only").hasSize(1).doesNotContainAnyElementsOf(runsA);
        assertThat(channelChanges).as("the adapter's shared channel").hasValue(0);
        assertThat(b.channel(Wire.CHANNEL).entries()).isEmpty();
    }

    private static String run(String beat) {
        return JsonParser.parseString(beat).getAsJsonObject().get("run").getAsString();
    }
}
