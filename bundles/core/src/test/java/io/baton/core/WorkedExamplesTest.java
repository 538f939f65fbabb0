package io.baton.core;

import io.baton.api.model.Rules;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.baton.core.RulesBuilder.autoMove;
import static io.baton.core.RulesBuilder.override;
import static io.baton.core.RulesBuilder.overrides;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC "Worked examples from the original (golden tests)", one test per example. */
class WorkedExamplesTest {

    /** The rule file of SPEC: AP1@a, AP2@b, AP3@c all backed up by d while all five are up. */
    static RulesBuilder specRules() {
        return RulesBuilder.servers("a", "b", "c", "d", "e")
                .app("AP1").app("AP2").app("AP3")
                .configuration(Set.of("a", "b", "c", "d", "e"), overrides(
                        "AP1", new io.baton.api.model.AppOverride(java.util.Optional.of("a"),
                                java.util.Optional.of(io.baton.api.model.BackupRule.named("d")),
                                java.util.Optional.of(true), java.util.Optional.of(false), java.util.Optional.empty()),
                        "AP2", override("b", io.baton.api.model.BackupRule.named("d")),
                        "AP3", override("c", io.baton.api.model.BackupRule.named("d"))));
    }

    @Nested
    class FiveServers {
        final TestCluster cluster = TestCluster.of(specRules().build()).loads("d", 10, "c", 20, "e", 30);

        @Test
        void the_cluster_starts_with_each_app_on_its_primary_backed_up_by_d() {
            cluster.start("a", "b", "c", "d", "e");
            assertThat(cluster.apps()).isEqualTo("AP1@a>d AP2@b>d AP3@c>d");
        }

        @Test
        void a_fails_AP1_runs_on_d_and_every_backup_becomes_e_the_only_idle_server() {
            cluster.start("a", "b", "c", "d", "e");
            cluster.fail("a");
            assertThat(cluster.apps()).isEqualTo("AP1@d>e AP2@b>e AP3@c>e");
        }

        @Test
        void b_fails_next_AP2_runs_on_e_and_with_no_idle_server_backups_go_to_the_lowest_load() {
            cluster.start("a", "b", "c", "d", "e");
            cluster.fail("a");
            cluster.fail("b");
            // loads d < c < e
            assertThat(cluster.apps()).isEqualTo("AP1@d>c AP2@e>d AP3@c>d");
        }

        @Test
        void a_recovers_nothing_is_stopped_or_doubled_and_every_backup_becomes_a() {
            cluster.start("a", "b", "c", "d", "e");
            cluster.fail("a");
            cluster.fail("b");
            var decision = cluster.join("a");
            assertThat(cluster.apps()).isEqualTo("AP1@d>a AP2@e>a AP3@c>a");
            assertThat(decision.instructions()).allMatch(i -> i instanceof io.baton.api.decision.Instruction.SetBackup);
        }
    }

    @Nested
    class ServerCRecoversWhileDRunsTwoApps {
        static final String UP = "d e";

        @Test
        void with_AP3_autoMove_on_in_the_rule_for_cde_AP3_moves_to_c_and_backups_are_recomputed() {
            Rules rules = specRules().configuration(Set.of("c", "d", "e"), overrides("AP3", autoMove(true))).build();
            TestCluster cluster = TestCluster.of(rules).given(UP, "AP1@d>e", "AP2@e>d", "AP3@d>e");
            cluster.join("c");
            // all loads 0: ties go to priority order
            assertThat(cluster.apps()).isEqualTo("AP1@d>c AP2@e>c AP3@c>d");
        }

        @Test
        void with_AP3_autoMove_off_nothing_moves_and_c_becomes_every_apps_backup() {
            TestCluster cluster = TestCluster.of(specRules().build()).given(UP, "AP1@d>e", "AP2@e>d", "AP3@d>e");
            cluster.join("c");
            assertThat(cluster.apps()).isEqualTo("AP1@d>c AP2@e>c AP3@d>c");
        }
    }

    @Test
    void loads_change_from_d_c_e_to_d_e_c_and_only_AP1_backup_switches_to_e() {
        TestCluster cluster = TestCluster.of(specRules().build()).loads("d", 10, "c", 20, "e", 30)
                .given("c d e", "AP1@d>c", "AP2@e>d", "AP3@c>d");
        cluster.tick();
        assertThat(cluster.apps()).as("loads d < c < e keep the backups").isEqualTo("AP1@d>c AP2@e>d AP3@c>d");

        cluster.loads("e", 20, "c", 30).tick();
        assertThat(cluster.apps()).isEqualTo("AP1@d>e AP2@e>d AP3@c>d");
    }
}
