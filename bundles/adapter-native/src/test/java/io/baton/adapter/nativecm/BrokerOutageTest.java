package io.baton.adapter.nativecm;

import io.baton.api.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.baton.adapter.nativecm.TestCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every node loses the broker at once (a broker restart): all fence, then each resumes its own apps once a majority
 * is back; a node that does not come back is taken over once it has departed.
 */
class BrokerOutageTest {
    @TempDir
    Path tmp;

    @Test
    void after_a_broker_outage_apps_do_not_pile_up_on_the_first_node_back() throws Exception {
        try (TestCluster cluster = new TestCluster(tmp, "a", "b", "c")) {
            NativeClusterManager controller = cluster.node("c");
            controller.start("web", "a");
            controller.setBackup("web", Optional.of("b"));
            controller.start("tree", "b");
            controller.setBackup("tree", Optional.of("a"));

            cluster.broker.outage();
            Await.until("every app fenced", WAIT,
                    () -> cluster.runningEverywhere("web").isEmpty() && cluster.runningEverywhere("tree").isEmpty());

            cluster.broker.node("a").connect(); // a is back first, alone: no quorum, it acts on nothing
            long since = System.nanoTime();
            Await.until("a lease time", WAIT, () -> {
                assertThat(cluster.runningEverywhere("web")).as("a alone starts nothing").isEmpty();
                return System.nanoTime() - since > TestCluster.FENCE.toNanos();
            });
            cluster.broker.node("b").connect();
            cluster.broker.node("c").connect();
            cluster.awaitRunning("b", "tree");
            cluster.awaitRunning("a", "web"); // each node resumes its own apps on its own thread: tree first says nothing of web

            assertThat(cluster.runningEverywhere("web")).containsOnlyKeys("a");
            assertThat(cluster.runningEverywhere("tree")).containsOnlyKeys("b");
            Await.until("the view", WAIT, () -> cluster.view("c").placement().running(),
                    m -> m.equals(Map.of("web", "a", "tree", "b")));
            assertThat(cluster.view("c").backups()).isEqualTo(Map.of("web", "b", "tree", "a"));
        }
    }

    @Test
    void a_node_that_stays_away_is_taken_over_once_it_has_departed() throws Exception {
        try (TestCluster cluster = new TestCluster(tmp, "a", "b", "c")) {
            cluster.node("a").start("web", "a");
            cluster.node("a").setBackup("web", Optional.of("b"));
            long outage = System.nanoTime();
            cluster.broker.outage();
            Await.until("web fenced", WAIT, () -> cluster.runningEverywhere("web").isEmpty());

            cluster.broker.node("b").connect(); // a never returns
            cluster.broker.node("c").connect();
            cluster.awaitRunning("b", "web");
            assertThat(Duration.ofNanos(System.nanoTime() - outage)).as("not before a's lease ran out")
                    .isGreaterThanOrEqualTo(TestCluster.FENCE);
        }
    }

    @Test
    void with_two_servers_the_second_alone_takes_nothing_over() throws Exception {
        try (TestCluster cluster = new TestCluster(tmp, "a", "b")) {
            cluster.node("a").start("web", "a");
            cluster.node("a").setBackup("web", Optional.of("b"));
            cluster.broker.outage();
            Await.until("web fenced", WAIT, () -> cluster.runningEverywhere("web").isEmpty());
            cluster.broker.node("b").connect(); // b is half of the servers without the first: no quorum
            long since = System.nanoTime();
            Await.until("three lease times", WAIT, () -> {
                assertThat(cluster.runningEverywhere("web")).as("b takes nothing over").isEmpty();
                return System.nanoTime() - since > TestCluster.FENCE.multipliedBy(3).toNanos();
            });
        }
    }
}
