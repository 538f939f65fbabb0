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

/** Every node loses the broker at once (a broker restart): all fence, then each resumes its own apps. */
class BrokerOutageTest {
    @TempDir
    Path tmp;

    @Test
    void after_a_broker_outage_apps_do_not_pile_up_on_the_first_node_back() throws Exception {
        try (TestCluster cluster = new TestCluster(tmp, Duration.ofMillis(1000), "a", "b", "c")) {
            NativeClusterManager controller = cluster.node("c");
            controller.start("web", "a");
            controller.setBackup("web", Optional.of("b"));
            controller.start("tree", "b");
            controller.setBackup("tree", Optional.of("a"));

            cluster.broker.outage();
            Await.until("every app fenced", WAIT,
                    () -> cluster.runningEverywhere("web").isEmpty() && cluster.runningEverywhere("tree").isEmpty());

            cluster.broker.node("a").connect(); // a is back first; b's app must wait for b
            cluster.awaitInSync("a");
            cluster.awaitRunning("a", "web");
            cluster.broker.node("b").connect();
            cluster.broker.node("c").connect();
            cluster.awaitRunning("b", "tree");

            assertThat(cluster.runningEverywhere("web")).containsOnlyKeys("a");
            assertThat(cluster.runningEverywhere("tree")).containsOnlyKeys("b");
            Await.until("the view", WAIT, () -> cluster.view("c").placement().running(),
                    m -> m.equals(Map.of("web", "a", "tree", "b")));
            assertThat(cluster.view("c").backups()).isEqualTo(Map.of("web", "b", "tree", "a"));
        }
    }

    @Test
    void a_node_that_stays_away_is_taken_over_once_the_rejoin_grace_has_passed() throws Exception {
        Duration grace = Duration.ofMillis(600);
        try (TestCluster cluster = new TestCluster(tmp, grace, "a", "b")) {
            cluster.node("a").start("web", "a");
            cluster.node("a").setBackup("web", Optional.of("b"));
            cluster.broker.outage();
            Await.until("web fenced", WAIT, () -> cluster.runningEverywhere("web").isEmpty());

            long back = System.nanoTime();
            cluster.broker.node("b").connect(); // a never returns
            cluster.awaitRunning("b", "web");
            assertThat(Duration.ofNanos(System.nanoTime() - back)).as("deferred by the grace").isGreaterThanOrEqualTo(grace);
        }
    }

    @Test
    void within_the_rejoin_grace_a_node_takes_over_at_once_from_a_server_it_saw_leave() throws Exception {
        Duration grace = Duration.ofMinutes(5);
        try (TestCluster cluster = new TestCluster(tmp, grace, "a", "b")) {
            cluster.awaitInSync("a", "b");
            cluster.node("a").start("web", "a");
            cluster.node("a").setBackup("web", Optional.of("b"));

            long lost = System.nanoTime();
            cluster.broker.node("a").disconnect(); // b saw a live since it synced: a left, it is not reconnecting
            cluster.awaitRunning("b", "web");
            assertThat(Duration.ofNanos(System.nanoTime() - lost)).as("not deferred by the grace").isLessThan(WAIT);
        }
    }
}
