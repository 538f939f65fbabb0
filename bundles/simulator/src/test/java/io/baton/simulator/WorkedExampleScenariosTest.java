package io.baton.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator reproduces SPEC's worked examples from the shipped scenario files. */
class WorkedExampleScenariosTest {

    @Test
    void a_fails_then_b_fails_then_a_recovers() throws Exception {
        assertThat(Scenarios.apps(Scenarios.example("worked-examples.json"))).containsExactly(
                "AP1@a>d AP2@b>d AP3@c>d",
                // a fails: AP1 runs on d; every backup becomes e, the only idle server
                "AP1@d>e AP2@b>e AP3@c>e",
                // b fails: AP2 runs on e; no idle server, loads d < c < e
                "AP1@d>c AP2@e>d AP3@c>d",
                // a recovers: nothing stopped, nothing doubled, every backup becomes a
                "AP1@d>a AP2@e>a AP3@c>a");
    }

    @Test
    void c_recovers_while_d_runs_two_apps_and_AP3_has_autoMove_for_cde() throws Exception {
        var steps = Scenarios.example("automove-on-recovery.json");
        assertThat(Scenarios.apps(steps.get(3))).as("up d, e: AP1 and AP3 on d, AP2 on e").startsWith("AP1@d").contains("AP2@e", "AP3@d");
        assertThat(Scenarios.apps(steps.get(4))).as("AP3 moves to c, backups recomputed (loads d < c < e)")
                .isEqualTo("AP1@d>c AP2@e>d AP3@c>d");
    }

    @Test
    void c_recovers_while_d_runs_two_apps_without_autoMove() throws Exception {
        var steps = Scenarios.run("""
                {'rules': 'five-servers.json', 'loads': {'d': 10, 'c': 20, 'e': 30},
                 'steps': [{'fail': 'a'}, {'fail': 'b'}, {'fail': 'c'}, {'join': 'c'}]}""");
        assertThat(Scenarios.apps(steps.get(4))).as("nothing moves; c becomes every app's backup")
                .isEqualTo("AP1@d>c AP2@e>c AP3@d>c");
    }

    @Test
    void loads_change_from_d_c_e_to_d_e_c_and_only_AP1_backup_switches() throws Exception {
        var steps = Scenarios.example("load-check.json");
        assertThat(Scenarios.apps(steps.get(2))).isEqualTo("AP1@d>c AP2@e>d AP3@c>d");
        assertThat(Scenarios.apps(steps.get(3))).as("a load step changes nothing but the load table").isEqualTo("AP1@d>c AP2@e>d AP3@c>d");
        assertThat(steps.get(3).tables().loadScore("e")).isEqualTo(20);
        assertThat(Scenarios.apps(steps.get(4))).isEqualTo("AP1@d>e AP2@e>d AP3@c>d");
    }

    @Test
    void the_spec_tour_runs_every_kind_of_step() throws Exception {
        var steps = Scenarios.example("spec-tour.json");
        assertThat(steps).hasSize(10);
        assertThat(Scenarios.apps(steps.get(6))).as("AP1 dies on d and restarts on its backup a").startsWith("AP1@a>d");
        assertThat(steps.get(7).tables().server("c").state().label()).isEqualTo("detached");
        assertThat(Scenarios.apps(steps.get(9))).startsWith("AP1@c>");
    }
}
