package io.baton.adapter.nativecm;

import io.baton.api.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.baton.adapter.nativecm.TestCluster.FENCE;
import static io.baton.adapter.nativecm.TestCluster.WAIT;
import static io.baton.adapter.nativecm.TestCluster.alive;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fencing follows the store's lease, not the MQTT client: node a is cut off while its client still says connected;
 * it stops acting at once and stops its apps when its lease runs out, before the others may take them over (the
 * in-memory broker declares it gone later, as the real store's Wills after 1.5 keep-alives would).
 */
class LeaseFencingTest {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseFencingTest.class);
    /** When the others may take a's apps over: after its Will, 1.5 x a keep-alive above the lease. */
    private static final Duration DEPARTURE = FENCE.multipliedBy(3).dividedBy(2);

    @TempDir
    Path tmp;

    @Test
    void a_node_cut_off_while_its_client_says_connected_fences_at_its_lease_deadline_before_the_takeover() throws Exception {
        ScheduledExecutorService brokerClock = Executors.newSingleThreadScheduledExecutor();
        try (TestCluster cluster = new TestCluster(tmp, "b", "c")) {
            PartitionedStore link = new PartitionedStore(cluster.broker.node("a"), FENCE);
            cluster.start("a", link, cluster.settings("a").withWatchdog(false)); // the agent's own fence, alone
            cluster.awaitInSync("a");
            NativeClusterManager controller = cluster.node("c");
            controller.start("web", "a");
            controller.setBackup("web", Optional.of("b"));
            long onA = cluster.process("a", "web").orElseThrow().pid();
            CompletableFuture<Instant> aExited = ProcessHandle.of(onA).orElseThrow().onExit().thenApply(h -> Instant.now());

            Instant cut = Instant.now();
            link.cutBoth();
            brokerClock.schedule(() -> cluster.broker.node("a").disconnect(), DEPARTURE.toMillis(), TimeUnit.MILLISECONDS);
            Instant fenced = aExited.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            long onB = cluster.awaitRunning("b", "web");
            Instant bStarted = cluster.process("b", "web").orElseThrow().since();
            Duration fenceAfter = Duration.between(cut, fenced);
            LOG.info("cut -> a's app gone after {} ms (lease {} ms); b took over after {} ms, {} ms after a's copy was gone",
                    fenceAfter.toMillis(), FENCE.toMillis(), Duration.between(cut, bStarted).toMillis(),
                    Duration.between(fenced, bStarted).toMillis());

            assertThat(link.snapshot().connected()).as("a's client never noticed").isTrue();
            assertThat(fenceAfter).as("at the lease's end").isBetween(FENCE.minusMillis(20), FENCE.plusMillis(250));
            assertThat(fenced).as("a's copy gone before the backup starts it").isBefore(bStarted);

            // a back: it follows the assignment and runs nothing.
            cluster.broker.node("a").connect();
            link.heal();
            cluster.awaitInSync("a");
            Await.until("web only on b", WAIT, () -> cluster.runningEverywhere("web"), m -> m.equals(Map.of("b", onB)));
            Await.until("a a member again", WAIT, () -> cluster.view("c").members().contains("a"));
        } finally {
            brokerClock.shutdownNow();
        }
    }

    /**
     * Found by the fault campaign: a node frozen beyond its lease wakes; its watchdog has killed its app; the agent's
     * thread sees the exit before the store's thread has published that the lease ran out, and its snapshot still
     * says quorate, with the app assigned here. It must read the lease's deadline itself and start nothing: the
     * others may be taking the app over at that very moment.
     */
    @Test
    void a_node_whose_lease_ran_out_before_its_snapshot_says_so_starts_nothing() throws Exception {
        try (TestCluster cluster = new TestCluster(tmp, "b", "c")) {
            PartitionedStore link = new PartitionedStore(cluster.broker.node("a"), FENCE);
            cluster.start("a", link, cluster.settings("a").withWatchdog(false));
            cluster.awaitInSync("a");
            cluster.node("c").start("web", "a");
            long web = cluster.process("a", "web").orElseThrow().pid();

            link.expireLeaseUnannounced();
            assertThat(link.snapshot().quorate()).as("the stale snapshot").isTrue();
            ProcessHandle.of(web).orElseThrow().destroyForcibly(); // the watchdog's SIGKILL at the lease's end
            Await.until("web dead", WAIT, () -> !alive(web));
            long since = System.nanoTime();
            Await.until("a lease time without a start", WAIT, () -> {
                assertThat(cluster.process("a", "web").filter(p -> p.pid() != web)).as("web started again on a")
                        .isEmpty();
                return System.nanoTime() - since > FENCE.toNanos();
            });
            assertThat(cluster.process("a", "web")).as("its death seen").isEmpty();
        }
    }

    @Test
    void a_node_without_a_quorum_starts_nothing_and_fences_when_its_lease_runs_out() throws Exception {
        try (TestCluster cluster = new TestCluster(tmp, "b", "c")) {
            PartitionedStore link = new PartitionedStore(cluster.broker.node("a"), FENCE);
            cluster.start("a", link, cluster.settings("a")); // with its watchdog, which must let it start again too
            cluster.awaitInSync("a");
            cluster.node("c").start("web", "a");
            long web = cluster.process("a", "web").orElseThrow().pid();

            link.cutOutgoing(); // a hears everything, but nothing it writes (its heartbeats included) arrives
            Await.until("web fenced on a", WAIT, () -> !alive(web) && cluster.process("a", "web").isEmpty());
            cluster.broker.node("c").channel(Wire.CHANNEL).put(Wire.assignKey("tree"),
                    Wire.json(new Assignment(Optional.of("a"), Optional.empty(), 100)));
            Await.until("a sees tree assigned to it", WAIT,
                    () -> link.channel(Wire.CHANNEL).entries().containsKey(Wire.assignKey("tree")));
            // web and tree are a's in a's own mirror: an agent that did not hold back would start them at once.
            long since = System.nanoTime();
            Await.until("two lease times fenced", WAIT, () -> {
                assertThat(cluster.node("a").processes()).as("nothing starts while not quorate").isEmpty();
                return System.nanoTime() - since > FENCE.multipliedBy(2).toNanos();
            });

            Instant healed = Instant.now();
            link.heal();
            cluster.awaitRunning("a", "web");
            cluster.awaitRunning("a", "tree");
            assertThat(cluster.process("a", "web").orElseThrow().since()).isAfter(healed);
            assertThat(cluster.process("a", "tree").orElseThrow().since()).isAfter(healed);
        }
    }
}
