package io.baton.core;

import io.baton.api.model.BackupRule;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.baton.core.RulesBuilder.override;
import static io.baton.core.RulesBuilder.overrides;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC "Backup selection", one test per branch; exercised through an operator move, which recomputes every backup. */
class BackupSelectionTest {

    private static TestCluster cluster(RulesBuilder rules, String... rows) {
        return TestCluster.of(rules.build()).given("a b c d", rows);
    }

    @Test
    void backup_none_gives_no_backup_even_with_idle_servers() {
        TestCluster c = cluster(RulesBuilder.servers("a", "b", "c", "d").app("X", a -> a.backup(BackupRule.NONE)), "X@a>-");
        c.move("X", "b");
        assertThat(c.apps()).isEqualTo("X@b>-");
    }

    @Test
    void a_named_backup_that_is_up_allowed_and_not_the_running_server_is_taken_even_if_busy() {
        TestCluster c = cluster(RulesBuilder.servers("a", "b", "c", "d").app("X", a -> a.backup("c")).app("Y"),
                "X@a>b", "Y@c>a").loads("c", 90);
        c.move("X", "a");
        assertThat(c.apps()).startsWith("X@a>c");
    }

    @Test
    void a_named_backup_that_is_down_falls_back_to_auto() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c", "d").app("X", a -> a.backup("c")).build())
                .given("a b d", "X@a>b").loads("b", 50, "d", 10);
        c.move("X", "a");
        assertThat(c.apps()).isEqualTo("X@a>d");
    }

    @Test
    void a_named_backup_that_runs_the_app_falls_back_to_auto() {
        TestCluster c = cluster(RulesBuilder.servers("a", "b", "c", "d").app("X", a -> a.backup("c")), "X@a>c")
                .loads("b", 5, "d", 1);
        c.move("X", "c");
        assertThat(c.apps()).isEqualTo("X@c>a");
    }

    @Test
    void an_ordered_backup_list_takes_the_first_server_that_is_up() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c", "d")
                        .app("X", a -> a.backup(BackupRule.named(java.util.List.of("b", "c", "d")))).build())
                .given("a c d", "X@a>c");
        c.move("X", "a");
        assertThat(c.apps()).isEqualTo("X@a>c");
    }

    @Test
    void auto_prefers_an_idle_server_over_a_busier_server_with_lower_load() {
        TestCluster c = cluster(RulesBuilder.servers("a", "b", "c", "d").app("X").app("Y").app("Z"),
                "X@a>b", "Y@b>a", "Z@c>a").loads("b", 1, "c", 2, "d", 99);
        c.move("X", "a");
        assertThat(c.apps()).isEqualTo("X@a>d Y@b>d Z@c>d");
    }

    @Test
    void among_idle_servers_the_lowest_load_wins() {
        TestCluster c = cluster(RulesBuilder.servers("a", "b", "c", "d").app("X"), "X@a>b")
                .loads("b", 30, "c", 20, "d", 10);
        c.move("X", "a");
        assertThat(c.apps()).isEqualTo("X@a>d");
    }

    @Test
    void among_idle_servers_with_equal_load_priority_order_wins() {
        TestCluster c = cluster(RulesBuilder.servers("a", "b", "c", "d").app("X"), "X@a>d")
                .loads("b", 10, "c", 10, "d", 10);
        c.move("X", "a");
        assertThat(c.apps()).isEqualTo("X@a>b");
    }

    @Test
    void idle_without_an_idle_server_gives_no_backup() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").app("X", a -> a.backup(BackupRule.IDLE)).app("Y").build())
                .given("a b", "X@a>b", "Y@b>a");
        c.move("X", "a");
        assertThat(c.apps()).isEqualTo("X@a>- Y@b>a");
    }

    @Test
    void auto_without_an_idle_server_takes_the_lowest_load_then_priority() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").app("X").app("Y").app("Z").build())
                .given("a b c", "X@a>b", "Y@b>a", "Z@c>a").loads("a", 20, "b", 20, "c", 5);
        c.move("X", "a");
        assertThat(c.apps()).isEqualTo("X@a>c Y@b>c Z@c>a");
    }

    @Test
    void a_lone_server_leaves_every_app_without_backup() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").app("X").build()).given("a", "X@a>-");
        c.move("X", "a");
        assertThat(c.apps()).isEqualTo("X@a>-");
    }

    @Test
    void only_allowed_servers_are_candidates() {
        TestCluster c = cluster(RulesBuilder.servers("a", "b", "c", "d").app("X", a -> a.allowed("a", "c")), "X@a>c")
                .loads("c", 90);
        c.move("X", "a");
        assertThat(c.apps()).isEqualTo("X@a>c");
    }

    @Test
    void a_configuration_entry_overrides_the_backup_while_exactly_its_servers_are_up() {
        RulesBuilder rules = RulesBuilder.servers("a", "b", "c", "d").app("X")
                .configuration(Set.of("a", "b", "c", "d"), overrides("X", override(null, BackupRule.named("d"))));
        TestCluster all = TestCluster.of(rules.build()).given("a b c d", "X@a>b");
        all.move("X", "a");
        assertThat(all.apps()).isEqualTo("X@a>d");

        TestCluster three = TestCluster.of(rules.build()).given("a b d", "X@a>d").loads("d", 50);
        three.move("X", "a");
        assertThat(three.apps()).as("no entry for {a,b,d}: the default auto").isEqualTo("X@a>b");
    }
}
