package io.baton.core;

import io.baton.api.decision.InvalidTriggerException;
import io.baton.api.decision.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC "Capacity, separation and priority": one test per amended rule branch, with the reasons it gives. */
class CapacityRulesTest {

    private static String reason(TestCluster c, String subject) {
        return c.last.reasons().stream().filter(r -> r.subject().equals(subject)).map(Reason::toString)
                .findFirst().orElse("(no reason for " + subject + ")");
    }

    @Test
    void initial_start_an_app_placeable_nowhere_stays_stopped_and_the_reason_names_the_shortage() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").capacity("a", "cpu", 4).capacity("b", "cpu", 2)
                .app("X", a -> a.primary("a").demand("cpu", 3)).app("Y", a -> a.demand("cpu", 4)).build());
        c.start("a", "b");
        assertThat(c.apps()).isEqualTo("X@a>- Y@-");
        assertThat(reason(c, "Y")).isEqualTo("Y: running none (no server has room for Y (cpu 4 needed, most free 2):"
                + " stays stopped)");
    }

    @Test
    void initial_start_places_apps_in_priority_order() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a").capacity("a", "cpu", 4)
                .app("X", a -> a.demand("cpu", 3)).app("Y", a -> a.demand("cpu", 3).priority(1)).build());
        c.start("a");
        assertThat(c.apps()).as("Y has the higher priority").isEqualTo("X@- Y@a>-");
    }

    @Test
    void initial_start_a_primary_without_room_gives_way_to_the_placeable_server_running_the_fewest_apps() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").capacity("a", "cpu", 4)
                .app("X", a -> a.primary("a").demand("cpu", 3)).app("Y", a -> a.primary("a").demand("cpu", 3)).build());
        c.start("a", "b", "c");
        assertThat(c.apps()).isEqualTo("X@a>c Y@b>c");
        assertThat(reason(c, "Y")).startsWith("Y: running none → b (cluster start: a has no room for Y (cpu 3 needed,"
                + " 1 free): the allowed server running the fewest apps)");
    }

    @Test
    void apart_apps_never_start_on_one_server() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b")
                .app("X", a -> a.primary("a")).app("Y", a -> a.primary("a").apart("X")).build());
        c.start("a", "b");
        assertThat(c.apps()).isEqualTo("X@a>- Y@b>-");
        assertThat(reason(c, "Y")).startsWith("Y: running none → b (cluster start: Y kept apart from X (on a):");
        assertThat(reason(c, "X")).as("b runs Y, which is apart from X").contains("backup none (no server can take it"
                + " over; X kept apart from Y (on b))");
    }

    @Test
    void a_backup_takes_over_only_together_with_the_apps_of_the_same_server_already_decided_to_go_there() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").capacity("b", "cpu", 4).capacity("c", "cpu", 4)
                .app("X", a -> a.primary("a").demand("cpu", 3)).app("Y", a -> a.primary("a").demand("cpu", 3))
                .app("Z", a -> a.primary("b").demand("cpu", 1)).build());
        c.start("a", "b", "c");
        // c is idle: X's backup; Y would make 6 on c, so the lowest-load server b (1 + 3 = 4) takes Y
        assertThat(c.apps()).isEqualTo("X@a>c Y@a>b Z@b>c");
        assertThat(reason(c, "Y")).isEqualTo("Y: running none → a (cluster start: its primary); backup none → b"
                + " (no idle server: the lowest-load server, load 0; c cannot take Y over together with X (cpu))");
        c.fail("a");
        assertThat(c.apps()).as("a's apps land where they fit").startsWith("X@c>").contains("Y@b>");
    }

    @Test
    void join_step1_a_stopped_app_starts_on_the_joining_server_only_where_it_fits() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").capacity("b", "cpu", 1)
                .app("X", a -> a.allowed("b").demand("cpu", 2).primary("b")).app("Y").build())
                .given("a", "X@-", "Y@a>-");
        c.join("b");
        assertThat(c.apps()).isEqualTo("X@- Y@a>b");
        assertThat(reason(c, "X")).isEqualTo("X: running none (b has no room for X (cpu 2 needed, 1 free): stays stopped)");
    }

    @Test
    void join_step2_moves_only_an_app_placeable_on_the_joining_server() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").capacity("b", "cpu", 2)
                .app("X", a -> a.autoMove(true).demand("cpu", 3)).app("Y", a -> a.autoMove(true).demand("cpu", 2)).build())
                .given("a", "X@a>-", "Y@a>-");
        c.join("b");
        assertThat(c.apps()).as("X does not fit on b; Y does").isEqualTo("X@a>- Y@b>a");
    }

    @Test
    void join_step3_the_joining_server_backs_up_only_the_apps_it_has_room_for_and_the_others_keep_theirs() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").capacity("c", "cpu", 2)
                .app("X", a -> a.primary("a").demand("cpu", 2)).app("Y", a -> a.primary("a").demand("cpu", 1)).build())
                .given("a b", "X@a>b", "Y@a>b");
        c.join("c");
        assertThat(c.apps()).as("c takes X (2 of 2); Y would not fit beside it and keeps b").isEqualTo("X@a>c Y@a>b");
    }

    @Test
    void periodic_check_switches_only_to_a_candidate_and_replaces_a_backup_that_no_longer_fits() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c", "d").capacity("c", "cpu", 1).capacity("d", "cpu", 3)
                .app("X", a -> a.primary("a").demand("cpu", 2)).app("W", a -> a.primary("d").demand("cpu", 2)).build())
                .given("a b c d", "X@a>d", "W@d>b").loads("b", 50, "c", 10, "d", 20);
        c.tick();
        // d runs W (2 of 3): X (2) no longer fits there; c is the lowest load but has no room; b has
        assertThat(c.apps()).isEqualTo("X@a>b W@d>a");
        assertThat(reason(c, "X")).isEqualTo("X: backup d → b (periodic load check: its backup can no longer take it"
                + " over, load 50; d has no room to take X over (cpu 2 needed, 1 free))");
    }

    @Test
    void application_failure_repairs_the_backups_the_restarted_app_crowds_out() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c", "d").capacity("b", "cpu", 3)
                .app("X", a -> a.primary("a").demand("cpu", 2)).app("Z", a -> a.primary("c").demand("cpu", 2)).build())
                .given("a b c d", "X@a>b", "Z@c>b").loads("b", 10, "d", 20, "a", 30, "c", 40);
        c.appFail("X");
        // X restarts on b (2 of 3): Z (2) no longer fits there and is chosen again; X's backup too
        assertThat(c.apps()).isEqualTo("X@b>d Z@c>d");
    }

    @Test
    void an_operator_move_needs_a_placeable_target() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").capacity("b", "cpu", 4)
                .app("X", a -> a.primary("a").demand("cpu", 3)).app("Y", a -> a.primary("b").demand("cpu", 2)).build())
                .given("a b", "X@a>-", "Y@b>a");
        assertThatThrownBy(() -> c.move("X", "b")).isInstanceOf(InvalidTriggerException.class)
                .hasMessage("cannot move X to b: b has no room for X (cpu 3 needed, 2 free)");
    }

    @Test
    void without_capacities_demands_or_apart_pairs_a_priority_only_reorders_ties() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b")
                .app("X").app("Y", a -> a.priority(5)).build());
        c.start("a", "b");
        assertThat(c.apps()).as("Y is placed first: on a, the server running the fewest apps by priority")
                .isEqualTo("X@b>a Y@a>b");
    }
}
