package io.baton.adapter.nativecm;

import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterView;
import io.baton.api.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.baton.adapter.nativecm.TestCluster.WAIT;
import static io.baton.adapter.nativecm.TestCluster.alive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The controller's side: start, stop, move and setBackup confirmed by reports and real processes. */
class InstructionsTest {
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

    @Test
    void start_move_and_stop_are_confirmed_by_the_target_node_and_a_real_process() throws Exception {
        controller.start("web", "a");
        long onA = cluster.process("a", "web").orElseThrow().pid();
        assertThat(alive(onA)).isTrue();
        assertThat(controller.view().placement().running()).isEqualTo(Map.of("web", "a"));

        controller.move("web", "a", "b");
        long onB = cluster.process("b", "web").orElseThrow().pid();
        assertThat(alive(onB)).isTrue();
        assertThat(alive(onA)).as("the old process on a").isFalse();
        assertThat(cluster.process("a", "web")).isEmpty();
        assertThat(controller.view().placement().running()).isEqualTo(Map.of("web", "b"));

        controller.stop("web", "b");
        assertThat(alive(onB)).isFalse();
        assertThat(controller.view().placement().running()).isEmpty();
        assertThat(cluster.runningEverywhere("web")).isEmpty();
    }

    @Test
    void asking_for_what_already_holds_returns_at_once_and_changes_nothing() throws Exception {
        controller.start("web", "a");
        controller.setBackup("web", Optional.of("b"));
        long pid = cluster.process("a", "web").orElseThrow().pid();
        String before = cluster.broker.node("c").channel("native").entries().get("assign.web");

        long t0 = System.nanoTime();
        controller.start("web", "a");
        controller.move("web", "b", "a");
        controller.setBackup("web", Optional.of("b"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));

        assertThat(cluster.process("a", "web").orElseThrow().pid()).isEqualTo(pid);
        assertThat(cluster.broker.node("c").channel("native").entries().get("assign.web")).isEqualTo(before);
        controller.stop("web", "a");
        controller.stop("web", "a");
        assertThat(controller.view().placement().running()).isEmpty();
    }

    @Test
    void the_view_reports_members_placement_and_backups() throws Exception {
        controller.start("web", "a");
        controller.setBackup("web", Optional.of("b"));
        controller.start("tree", "b");
        ClusterView view = controller.view();
        assertThat(view.members()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(view.placement().running()).isEqualTo(Map.of("web", "a", "tree", "b"));
        assertThat(view.backups()).isEqualTo(Map.of("web", "b"));
        controller.setBackup("web", Optional.empty());
        assertThat(controller.view().backups()).isEmpty();
    }

    @Test
    void listeners_hear_of_each_new_view() throws Exception {
        java.util.List<ClusterView> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var registration = controller.addListener(seen::add)) {
            controller.start("web", "a");
            Await.until("a view with web on a", WAIT,
                    () -> seen.stream().anyMatch(v -> v.placement().running().equals(Map.of("web", "a"))));
        }
    }

    @Test
    void refuses_instructions_that_cannot_hold() throws Exception {
        controller.start("web", "a");
        assertThatThrownBy(() -> controller.start("web", "b"))
                .isInstanceOf(ClusterManagerException.class).hasMessageContaining("runs on a");
        assertThatThrownBy(() -> controller.start("tree", "x"))
                .hasMessageContaining("x is not a member");
        assertThatThrownBy(() -> controller.setBackup("web", Optional.of("a")))
                .hasMessageContaining("it runs there");
        assertThatThrownBy(() -> controller.stop("web", "b")).hasMessageContaining("runs on a");
        assertThat(cluster.runningEverywhere("web")).containsOnlyKeys("a");
    }

    @Test
    void an_app_without_a_command_fails_to_start_with_a_clear_message() {
        assertThatThrownBy(() -> controller.start("bare", "a"))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("start bare on a failed")
                .hasMessageContaining("has no \"command\"");
        assertThat(cluster.runningEverywhere("bare")).isEmpty();
    }

    @Test
    void an_instruction_the_target_cannot_confirm_times_out_naming_app_node_and_what_was_seen() {
        cluster.broker.node("d"); // a live store node without a native agent
        Await.until("d live", WAIT, () -> cluster.broker.node("c").snapshot().liveNodes().contains("d"));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> controller.start("web", "d"))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("start web on d: not confirmed within 3000 ms")
                .hasMessageContaining("d has no report");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(2900), Duration.ofSeconds(5));
    }

    @Test
    void the_launch_spec_gives_working_directory_environment_and_log_file() throws Exception {
        Files.createDirectories(tmp.resolve("a/work"));
        controller.start("env", "a");
        Path log = tmp.resolve("a/logs/env.log");
        Await.until("the app's output in its log", WAIT, () -> TestCluster.readLog(log),
                text -> text.contains("hello from " + tmp.resolve("a/work")));
        assertThat(TestCluster.readLog(log)).contains("baton starts env");
        assertThat(tmp.resolve("a/run/env.pid")).exists();
    }

    @Test
    void a_missing_working_directory_is_a_failed_start() {
        assertThatThrownBy(() -> controller.start("env", "b"))
                .hasMessageContaining("start env on b failed")
                .hasMessageContaining("working directory " + tmp.resolve("b/work") + " does not exist");
    }

    @Test
    void the_view_throws_while_the_store_is_not_connected() {
        cluster.broker.node("c").disconnect();
        Await.until("c disconnected", WAIT, () -> !cluster.broker.node("c").snapshot().connected());
        assertThatThrownBy(() -> controller.view())
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("not connected to the shared store");
        assertThatThrownBy(() -> controller.start("web", "a")).hasMessageContaining("not connected");
        assertThat(cluster.runningEverywhere("web")).isEmpty();
    }
}
