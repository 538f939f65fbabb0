package io.baton.adapter.command;

import io.baton.api.model.Placement;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.Registration;
import io.baton.api.testing.Await;
import io.baton.api.testing.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter against {@code fakecm}, a script that behaves like a CLI-driven cluster manager. */
class CommandClusterManagerTest {
    private static final String EVIL = "it's \"AP 3\"; touch PWNED";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration FAST_POLL = Duration.ofMillis(100);

    @TempDir
    Path state;
    private FakeCm fake;
    private CommandClusterManager cm;

    @BeforeEach
    void setUp() {
        fake = new FakeCm(state);
        fake.members("a", "b", "c");
        fake.placement("AP1", "a", "AP2", "-", EVIL, "b");
        cm = adapter(Map.of());
    }

    @AfterEach
    void tearDown() {
        cm.close();
    }

    private CommandClusterManager adapter(Map<String, Object> overrides) {
        return adapter(Duration.ofSeconds(10), FAST_POLL, overrides);
    }

    private CommandClusterManager adapter(Duration timeout, Duration poll, Map<String, Object> overrides) {
        if (cm != null) {
            cm.close();
        }
        cm = new CommandClusterManager(fake.settings(timeout, poll, overrides));
        return cm;
    }

    private Optional<String> runningServer(String app) throws ClusterManagerException {
        return cm.view().placement().runningServer(app);
    }

    @Test
    void the_view_holds_the_members_and_where_each_app_runs() throws ClusterManagerException {
        ClusterView view = cm.view();
        assertThat(view.members()).containsExactly("a", "b", "c");
        assertThat(view.placement()).isEqualTo(new Placement(Map.of("AP1", "a", EVIL, "b")));
        assertThat(view.backups()).isEmpty();
        assertThat(cm.name()).isEqualTo("command");
    }

    @Test
    void start_and_stop_pass_app_and_node_as_arguments() throws ClusterManagerException {
        cm.start("AP2", "b");
        cm.stop("AP1", "a");
        assertThat(fake.calls()).containsExactly("[run][AP2][b]", "[halt][AP1][a]");
        assertThat(cm.view().placement().running()).isEqualTo(Map.of("AP2", "b", EVIL, "b"));
    }

    @Test
    void an_app_name_with_blanks_quotes_and_shell_syntax_is_one_argument_and_runs_nothing()
            throws ClusterManagerException {
        cm.move(EVIL, "b", "c");
        assertThat(fake.calls()).containsExactly("[halt][" + EVIL + "][b]", "[run][" + EVIL + "][c]");
        assertThat(runningServer(EVIL)).contains("c");
        assertThat(state.resolve("PWNED")).doesNotExist();
        assertThat(Path.of("PWNED")).doesNotExist();
    }

    @Test
    void without_a_move_command_a_move_is_stop_then_start() throws ClusterManagerException {
        cm.move("AP1", "a", "c");
        assertThat(fake.calls()).containsExactly("[halt][AP1][a]", "[run][AP1][c]");
        assertThat(runningServer("AP1")).contains("c");
    }

    @Test
    void with_a_move_command_a_move_is_one_command() throws ClusterManagerException {
        adapter(Map.of("moveCommand", fake.command("move {app} {from} {to}")));
        cm.move("AP1", "a", "c");
        assertThat(fake.calls()).containsExactly("[move][AP1][a][c]");
        assertThat(runningServer("AP1")).contains("c");
    }

    @Test
    void set_backup_runs_its_command_and_shows_in_the_view() throws ClusterManagerException {
        cm.setBackup("AP1", Optional.of("b"));
        assertThat(fake.backups()).isEqualTo(Map.of("AP1", "b"));
        assertThat(cm.view().backups()).isEqualTo(Map.of("AP1", "b"));

        cm.setBackup("AP1", Optional.empty());
        assertThat(fake.calls()).containsExactly("[backup][AP1][b]", "[backup][AP1][]");
        assertThat(fake.backups()).isEmpty();
        assertThat(cm.view().backups()).isEmpty();
    }

