package io.baton.adapter.nativecm;

import io.baton.api.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.baton.adapter.nativecm.TestCluster.WAIT;
import static io.baton.adapter.nativecm.TestCluster.alive;
import static org.assertj.core.api.Assertions.assertThat;

/** Process trees, pid files and agent restarts. */
class ProcessLifecycleTest {
    @TempDir
    Path tmp;
    TestCluster cluster;
    NativeClusterManager controller;

    @BeforeEach
    void setUp() {
        cluster = new TestCluster(tmp, "a", "b");
        controller = cluster.node("b");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void stopping_an_app_kills_its_whole_process_tree() throws Exception {
        controller.start("tree", "a");
        long shell = cluster.process("a", "tree").orElseThrow().pid();
        Await.until("the shell's child", WAIT, () -> ProcessHandle.of(shell).orElseThrow().children().count() == 1);
        List<Long> children = ProcessHandle.of(shell).orElseThrow().children().map(ProcessHandle::pid).toList();

        controller.stop("tree", "a");
        assertThat(alive(shell)).isFalse();
        assertThat(children).allSatisfy(child -> assertThat(alive(child)).as("child %d", child).isFalse());
        assertThat(tmp.resolve("a/run/tree.pid")).doesNotExist();
    }

    @Test
    void a_restarted_agent_adopts_the_processes_assigned_to_it_and_kills_the_others() throws Exception {
        controller.start("web", "a");
        controller.start("tree", "a");
        long web = cluster.process("a", "web").orElseThrow().pid();
        long tree = cluster.process("a", "tree").orElseThrow().pid();

        cluster.crash("a"); // JVM crash: processes and pid files stay
        assertThat(alive(web)).isTrue();
        assertThat(tmp.resolve("a/run/web.pid")).exists();
        // While a's agent is away, tree is reassigned (the controller stops it), so a must not keep it.
        cluster.broker.node("b").channel("native").put("assign.tree", "{\"server\":null,\"backup\":null,\"epoch\":99}");

        NativeClusterManager restarted = cluster.start("a");
        cluster.awaitInSync("a");
        Await.until("tree killed", WAIT, () -> !alive(tree));
        Await.until("only web left in a's table", WAIT, () -> restarted.processes().keySet().equals(java.util.Set.of("web")));
        assertThat(restarted.processes().get("web").pid()).isEqualTo(web);
        assertThat(alive(web)).isTrue();
        assertThat(controller.view().placement().running()).isEqualTo(Map.of("web", "a"));

        controller.stop("web", "a"); // the adopted process is stopped like any other
        assertThat(alive(web)).isFalse();
    }

    @Test
    void a_pid_file_whose_process_is_gone_is_ignored() throws Exception {
        controller.start("web", "a");
        long web = cluster.process("a", "web").orElseThrow().pid();
        cluster.crash("a");
        ProcessTree.signalGroup(web, "KILL"); // the whole group: /bin/sh may have forked sleep, which must not linger
        Await.until("web gone", WAIT, () -> !alive(web));

        cluster.start("a");
        cluster.awaitInSync("a");
        // Still assigned to a, so a starts a new process rather than trusting the stale file.
        long again = cluster.awaitRunning("a", "web");
        assertThat(again).isNotEqualTo(web);
    }

    @Test
    void closing_the_component_stops_its_apps_and_withdraws_its_report() throws Exception {
        controller.start("web", "a");
        long web = cluster.process("a", "web").orElseThrow().pid();
        cluster.node("a").close();
        assertThat(alive(web)).isFalse();
        Await.until("a's report withdrawn", WAIT,
                () -> !cluster.broker.node("b").channel("native").entries().containsKey("node.a"));
        assertThat(controller.view().placement().running()).isEmpty();
    }

    @Test
    void an_app_that_ignores_sigterm_is_killed_after_the_grace_period() throws Exception {
        cluster.deploy(TestCluster.RULES.replace("\"bare\": {}",
                "\"stubborn\": {\"command\": \"trap '' TERM; echo ignoring-$((1+1)); while true; do sleep 0.1; done\"}"));
        controller.start("stubborn", "a");
        long pid = cluster.process("a", "stubborn").orElseThrow().pid();
        Await.until("the trap set", WAIT, () -> TestCluster.readLog(tmp.resolve("a/logs/stubborn.log")).contains("ignoring-2")); // the output, not the command line in the log's header
        long t0 = System.nanoTime();
        controller.stop("stubborn", "a");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(alive(pid)).isFalse();
    }

    @Test
    void a_start_while_the_old_process_is_still_stopping_is_confirmed_only_by_a_new_process() throws Exception {
        cluster.deploy(TestCluster.RULES.replace("\"bare\": {}",
                "\"stubborn\": {\"command\": \"trap '' TERM; echo ignoring-$((1+1)); while true; do sleep 0.1; done\"}"));
        controller.start("stubborn", "a");
        long old = cluster.process("a", "stubborn").orElseThrow().pid();
        Await.until("the trap set", WAIT, () -> TestCluster.readLog(tmp.resolve("a/logs/stubborn.log")).contains("ignoring-2"));
        var stop = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                controller.stop("stubborn", "a");
            } catch (io.baton.api.spi.ClusterManagerException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Await.until("stubborn stopping", WAIT, () -> cluster.process("a", "stubborn").map(LocalProcess::stopping).orElse(false));
        // ... and the controller's node knows (else the start below could be confirmed by a's report of the old process)
        Await.until("b sees a's report of stubborn stopping", WAIT,
                () -> Wire.reports(cluster.broker.node("b").channel(Wire.CHANNEL).entries()).get("a").stopping().contains("stubborn"));

        controller.start("stubborn", "a");
        long now = cluster.process("a", "stubborn").orElseThrow().pid();
        assertThat(now).isNotEqualTo(old);
        assertThat(alive(old)).isFalse();
        assertThat(alive(now)).isTrue();
        assertThat(stop).failsWithin(WAIT).withThrowableThat().withMessageContaining("it is now assigned {server a");
    }
}
