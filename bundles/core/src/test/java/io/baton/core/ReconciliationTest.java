package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.decision.Trigger;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Placement;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Trigger.Reconcile: a controller taking over, or a new adapter, brings tables and cluster manager into line. */
class ReconciliationTest {

    private static TestCluster cluster() {
        return TestCluster.of(RulesBuilder.servers("a", "b", "c").app("X").app("Y").app("Z").build())
                .given("a b c", "X@a>b", "Y@b>c", "Z@c>a");
    }

    /** Marks a row as processing, as a controller leaves it when it crashes mid-instruction. */
    private static void flag(TestCluster c, String app, String running, String backup) {
        Map<String, AppStatus> apps = new LinkedHashMap<>(c.state.apps());
        apps.put(app, new AppStatus(app, Optional.ofNullable(running), Optional.ofNullable(backup), true));
        c.state = new ClusterState(c.state.servers(), c.state.loads(), apps);
    }

    private static Trigger.Reconcile observed(Map<String, String> running, Map<String, String> backups) {
        return new Trigger.Reconcile(new Placement(running), backups);
    }

    @Test
    void a_detach_interrupted_by_the_controllers_death_is_undone_and_nothing_is_left_on_the_dead_server() {
        TestCluster c = cluster();
        // controller a wrote the flagged rows of "detach b" and died before any instruction
        var interrupted = c.engine.decide(c.rules, c.state, new Trigger.ServerDetached("b"));
        c.state = interrupted.intended();
        assertThat(c.state.server("b").processing()).isTrue();
        // the cluster manager lost a and took X over to its backup b
        var decision = c.engine.decide(c.rules, c.state, new Trigger.Reconcile(
                new Placement(Map.of("X", "b", "Y", "b", "Z", "c")), Map.of("X", "c", "Y", "c", "Z", "a"),
                java.util.Set.of("b", "c")));
        ClusterState settled = decision.settled();
        assertThat(settled.server("b").state()).as("b is up again: the pending request redoes the detach")
                .isEqualTo(io.baton.api.model.ServerState.UP);
        assertThat(settled.apps().values()).as("no app stopped, none on the dead a")
                .allMatch(app -> app.running().isPresent() && !app.running().get().equals("a"));
        assertThat(settled.app("X").running()).contains("b");
        assertThat(decision.instructions()).as("nothing sent to the dead a").noneMatch(i ->
                i instanceof Instruction.Start s && s.server().equals("a") || i instanceof Instruction.Move m && m.to().equals("a"));
        assertThat(settled.servers().values()).noneMatch(io.baton.api.model.ServerStatus::processing);
        assertThat(settled.apps().values()).noneMatch(AppStatus::processing);
    }

    @Test
    void a_flagged_move_the_cluster_manager_did_not_do_is_redone() {
        TestCluster c = cluster();
        flag(c, "X", "c", "b"); // intended: X moves from a to c
        var decision = c.engine.decide(c.rules, c.state, observed(Map.of("X", "a", "Y", "b", "Z", "c"),
                Map.of("X", "b", "Y", "c", "Z", "a")));
        assertThat(decision.instructions()).first().isEqualTo(new Instruction.Move("X", "a", "c"));
        assertThat(decision.settled().app("X")).isEqualTo(AppStatus.of("X", "c", "b"));
        assertThat(decision.intended().app("X").processing()).isTrue();
        assertThat(decision.settled().apps().values()).noneMatch(AppStatus::processing);
    }

    /**
     * The campaign's crash point (a controller halted after instructing a move to its own server): the app was
     * stopped where it ran, the controller's server died before anyone ran it there. It goes to its backup, as on a
     * server failure, not left stopped while servers that may run it are up.
     */
    @Test
    void a_flagged_move_to_a_server_that_died_meanwhile_goes_to_the_apps_backup() {
        TestCluster c = cluster();
        flag(c, "X", "c", "b"); // intended: X moves from a to c; c dies before starting it, a stopped it already
        var decision = c.engine.decide(c.rules, c.state, new Trigger.Reconcile(
                new Placement(Map.of("Y", "b")), Map.of("Y", "a"), java.util.Set.of("a", "b")));
        assertThat(decision.instructions()).contains(new Instruction.Start("X", "b"));
        assertThat(decision.settled().app("X").running()).contains("b");
        assertThat(decision.settled().app("X").backup()).isPresent().isNotEqualTo(Optional.of("b"));
        assertThat(decision.reasons().toString()).contains("its intended server c is not up; started on its backup b");

        TestCluster without = cluster();
        flag(without, "X", "c", null); // no backup it could go to
        var stopped = without.engine.decide(without.rules, without.state, new Trigger.Reconcile(
                new Placement(Map.of("Y", "b")), Map.of("Y", "a"), java.util.Set.of("a", "b")));
        assertThat(stopped.settled().app("X").running()).isEmpty();
    }

    @Test
    void a_flagged_row_the_cluster_manager_already_carried_out_is_just_cleared() {
        TestCluster c = cluster();
        flag(c, "X", "c", "b");
        var decision = c.engine.decide(c.rules, c.state, observed(Map.of("X", "c", "Y", "b", "Z", "c"),
                Map.of("X", "b", "Y", "c", "Z", "a")));
        assertThat(decision.instructions()).isEmpty();
        assertThat(decision.settled().app("X")).isEqualTo(AppStatus.of("X", "c", "b"));
    }

    @Test
    void a_new_adapter_that_runs_nothing_gets_every_app_started_and_every_backup_set() {
        TestCluster c = cluster();
        var decision = c.engine.decide(c.rules, c.state, observed(Map.of(), Map.of()));
        assertThat(decision.instructions()).containsExactly(
                new Instruction.Start("X", "a"), new Instruction.Start("Y", "b"), new Instruction.Start("Z", "c"),
                new Instruction.SetBackup("X", Optional.of("b")), new Instruction.SetBackup("Y", Optional.of("c")),
                new Instruction.SetBackup("Z", Optional.of("a")));
        assertThat(decision.settled().apps()).isEqualTo(c.state.apps());
    }

    @Test
    void an_unflagged_difference_adopts_where_the_cluster_manager_runs_the_app() {
        TestCluster c = cluster();
        var decision = c.engine.decide(c.rules, c.state, observed(Map.of("X", "b", "Y", "b", "Z", "c"),
                Map.of("Y", "c", "Z", "a")));
        assertThat(decision.settled().app("X").running()).contains("b");
        assertThat(decision.settled().app("X").backup()).as("b cannot back up X any more").isPresent().isNotEqualTo(Optional.of("b"));
        assertThat(decision.instructions()).containsExactly(new Instruction.SetBackup("X", decision.settled().app("X").backup()));
    }

    @Test
    void when_everything_agrees_nothing_is_instructed() {
        TestCluster c = cluster();
        var decision = c.engine.decide(c.rules, c.state, observed(Map.of("X", "a", "Y", "b", "Z", "c"),
                Map.of("X", "b", "Y", "c", "Z", "a")));
        assertThat(decision.instructions()).isEmpty();
        assertThat(decision.reasons()).isEmpty();
    }
}
