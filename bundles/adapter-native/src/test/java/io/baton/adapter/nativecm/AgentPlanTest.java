package io.baton.adapter.nativecm;

import io.baton.adapter.nativecm.AgentPlan.Action;
import io.baton.adapter.nativecm.AgentPlan.Assign;
import io.baton.adapter.nativecm.AgentPlan.Forget;
import io.baton.adapter.nativecm.AgentPlan.Start;
import io.baton.adapter.nativecm.AgentPlan.Stop;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's rules, without processes or a store. */
class AgentPlanTest {

    static Assignment on(String server, String backup, long epoch) {
        return new Assignment(Optional.ofNullable(server), Optional.ofNullable(backup), epoch);
    }

    static NodeReport running(String... apps) {
        Map<String, Long> pids = new java.util.TreeMap<>();
        for (String app : apps) {
            pids.put(app, 100L);
        }
        return new NodeReport(pids, Set.of(), Map.of(), "s", Instant.EPOCH);
    }

    static Observation obs(Set<String> live, Map<String, Assignment> assignments, Map<String, NodeReport> reports) {
        return new Observation(live, assignments, reports);
    }

    static List<Action> plan(String me, Observation o, Set<String> running, Set<String> failed) {
        return AgentPlan.plan(me, o, running, Set.of(), failed, server -> true, server -> true);
    }

    @Test
    void the_backup_takes_over_an_app_whose_server_left_and_records_it() {
        Observation o = obs(Set.of("b", "c"), Map.of("web", on("a", "b", 4)), Map.of("a", running("web")));
        assertThat(plan("b", o, Set.of(), Set.of())).containsExactly(
                new Assign("web", Optional.of("b"), Optional.empty(), "its server a left: taken over by its backup b"),
                new Start("web", "taking over from a"));
        assertThat(plan("c", o, Set.of(), Set.of())).as("not c's business").isEmpty();
    }

    @Test
    void just_after_reconnecting_a_node_leaves_absent_servers_alone() {
        Observation o = obs(Set.of("b"), Map.of("web", on("a", "b", 4), "db", on("c", null, 2)), Map.of("b", running()));
        assertThat(AgentPlan.plan("b", o, Set.of(), Set.of(), Set.of(), server -> false, server -> true)).isEmpty();
    }

    @Test
    void just_after_reconnecting_a_node_takes_over_from_a_server_it_watched_leave() {
        Observation o = obs(Set.of("b"), Map.of("web", on("a", "b", 4), "db", on("c", "b", 2)), Map.of("b", running()));
        assertThat(AgentPlan.plan("b", o, Set.of(), Set.of(), Set.of(), "a"::equals, server -> true))
                .as("a was seen live, c was not")
                .containsExactly(
                        new Assign("web", Optional.of("b"), Optional.empty(), "its server a left: taken over by its backup b"),
                        new Start("web", "taking over from a"));
    }

    @Test
    void the_warm_up_at_start_runs_the_takeover_path() {
        assertThat(AgentPlan.warmUp("b")).containsExactly(
                new Assign("warm-up-app", Optional.of("b"), Optional.empty(),
                        "its server b-warm-up-server left: taken over by its backup b"),
                new Start("warm-up-app", "taking over from b-warm-up-server"));
    }

    @Test
    void an_app_is_recorded_as_stopped_only_once_its_servers_absence_is_confirmed_but_taken_over_at_once() {
        Observation o = obs(Set.of("b"), Map.of("web", on("a", null, 4), "db", on("c", "b", 2)), Map.of("b", running()));
        assertThat(AgentPlan.plan("b", o, Set.of(), Set.of(), Set.of(), server -> true, server -> false))
                .as("db taken over at once; web not recorded before the broker answered after a and c went")
                .containsExactly(
                        new Assign("db", Optional.of("b"), Optional.empty(), "its server c left: taken over by its backup b"),
                        new Start("db", "taking over from c"));
        assertThat(AgentPlan.plan("b", o, Set.of(), Set.of(), Set.of(), server -> true, "a"::equals))
                .contains(new Assign("web", Optional.empty(), Optional.empty(),
                        "its server a left and it has no live backup: stopped"));
        Observation withDeadBackup = obs(Set.of("b"), Map.of("web", on("a", "d", 4)), Map.of("b", running()));
        assertThat(AgentPlan.plan("b", withDeadBackup, Set.of(), Set.of(), Set.of(), server -> true, "a"::equals))
                .as("the backup d's absence is not confirmed yet").isEmpty();
    }

