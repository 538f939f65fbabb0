package io.baton.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What each single failure would do now: the apps it stops and the servers it overloads. */
class SingleFailuresTest {

    @Test
    void each_up_server_with_the_apps_its_failure_stops_in_app_order_and_the_servers_it_overloads() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").capacity("c", "cpu", 2)
                        .app("X", a -> a.demand("cpu", 2)).app("Y", a -> a.demand("cpu", 1).priority(3)).app("Z").build())
                .given("a b c", "X@a>c", "Y@a>-", "Z@b>c");
        var outcomes = SingleFailures.of(c.rules, c.state);
        assertThat(outcomes.keySet()).containsExactly("a", "b", "c");
        assertThat(outcomes.get("a")).isEqualTo(new SingleFailures.Outcome(List.of("Y"), List.of()));
        assertThat(outcomes.get("b")).isEqualTo(new SingleFailures.Outcome(List.of(), List.of()));
        assertThat(outcomes.get("c")).isEqualTo(new SingleFailures.Outcome(List.of(), List.of()));
    }

    @Test
    void a_takeover_beyond_capacity_names_the_overloaded_server() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").capacity("c", "cpu", 2)
                        .app("X", a -> a.demand("cpu", 2)).app("Z", a -> a.demand("cpu", 1)).build())
                .given("a b c", "X@a>c", "Z@c>a");
        assertThat(SingleFailures.of(c.rules, c.state))
                .containsEntry("a", new SingleFailures.Outcome(List.of(), List.of("c")))
                .containsEntry("c", new SingleFailures.Outcome(List.of(), List.of()));
    }

    @Test
    void decided_backups_leave_no_failure_overloading_a_server() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c").capacity("b", "cpu", 4).capacity("c", "cpu", 4)
                .app("X", a -> a.primary("a").demand("cpu", 3)).app("Y", a -> a.primary("a").demand("cpu", 3))
                .app("Z", a -> a.primary("b").demand("cpu", 1)).build());
        c.start("a", "b", "c");
        assertThat(SingleFailures.of(c.rules, c.state)).hasSize(3)
                .allSatisfy((server, o) -> assertThat(o.overloaded()).as("if %s failed", server).isEmpty());
    }
}
