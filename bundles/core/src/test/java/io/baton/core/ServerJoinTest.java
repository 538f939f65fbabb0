package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.decision.InvalidTriggerException;
import io.baton.api.model.BackupRule;
import io.baton.api.model.ServerChange;
import io.baton.api.model.ServerState;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.baton.core.RulesBuilder.autoMove;
import static io.baton.core.RulesBuilder.overrides;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC "Server joins", steps 1 to 3. */
class ServerJoinTest {

    @Test
    void step1_a_stopped_app_starts_on_its_primary_when_that_is_up() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").app("X", a -> a.primary("b")).app("Y").build())
                .given("b", "X@-", "Y@b>-");
        c.join("c");
        assertThat(c.apps()).isEqualTo("X@b>c Y@b>c");
        assertThat(c.last.instructions()).first().isEqualTo(new Instruction.Start("X", "b"));
    }

    @Test
    void step1_a_stopped_app_without_usable_primary_starts_on_the_joining_server() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").app("X", a -> a.primary("a")).app("Y").build())
                .given("b", "X@-", "Y@b>-");
        c.join("c");
        assertThat(c.apps()).isEqualTo("X@c>b Y@b>c");
    }

    @Test
    void step1_a_stopped_app_not_allowed_on_the_joining_server_stays_stopped() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").app("X", a -> a.allowed("a")).app("Y").build())
                .given("b", "X@-", "Y@b>-");
        c.join("c");
        assertThat(c.apps()).isEqualTo("X@- Y@b>c");
    }

    @Test
    void step2_the_app_on_the_highest_load_server_running_several_apps_moves_to_the_joining_server() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c")
                        .app("W", a -> a.autoMove(true)).app("X", a -> a.autoMove(true))
                        .app("Y", a -> a.autoMove(true)).app("Z", a -> a.autoMove(true)).build())
                .given("a b", "W@a>b", "X@a>b", "Y@b>a", "Z@b>a").loads("a", 10, "b", 20);
        var decision = c.join("c");
        assertThat(c.apps()).isEqualTo("W@a>c X@a>c Y@c>a Z@b>c");
        assertThat(decision.instructions()).filteredOn(i -> i instanceof Instruction.Move)
                .containsExactly(new Instruction.Move("Y", "b", "c"));
    }

    @Test
    void step2_load_ties_go_to_app_order_and_only_autoMove_apps_allowed_on_the_joining_server_move() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c")
                        .app("W").app("X", a -> a.autoMove(true).allowed("a", "b"))
                        .app("Y", a -> a.autoMove(true)).app("Z", a -> a.autoMove(true)).build())
                .given("a b", "W@a>b", "X@a>b", "Y@b>a", "Z@b>a");
        c.join("c");
        // no idle server after the move and all loads equal: backups by priority order
        assertThat(c.apps()).isEqualTo("W@a>b X@a>b Y@c>a Z@b>a");
    }

    @Test
    void step2_is_decided_by_the_autoMove_of_the_new_configuration() {
        RulesBuilder rules = RulesBuilder.servers("a", "b").app("X").app("Y")
                .configuration(Set.of("a", "b"), overrides("Y", autoMove(true)));
        TestCluster c = TestCluster.of(rules.build()).given("a", "X@a>-", "Y@a>-");
        c.join("b");
        assertThat(c.apps()).isEqualTo("X@a>b Y@b>a");
    }

    @Test
    void step3_when_nothing_started_or_moved_the_joining_server_backs_up_every_app() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c", "d")
                        .app("X").app("Y", a -> a.backup(BackupRule.NONE)).app("Z", a -> a.backup("b"))
                        .app("V", a -> a.backup("a")).app("U", a -> a.allowed("a", "b")).build())
                .given("a b", "X@a>b", "Y@b>-", "Z@a>b", "V@b>a", "U@b>a");
        var decision = c.join("c");
        assertThat(c.apps()).isEqualTo("X@a>c Y@b>- Z@a>b V@b>a U@b>a");
        assertThat(decision.instructions()).containsExactly(new Instruction.SetBackup("X", java.util.Optional.of("c")));
        assertThat(c.state.server("c").state()).isEqualTo(ServerState.UP);
        assertThat(c.state.server("c").change()).isEqualTo(ServerChange.JOINED);
    }

    @Test
    void step3_a_named_backup_that_is_up_stays_even_when_it_is_the_running_servers_only_peer() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").app("X", a -> a.backup("b")).build())
                .given("a b", "X@a>b");
        c.join("c");
        assertThat(c.apps()).isEqualTo("X@a>b");
    }

    @Test
    void attach_is_handled_exactly_as_a_join() {
        RulesBuilder rules = RulesBuilder.servers("a", "b", "c").app("X", a -> a.autoMove(true)).app("Y", a -> a.autoMove(true));
        TestCluster joined = TestCluster.of(rules.build()).given("a b", "X@a>b", "Y@a>b");
        TestCluster attached = TestCluster.of(rules.build()).given("a b", "X@a>b", "Y@a>b");
        joined.join("c");
        attached.attach("c");
        assertThat(attached.apps()).isEqualTo(joined.apps()).isEqualTo("X@c>b Y@a>b");
    }

    @Test
    void joining_a_server_that_is_up_is_rejected() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").app("X").build()).given("a b", "X@a>b");
        assertThatThrownBy(() -> c.attach("b")).isInstanceOf(InvalidTriggerException.class)
                .hasMessage("cannot attach server b: server b is already up");
    }
}
