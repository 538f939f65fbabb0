package io.baton.core;

import io.baton.api.model.BackupRule;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC "Periodic load check". */
class PeriodicLoadCheckTest {

    private static TestCluster cluster(RulesBuilder rules) {
        return TestCluster.of(rules.build()).given("a b c d", "X@a>b").loads("a", 50, "b", 40, "c", 30, "d", 35);
    }

    @Test
    void the_backup_switches_to_the_lowest_load_candidate() {
        TestCluster c = cluster(RulesBuilder.servers("a", "b", "c", "d").app("X"));
        var decision = c.tick();
        assertThat(c.apps()).isEqualTo("X@a>c");
        assertThat(decision.reasons()).singleElement()
                .hasToString("X: backup b → c (periodic load check: a server with lower load, load 30)");
    }

    @Test
    void the_candidate_must_be_lower_by_more_than_the_hysteresis() {
        TestCluster tenPoints = cluster(RulesBuilder.servers("a", "b", "c", "d").app("X").hysteresis(10));
        tenPoints.tick();
        assertThat(tenPoints.apps()).as("40 - 30 is not more than 10").isEqualTo("X@a>b");

        TestCluster ninePoints = cluster(RulesBuilder.servers("a", "b", "c", "d").app("X").hysteresis(9.5));
        ninePoints.tick();
        assertThat(ninePoints.apps()).isEqualTo("X@a>c");
    }

    @Test
    void a_fixed_app_keeps_its_backup() {
        TestCluster c = cluster(RulesBuilder.servers("a", "b", "c", "d").app("X", a -> a.fixed(true)));
        var decision = c.tick();
        assertThat(c.apps()).isEqualTo("X@a>b");
        assertThat(decision.instructions()).isEmpty();
    }

    @Test
    void an_app_without_backup_or_with_backup_none_is_left_alone() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").app("X", a -> a.backup(BackupRule.NONE))
                        .app("Y", a -> a.backup(BackupRule.IDLE)).build())
                .given("a b c", "X@a>-", "Y@b>-").loads("c", 0, "a", 10);
        c.tick();
        assertThat(c.apps()).isEqualTo("X@a>- Y@b>-");
    }

    @Test
    void idle_apps_only_switch_to_idle_servers() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c", "d").app("X", a -> a.backup(BackupRule.IDLE))
                        .app("Y").build())
                .given("a b c d", "X@a>c", "Y@b>c").loads("a", 1, "b", 1, "c", 50, "d", 60);
        c.loads("d", 20).tick();
        assertThat(c.apps()).as("b has the lowest load but runs Y").isEqualTo("X@a>d Y@b>a");
    }

    @Test
    void load_ties_go_to_priority_order_and_an_equal_load_does_not_switch() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c", "d").app("X").build())
                .given("a b c d", "X@a>d").loads("a", 10, "b", 20, "c", 20, "d", 30);
        c.tick();
        assertThat(c.apps()).isEqualTo("X@a>b");
        c.loads("c", 20, "b", 20).tick();
        assertThat(c.apps()).isEqualTo("X@a>b");
    }

    @Test
    void a_configuration_can_make_an_app_fixed_only_while_its_servers_are_up() {
        RulesBuilder rules = RulesBuilder.servers("a", "b", "c", "d").app("X")
                .configuration(Set.of("a", "b", "c", "d"), RulesBuilder.overrides("X", new io.baton.api.model.AppOverride(
                        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of(true),
                        java.util.Optional.empty(), java.util.Optional.empty())));
        TestCluster c = cluster(rules);
        c.tick();
        assertThat(c.apps()).isEqualTo("X@a>b");
    }
}
