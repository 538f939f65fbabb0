package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.decision.InvalidTriggerException;
import io.baton.api.decision.Trigger;
import io.baton.api.model.Placement;
import io.baton.api.model.ServerChange;
import io.baton.api.model.ServerState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC "Server leaves" (failure and operator detach). */
class ServerLeaveTest {

    private static TestCluster threeApps() {
        return TestCluster.of(RulesBuilder.servers("a", "b", "c", "d").app("X").app("Y").app("Z").build())
                .given("a b c d", "X@a>d", "Y@b>d", "Z@c>a");
    }

    @Test
    void a_failed_server_hands_its_app_to_the_backup_and_every_backup_is_recomputed() {
        TestCluster c = threeApps().loads("a", 5, "b", 30, "c", 20, "d", 10);
        c.fail("a");
        // no idle server left: lowest load among the other up servers
        assertThat(c.apps()).isEqualTo("X@d>c Y@b>d Z@c>d");
        assertThat(c.state.servers().get("a")).satisfies(s -> {
            assertThat(s.state()).isEqualTo(ServerState.FAILED);
            assertThat(s.change()).isEqualTo(ServerChange.FAILED);
            assertThat(s.processing()).isFalse();
        });
        assertThat(c.last.reasons()).first().hasToString("a: up → failed");
        assertThat(c.last.reasons()).anySatisfy(r -> assertThat(r).hasToString(
                "X: running a → d (a failed: the cluster manager took it over on its backup d); backup d → c (no idle server: the lowest-load server, load 20)"));
    }

    @Test
    void an_app_whose_backup_is_not_up_is_stopped_by_the_failure_and_has_no_backup() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").app("X").build()).given("a", "X@a>-");
        c.fail("a");
        assertThat(c.apps()).isEqualTo("X@-");
        assertThat(c.last.reasons()).anySatisfy(r -> assertThat(r).hasToString("X: running a → none (a failed and it had no backup: stopped)"));
    }

    @Test
    void the_controller_trusts_the_cluster_managers_placement_over_its_own_table() {
        TestCluster c = threeApps();
        // the cluster manager put X on c instead of its backup d
        var decision = c.engine.decide(c.rules, c.state, new Trigger.ServerFailed("a", new Placement(Map.of("X", "c", "Y", "b", "Z", "c"))));
        assertThat(decision.settled().app("X").running()).contains("c");
        // an app reported on a server that is not up is treated as stopped
        var stale = c.engine.decide(c.rules, c.state, new Trigger.ServerFailed("a", new Placement(Map.of("X", "a", "Y", "b", "Z", "c"))));
        assertThat(stale.settled().app("X").running()).isEmpty();
    }

    @Test
    void the_failed_server_is_flagged_processing_while_its_change_is_handled() {
        TestCluster c = threeApps();
        var decision = c.fail("a");
        assertThat(decision.intended().server("a").processing()).isTrue();
        assertThat(decision.intended().app("X").processing()).isTrue();
        assertThat(decision.settled().server("a").processing()).isFalse();
    }

    @Test
    void detach_hands_the_servers_apps_to_their_backups_first_then_recomputes_backups() {
        TestCluster c = threeApps();
        var decision = c.detach("a");
        // no idle server is left and all loads are equal: priority order
        assertThat(c.apps()).isEqualTo("X@d>b Y@b>c Z@c>b");
        assertThat(decision.instructions()).first().isEqualTo(new Instruction.Move("X", "a", "d"));
        assertThat(c.state.server("a").state()).isEqualTo(ServerState.DETACHED);
        assertThat(c.state.server("a").change()).isEqualTo(ServerChange.DETACHED);
    }

    @Test
    void detach_stops_an_app_whose_backup_is_not_up() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").app("X", a -> a.backup(io.baton.api.model.BackupRule.NONE)).build())
                .given("a b", "X@a>-");
        var decision = c.detach("a");
        assertThat(c.apps()).isEqualTo("X@-");
        assertThat(decision.instructions()).containsExactly(new Instruction.Stop("X", "a"));
    }

    @Test
    void failing_or_detaching_a_server_that_is_not_up_is_rejected() {
        TestCluster c = threeApps();
        c.fail("a");
        assertThatThrownBy(() -> c.fail("a")).isInstanceOf(InvalidTriggerException.class)
                .hasMessage("cannot fail server a: server a is failed, not up");
        assertThatThrownBy(() -> c.detach("q")).isInstanceOf(InvalidTriggerException.class)
                .hasMessage("cannot detach server q: unknown server q (servers: a, b, c, d)");
    }
}