    @Test
    void after_a_failed_set_backup_the_backup_is_unknown_and_set_again() throws ClusterManagerException {
        cm.setBackup("AP1", Optional.of("b"));
        fake.fail("busy");
        assertThatThrownBy(() -> cm.setBackup("AP1", Optional.of("c"))).hasMessageContaining("fakecm: busy");
        fake.heal();
        assertThat(cm.view().backups()).isEmpty();
        cm.setBackup("AP1", Optional.of("b")); // the failed command may have changed it: not skipped
        assertThat(fake.calls()).containsExactly("[backup][AP1][b]", "[backup][AP1][b]");
        assertThat(cm.view().backups()).isEqualTo(Map.of("AP1", "b"));
    }

    @Test
    void without_a_backup_command_set_backup_is_only_recorded_in_the_view() throws ClusterManagerException {
        adapter(Map.of("setBackupCommand", ""));
        cm.setBackup("AP1", Optional.of("c"));
        cm.setBackup(EVIL, Optional.of("a"));
        assertThat(fake.calls()).isEmpty();
        assertThat(cm.view().backups()).isEqualTo(Map.of("AP1", "c", EVIL, "a"));
    }

    @Test
    void instructions_whose_state_already_holds_run_no_command() throws ClusterManagerException {
        cm.start("AP1", "a");           // runs there
        cm.stop("AP2", "a");            // stopped
        cm.stop("AP1", "b");            // runs elsewhere: not on b already
        cm.move("AP1", "c", "a");       // already on the target
        assertThat(fake.calls()).isEmpty();

        // each instruction twice, as a controller that took over repeats its last step; the fake
        // refuses a second run/halt/move, so a repeated command would fail here
        cm.start("AP2", "b");
        cm.start("AP2", "b");
        cm.move("AP1", "a", "c");
        cm.move("AP1", "a", "c");
        cm.stop(EVIL, "b");
        cm.stop(EVIL, "b");
        cm.setBackup("AP2", Optional.of("c"));
        cm.setBackup("AP2", Optional.of("c"));
        assertThat(fake.calls()).containsExactly("[run][AP2][b]", "[halt][AP1][a]", "[run][AP1][c]",
                "[halt][" + EVIL + "][b]", "[backup][AP2][c]");
    }

    @Test
    void a_move_interrupted_after_its_stop_is_finished_by_starting_on_the_target() throws ClusterManagerException {
        fake.placement("AP1", "-");
        cm.move("AP1", "a", "c");
        assertThat(fake.calls()).containsExactly("[run][AP1][c]");
    }

