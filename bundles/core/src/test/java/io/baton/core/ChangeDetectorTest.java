package io.baton.core;

import io.baton.api.decision.Trigger;
import io.baton.api.model.Placement;
import io.baton.api.spi.ClusterView;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The state monitor's comparison of the tables with the cluster manager's view. */
class ChangeDetectorTest {

    private static TestCluster cluster() {
        return TestCluster.of(RulesBuilder.servers("a", "b", "c", "d").app("X").app("Y").build())
                .given("a b c", "X@a>c", "Y@b>c");
    }

    private static ClusterView view(Set<String> members, Map<String, String> running) {
        return new ClusterView(members, new Placement(running), Map.of());
    }

    @Test
    void when_the_view_agrees_with_the_tables_nothing_is_triggered() {
        TestCluster c = cluster();
        assertThat(ChangeDetector.detect(c.rules, c.state, view(Set.of("a", "b", "c"), Map.of("X", "a", "Y", "b")))).isEmpty();
    }

    @Test
    void a_lost_member_an_app_elsewhere_and_a_new_member_give_leave_then_app_failure_then_join() {
        TestCluster c = cluster();
        Placement now = new Placement(Map.of("X", "c", "Y", "c"));
        var triggers = ChangeDetector.detect(c.rules, c.state, new ClusterView(Set.of("b", "c", "d"), now, Map.of()));
        assertThat(triggers).containsExactly(new Trigger.ServerFailed("a", now), new Trigger.AppFailed("Y", now),
                new Trigger.ServerJoined("d"));
    }

    @Test
    void a_detached_server_that_is_still_a_member_does_not_join_by_itself() {
        TestCluster c = cluster();
        c.detach("c");
        var triggers = ChangeDetector.detect(c.rules, c.state, view(Set.of("a", "b", "c"), c.state.placement().running()));
        assertThat(triggers).isEmpty();
    }

    @Test
    void an_app_row_under_way_is_left_to_its_instruction() {
        TestCluster c = cluster();
        var decision = c.engine.decide(c.rules, c.state, new Trigger.MoveRequested("X", "b"));
        var triggers = ChangeDetector.detect(c.rules, decision.intended(), view(Set.of("a", "b", "c"), Map.of("X", "a", "Y", "b")));
        assertThat(triggers).isEmpty();
    }
}