    @Test
    void without_a_live_backup_the_first_live_node_alone_records_the_app_as_stopped() {
        Observation o = obs(Set.of("a0", "b", "c"), Map.of("web", on("a", "d", 4)), Map.of("b", running(), "c", running()));
        assertThat(plan("b", o, Set.of(), Set.of())).as("a0 has no agent, b is the first with one").containsExactly(
                new Assign("web", Optional.empty(), Optional.empty(), "its server a left and it has no live backup: stopped"));
        assertThat(plan("c", o, Set.of(), Set.of())).isEmpty();
    }

    @Test
    void an_app_that_failed_here_goes_to_its_live_backup_or_is_stopped() {
        Observation withBackup = obs(Set.of("a", "b"), Map.of("web", on("a", "b", 2)), Map.of());
        assertThat(plan("a", withBackup, Set.of(), Set.of("web"))).containsExactly(
                new Assign("web", Optional.of("b"), Optional.empty(), "it failed on a: its backup b takes it over"));

        Observation backupGone = obs(Set.of("a"), Map.of("web", on("a", "b", 2)), Map.of());
        assertThat(plan("a", backupGone, Set.of(), Set.of("web"))).containsExactly(
                new Assign("web", Optional.empty(), Optional.empty(), "it failed on a and has no live backup: stopped"));
    }

    @Test
    void a_failure_is_forgotten_once_the_app_is_assigned_elsewhere() {
        Observation o = obs(Set.of("a", "b"), Map.of("web", on("b", null, 3)), Map.of());
        assertThat(plan("a", o, Set.of(), Set.of("web"))).containsExactly(new Forget("web"));
    }

    @Test
    void an_app_assigned_here_is_started_unless_another_live_node_still_runs_it() {
        Observation moving = obs(Set.of("a", "b"), Map.of("web", on("b", null, 3)), Map.of("a", running("web")));
        assertThat(plan("b", moving, Set.of(), Set.of())).as("waits for a's stop").isEmpty();

        Observation moved = obs(Set.of("a", "b"), Map.of("web", on("b", null, 3)), Map.of("a", running()));
        assertThat(plan("b", moved, Set.of(), Set.of())).containsExactly(new Start("web", "assigned to b"));
    }

    @Test
    void a_dead_nodes_report_does_not_hold_a_start_back() {
        Observation o = obs(Set.of("b"), Map.of("web", on("b", null, 3)), Map.of("a", running("web")));
        assertThat(plan("b", o, Set.of(), Set.of())).containsExactly(new Start("web", "assigned to b"));
    }

    @Test
    void a_local_process_not_assigned_here_is_stopped_once() {
        Observation o = obs(Set.of("a", "b"), Map.of("web", on("b", null, 3)), Map.of());
        assertThat(plan("a", o, Set.of("web", "orphan"), Set.of())).containsExactly(
                new Stop("orphan", "it has no assignment"), new Stop("web", "it is assigned to b"));
        assertThat(AgentPlan.plan("a", o, Set.of("web"), Set.of("web"), Set.of(), server -> true, server -> true)).as("already stopping").isEmpty();
    }

    @Test
    void nothing_to_do_when_everything_is_in_place() {
        Observation o = obs(Set.of("a", "b"), Map.of("web", on("a", "b", 3), "db", on(null, null, 5)),
                Map.of("a", running("web")));
        assertThat(plan("a", o, Set.of("web"), Set.of())).isEmpty();
        assertThat(plan("b", o, Set.of(), Set.of())).isEmpty();
    }

    @Test
    void a_failed_app_is_not_restarted_here_before_it_is_handed_over() {
        Observation o = obs(Set.of("a"), Map.of("web", on("a", null, 3)), Map.of());
        assertThat(plan("a", o, Set.of(), Set.of("web"))).noneMatch(a -> a instanceof Start);
    }
}
