package io.baton.store.mqtt;

import io.baton.api.spi.ControllerLease;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseLogTest {
    private final LeaseLog log = new LeaseLog();

    @Test
    void before_any_lease_every_writer_and_every_lease_is_taken() {
        assertThat(log.rowProblem("b", 100)).isEmpty();
        assertThat(log.leaseProblem("b", new ControllerLease("a", 3), 100)).isEmpty();
    }

    @Test
    void a_row_counts_only_from_the_holder_of_the_lease_in_force_at_its_version() {
        log.record(100, new ControllerLease("a", 1));
        log.record(200, new ControllerLease("b", 2));

        assertThat(log.rowProblem("a", 150)).isEmpty();
        assertThat(log.rowProblem("b", 150)).contains("written by node b while a held the controller lease (term 1)");
        assertThat(log.rowProblem("b", 250)).isEmpty();
        assertThat(log.rowProblem("a", 250)).contains("written by node a while b held the controller lease (term 2)");
        assertThat(log.rowProblem("c", 50)).as("older than every lease known").isEmpty();
    }

    @Test
    void a_lease_is_taken_by_the_node_it_names_or_handed_over_by_the_holder() {
        log.record(100, new ControllerLease("a", 1));

        assertThat(log.leaseProblem("b", new ControllerLease("b", 2), 150)).as("b takes it").isEmpty();
        assertThat(log.leaseProblem("a", new ControllerLease("b", 2), 150)).as("a hands it to b").isEmpty();
        assertThat(log.leaseProblem("c", new ControllerLease("b", 2), 150))
                .contains("node c hands the controller lease (term 2) to b but a held it (term 1)");
    }

    @Test
    void a_hand_over_written_again_after_it_took_effect_is_the_same_lease_and_taken() {
        log.record(100, new ControllerLease("b", 2)); // b holds term 2
        log.record(200, new ControllerLease("a", 3)); // b hands it to a (term 3)

        assertThat(log.leaseProblem("b", new ControllerLease("a", 3), 300))
                .as("b writes the same hand-over again (a stale view made it controller for a moment)").isEmpty();
        assertThat(log.leaseProblem("b", new ControllerLease("c", 3), 300))
                .contains("node b hands the controller lease (term 3) to c but a held it (term 3)");
        assertThat(log.rowProblem("b", 300)).as("but none of b's rows while a holds it").isPresent();
    }

    @Test
    void it_keeps_the_last_leases_and_forgets_all_at_a_new_connection() {
        for (int i = 1; i <= LeaseLog.KEPT + 10; i++) {
            log.record(i * 100L, new ControllerLease(i % 2 == 0 ? "a" : "b", i));
        }
        assertThat(log.rowProblem("a", 150)).as("forgotten: older than every lease kept").isEmpty();
        assertThat(log.rowProblem("a", (LeaseLog.KEPT + 9) * 100L + 50)).isPresent();
        log.clear();
        assertThat(log.rowProblem("a", (LeaseLog.KEPT + 9) * 100L + 50)).isEmpty();
    }

    @Test
    void a_claim_is_taken_only_where_the_election_could_choose_the_claimant() {
        List<String> servers = List.of("a", "b", "c");
        Set<String> eligible = new HashSet<>(servers);
        log.record(100, new ControllerLease("b", 4));

        assertThat(log.claimProblem("c", 150, servers, eligible::contains)).as("b is up and comes before c")
                .contains("node c claims the controller lease, but b, which holds it (term 4), is up and comes first"
                        + " in the election: held back until b is gone, detached or busy with its own change");
        assertThat(log.claimProblem("a", 150, servers, eligible::contains)).as("a comes before b").isEmpty();
        assertThat(log.claimProblem("b", 150, servers, eligible::contains)).as("the holder itself").isEmpty();
        assertThat(log.claimProblem("c", 50, servers, eligible::contains)).as("older than every lease known").isEmpty();
        assertThat(log.claimProblem("c", 150, List.of(), eligible::contains)).as("no rules yet").isEmpty();
        assertThat(log.claimProblem("c", 150, List.of("a", "c"), eligible::contains)).as("b left the rules").isEmpty();

        eligible.remove("a");
        assertThat(log.claimProblem("a", 150, servers, eligible::contains)).as("a detached, say: not before b")
                .isPresent();
        eligible.remove("b");
        assertThat(log.claimProblem("c", 150, servers, eligible::contains)).as("b gone").isEmpty();
    }
}
