package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.decision.InvalidTriggerException;
import io.baton.api.model.ServerState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC "Initial start". */
class InitialStartTest {

    @Test
    void each_app_runs_on_its_primary_when_it_is_up_and_allowed() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c")
                .app("X", a -> a.primary("c")).app("Y", a -> a.primary("c")).build());
        c.start("a", "b", "c");
        assertThat(c.apps()).isEqualTo("X@c>a Y@c>a");
    }

    @Test
    void without_primary_the_app_goes_to_the_allowed_server_running_fewest_apps_so_far_ties_by_priority() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c")
                .app("X", a -> a.primary("b")).app("Y").app("Z").app("W").build());
        c.start("a", "b", "c");
        assertThat(c.apps()).isEqualTo("X@b>a Y@a>b Z@c>a W@a>b");
    }

    @Test
    void a_primary_that_is_down_falls_back_to_fewest_apps() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c")
                .app("X", a -> a.primary("a")).app("Y", a -> a.primary("b")).build());
        c.start("b", "c");
        // X is placed first, on the emptiest server; Y then goes to its primary b
        assertThat(c.apps()).isEqualTo("X@b>c Y@b>c");
        assertThat(c.state.servers().get("a").state()).isEqualTo(ServerState.DOWN);
    }

    @Test
    void a_primary_that_is_not_allowed_in_the_configuration_is_not_used() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c")
                .app("X", a -> a.primary("a").allowed("b", "c")).build());
        c.start("a", "b", "c");
        assertThat(c.apps()).isEqualTo("X@b>c");
    }

    @Test
    void an_app_with_no_allowed_server_up_stays_stopped_with_a_reason() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").app("X", a -> a.allowed("c")).app("Y").build());
        c.start("a", "b");
        assertThat(c.apps()).isEqualTo("X@- Y@a>b");
        assertThat(c.last.reasons()).anySatisfy(r -> assertThat(r.toString()).isEqualTo("X: running none (no allowed server is up: stays stopped)"));
    }

    @Test
    void the_cluster_manager_is_told_to_start_each_app_then_to_set_each_backup() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").app("X").app("Y").build());
        var decision = c.start("a", "b");
        assertThat(decision.instructions()).containsExactly(
                new Instruction.Start("X", "a"), new Instruction.Start("Y", "b"),
                new Instruction.SetBackup("X", java.util.Optional.of("b")),
                new Instruction.SetBackup("Y", java.util.Optional.of("a")));
    }

    @Test
    void starting_with_an_undeclared_server_is_rejected() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").app("X").build());
        assertThatThrownBy(() -> c.start("a", "z")).isInstanceOf(InvalidTriggerException.class)
                .hasMessage("cannot start the cluster with z: unknown server z (servers: a, b)");
    }
}
