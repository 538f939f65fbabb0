package io.baton.adapter.nativecm;

import io.baton.api.spi.ClusterManagerException;
import io.baton.api.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.baton.adapter.nativecm.TestCluster.FENCE;
import static io.baton.adapter.nativecm.TestCluster.WAIT;
import static io.baton.adapter.nativecm.TestCluster.alive;
import static org.assertj.core.api.Assertions.assertThat;

/** The cluster manager's own takeovers (SPEC "Server leaves" step 1, "Application failure") and fencing. */
class TakeoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(TakeoverTest.class);
    @TempDir
    Path tmp;
    TestCluster cluster;
    NativeClusterManager controller;

    @BeforeEach
    void setUp() {
        cluster = new TestCluster(tmp, "a", "b", "c");
        controller = cluster.node("c");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    /** Starts web on a with backup b; completes when a's web process exits. */
    private CompletableFuture<Instant> webOnAWithBackupB() throws Exception {
        controller.start("web", "a");
        controller.setBackup("web", Optional.of("b"));
        long onA = cluster.process("a", "web").orElseThrow().pid();
        return ProcessHandle.of(onA).orElseThrow().onExit().thenApply(h -> Instant.now());
    }

    @Test
    void a_lost_node_is_taken_over_by_the_backup_at_once_and_the_lost_node_fences_itself() throws Exception {
        CompletableFuture<Instant> aExited = webOnAWithBackupB();

        Instant lost = Instant.now();
        cluster.broker.node("a").disconnect();
        long onB = cluster.awaitRunning("b", "web"); // no controller call
        Instant bStarted = cluster.process("b", "web").orElseThrow().since();
        assertThat(alive(onB)).isTrue();

        Instant fenced = aExited.get(FENCE.toMillis() + 3000, TimeUnit.MILLISECONDS);
        Duration fenceAfter = Duration.between(lost, fenced);
        Duration overlap = Duration.between(bStarted, fenced);
        LOG.info("takeover after {} ms; a fenced after {} ms; overlap {} ms", Duration.between(lost, bStarted).toMillis(),
                fenceAfter.toMillis(), overlap.toMillis());
        assertThat(fenceAfter).as("a keeps its app until its lease runs out").isGreaterThanOrEqualTo(FENCE.minusMillis(20));
        assertThat(overlap).as("the app ran on both nodes only within the fencing window")
                .isLessThan(FENCE.plusMillis(300));

        // the controller's view follows the agents' reports: it may lag the process by a report
        Await.until("the controller's view: web on b", WAIT, () -> {
            try {
                return controller.view().placement().running();
            } catch (ClusterManagerException e) {
                return Map.of();
            }
        }, running -> running.equals(Map.of("web", "b")));
        assertThat(controller.view().backups()).isEmpty(); // the backup was used up

        // a comes back: it follows the assignment (web stays on b) and runs nothing.
        cluster.broker.node("a").connect();
        cluster.awaitInSync("a");
        Await.until("a is a member again", WAIT, () -> cluster.view("c").members().contains("a"));
        assertThat(cluster.runningEverywhere("web")).isEqualTo(Map.of("b", onB));
    }

    @Test
    void a_node_stopped_cleanly_hands_its_apps_to_their_backups_without_running_them_twice() throws Exception {
        // stamp writes a line as it starts and as it is asked to stop, to one file: its order is the events' order
        // (an exit seen through ProcessHandle.onExit comes a scheduling delay late, which a loaded machine stretches)
        controller.start("stamp", "a");
        controller.setBackup("stamp", Optional.of("b"));
        Await.until("stamp started on a", WAIT, cluster::stamps, l -> l.equals(List.of("start a")));

        cluster.node("a").close(true); // Karaf shutdown: apps stopped, not left behind
        long onB = cluster.awaitRunning("b", "stamp");
        Await.until("stamp started on b", WAIT, cluster::stamps, l -> l.size() == 3);
        assertThat(cluster.stamps()).as("a's copy stopped before b started it")
                .containsExactly("start a", "stop a", "start b");
        assertThat(alive(onB)).isTrue();
        Await.until("the view shows stamp on b", WAIT, () -> cluster.view("c").placement().running(),
                m -> m.equals(Map.of("stamp", "b")));
    }

    @Test
    void a_short_outage_below_the_fence_timeout_keeps_nothing_running_twice_for_long() throws Exception {
        controller.start("web", "a");
        controller.setBackup("web", Optional.of("b"));
        cluster.broker.node("a").disconnect();
        long onB = cluster.awaitRunning("b", "web");
        cluster.broker.node("a").connect(); // before the fence: a must stop its copy because web is now b's
        Await.until("web only on b", WAIT, () -> cluster.runningEverywhere("web"), m -> m.equals(Map.of("b", onB)));
    }

    @Test
    void an_app_killed_with_kill_9_is_restarted_on_its_backup() throws Exception {
        controller.start("web", "a");
        controller.setBackup("web", Optional.of("b"));
        long onA = cluster.process("a", "web").orElseThrow().pid();
        ProcessHandle.of(onA).orElseThrow().destroyForcibly(); // SIGKILL

        long onB = cluster.awaitRunning("b", "web");
        assertThat(alive(onB)).isTrue();
        Await.until("a's copy gone", WAIT, () -> cluster.process("a", "web").isEmpty());
        Await.until("the view shows web on b", WAIT, () -> cluster.view("c").placement().running(),
                m -> m.equals(Map.of("web", "b")));
        assertThat(cluster.node("b").processes()).containsKey("web");
    }

    @Test
    void an_app_that_dies_without_a_live_backup_is_stopped() throws Exception {
        controller.start("web", "a");
        long onA = cluster.process("a", "web").orElseThrow().pid();
        ProcessHandle.of(onA).orElseThrow().destroyForcibly();

        Await.until("web assigned to nobody", WAIT,
                () -> cluster.broker.node("c").channel("native").entries().get("assign.web"),
                json -> json.contains("\"server\":null"));
        assertThat(controller.view().placement().running()).isEmpty();
        assertThat(cluster.runningEverywhere("web")).isEmpty();
    }

    @Test
    void a_lost_node_without_a_live_backup_leaves_its_app_stopped_also_when_it_returns() throws Exception {
        controller.start("web", "a");
        cluster.broker.node("a").disconnect();
        Await.until("web recorded as stopped", WAIT,
                () -> cluster.broker.node("c").channel("native").entries().get("assign.web"),
                json -> json.contains("\"server\":null"));
        cluster.broker.node("a").connect();
        cluster.awaitInSync("a");
        Await.until("a's copy stopped", WAIT, () -> cluster.runningEverywhere("web").isEmpty());
        assertThat(controller.view().placement().running()).isEmpty();
    }

    @Test
    void a_dead_app_leaves_no_orphan_behind() throws Exception {
        controller.start("tree", "a");
        controller.setBackup("tree", Optional.of("b"));
        long shell = cluster.process("a", "tree").orElseThrow().pid();
        Await.until("the shell's child", WAIT, () -> ProcessHandle.of(shell).orElseThrow().children().count() == 1);
        long child = ProcessHandle.of(shell).orElseThrow().children().findFirst().orElseThrow().pid();

        ProcessHandle.of(shell).orElseThrow().destroyForcibly(); // kill -9 of the shell orphans its child
        cluster.awaitRunning("b", "tree");
        Await.until("the orphaned child killed with its group", WAIT, () -> !alive(child));
    }
}
