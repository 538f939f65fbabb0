package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.decision.InvalidTriggerException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC "Operator commands": move. */
class OperatorMoveTest {

    private static TestCluster cluster() {
        return TestCluster.of(RulesBuilder.servers("a", "b", "c").app("X").app("Y", a -> a.allowed("a", "b")).build())
                .given("a b c", "X@a>c", "Y@b>c");
    }

    @Test
    void the_app_moves_and_every_backup_is_recomputed() {
        TestCluster c = cluster();
        var decision = c.move("X", "c");
        assertThat(c.apps()).isEqualTo("X@c>a Y@b>a");
        assertThat(decision.instructions()).first().isEqualTo(new Instruction.Move("X", "a", "c"));
    }

    @Test
    void a_stopped_app_is_started_where_it_is_moved() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").app("X").build()).given("a b", "X@-");
        var decision = c.move("X", "b");
        assertThat(c.apps()).isEqualTo("X@b>a");
        assertThat(decision.instructions()).first().isEqualTo(new Instruction.Start("X", "b"));
    }

    @Test
    void moving_to_a_server_that_is_down_or_not_allowed_is_rejected() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").app("X").app("Y", a -> a.allowed("a", "b")).build())
                .given("a b", "X@a>b", "Y@b>a");
        assertThatThrownBy(() -> c.move("X", "c")).isInstanceOf(InvalidTriggerException.class)
                .hasMessage("cannot move X to c: server c is failed, not up");
        TestCluster all = cluster();
        assertThatThrownBy(() -> all.move("Y", "c")).isInstanceOf(InvalidTriggerException.class)
                .hasMessage("cannot move Y to c: c is not allowed for Y (allowed: a, b)");
    }
}