    @Test
    void concurrent_identical_instructions_run_one_command() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> results = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    cm.start("AP2", "c");
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.calls()).containsExactly("[run][AP2][c]");
    }

    @Test
    void instructions_that_cannot_be_carried_out_are_refused_with_the_reason() {
        assertThatThrownBy(() -> cm.start("AP1", "b"))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessage("start of AP1 on b refused: it runs on a");
        assertThatThrownBy(() -> cm.start("AP2", "z"))
                .hasMessage("start of AP2 on z refused: z is not a member (members: a, b, c)");
        assertThatThrownBy(() -> cm.move("AP1", "b", "c"))
                .hasMessage("move of AP1 from b to c refused: it runs on a");
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void a_failing_cluster_manager_is_reported_with_command_exit_code_and_stderr() {
        fake.fail("cluster is not quorate");
        assertThatThrownBy(cm::view)
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageStartingWith("reading the members failed: bash ")
                .hasMessageContaining(" members exited with code 3: ")
                .hasMessageEndingWith("fakecm: cluster is not quorate / fakecm: see the cluster log");
        assertThatThrownBy(() -> cm.start("AP2", "b")).hasMessageContaining("cluster is not quorate");
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void a_command_the_cluster_manager_rejects_fails_with_its_message() {
        adapter(Map.of("startCommand", fake.command("run {app} {node} --extra")));
        assertThatThrownBy(() -> cm.start("AP2", "b"))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageStartingWith("start of AP2 on b failed: bash ")
                .hasMessageEndingWith(" run AP2 b --extra exited with code 1: fakecm: usage: run APP NODE");
    }

    @Test
    void no_members_is_an_error_never_an_empty_cluster() {
        fake.members();
        assertThatThrownBy(cm::view)
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("matches membersPattern");
    }

    @Test
    void a_hanging_command_is_killed_at_the_timeout() {
        adapter(Duration.ofMillis(700), FAST_POLL, Map.of());
        fake.hang();
        long start = System.nanoTime();
        assertThatThrownBy(cm::view)
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageStartingWith("reading the members failed: bash ")
                .hasMessageEndingWith(" members did not finish within 700 ms and was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        long child = fake.hangingChild().orElseThrow();
        Await.until("the cluster manager's child process to be killed", WAIT,
                () -> Processes.ended(child));
    }

    @Test
    void listeners_are_told_of_each_change_of_the_cluster_managers_state() throws InterruptedException {
        List<ClusterView> seen = new CopyOnWriteArrayList<>();
        Registration registration = cm.addListener(seen::add);

        Await.until("the first view", WAIT, () -> seen.size() == 1);
        assertThat(seen.get(0).placement().runningServer("AP1")).contains("a");

        fake.placement("AP1", "b", "AP2", "-", EVIL, "b"); // the cluster manager took AP1 over by itself
        Await.until("the takeover", WAIT, () -> last(seen).placement().runningServer("AP1").equals(Optional.of("b")));
        fake.members("b", "c");
        Await.until("a member leaving", WAIT, () -> last(seen).members().equals(Set.of("b", "c")));
        int told = seen.size();
        assertThat(told).isEqualTo(3);

        int reads = fake.reads();
        Await.until("three more polls", WAIT, () -> fake.reads() >= reads + 6);
        assertThat(seen).as("an unchanged view is not told again").hasSize(told);

        registration.close();
        fake.placement("AP1", "c");
        int readsAfterClose = fake.reads() + 2; // a poll may be under way
        Thread.sleep(5 * FAST_POLL.toMillis()); // proving an absence: nothing to await
        assertThat(seen).hasSize(told);
        assertThat(fake.reads()).as("nobody listens: no polling").isLessThanOrEqualTo(readsAfterClose);
    }

    @Test
    void a_failing_poll_tells_nothing_and_polling_goes_on() {
        List<ClusterView> seen = new CopyOnWriteArrayList<>();
        cm.addListener(seen::add);
        Await.until("the first view", WAIT, () -> seen.size() == 1);

        fake.fail("lost quorum");
        int reads = fake.reads();
        Await.until("three failing polls", WAIT, () -> fake.reads() >= reads + 3);
        assertThat(seen).hasSize(1);

        fake.heal();
        fake.placement("AP1", "c");
        Await.until("the view after recovery", WAIT, () -> seen.size() == 2);
        assertThat(last(seen).placement().running()).isEqualTo(Map.of("AP1", "c"));
    }

    @Test
    void listeners_hear_of_an_instructions_effect_without_waiting_for_the_next_poll() throws ClusterManagerException {
        adapter(Duration.ofSeconds(10), Duration.ofHours(1), Map.of());
        List<ClusterView> seen = new CopyOnWriteArrayList<>();
        cm.addListener(seen::add);
        Await.until("the first view, at once", WAIT, () -> seen.size() == 1);

        cm.start("AP2", "c");
        Await.until("AP2 on c", WAIT, () -> last(seen).placement().runningServer("AP2").equals(Optional.of("c")));
        cm.setBackup("AP2", Optional.of("a"));
        Await.until("AP2's backup", WAIT, () -> last(seen).backups().equals(Map.of("AP2", "a")));
    }

    @Test
    void a_failing_listener_does_not_stop_the_others() {
        List<ClusterView> seen = new CopyOnWriteArrayList<>();
        cm.addListener(view -> {
            throw new IllegalStateException("listener bug");
        });
        cm.addListener(seen::add);
        Await.until("the first view", WAIT, () -> seen.size() == 1);
        fake.placement("AP1", "c");
        Await.until("the next view", WAIT, () -> seen.size() == 2);
    }

    @Test
    void nothing_is_left_in_the_temporary_directory() throws Exception {
        long before = countTempFiles();
        cm.view();
        cm.start("AP2", "b");
        assertThat(countTempFiles()).isEqualTo(before);
    }

    private static long countTempFiles() throws java.io.IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("baton-command-")).count();
        }
    }

    private static ClusterView last(List<ClusterView> views) {
        return views.isEmpty() ? new ClusterView(Set.of(), Placement.EMPTY, Map.of()) : views.get(views.size() - 1);
    }
}
