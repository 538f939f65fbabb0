package io.baton.adapter.nativecm;

import io.baton.api.spi.ClusterView;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static io.baton.adapter.nativecm.AgentPlanTest.on;
import static io.baton.adapter.nativecm.AgentPlanTest.running;
import static org.assertj.core.api.Assertions.assertThat;

class ObservationTest {

    @Test
    void the_view_takes_placement_from_live_reports_and_backups_of_running_apps() {
        Observation o = new Observation(Set.of("a", "b"),
                Map.of("web", on("a", "b", 2), "db", on(null, null, 3), "mail", on("c", "b", 1)),
                Map.of("a", running("web"), "b", running(), "c", running("mail")));
        ClusterView view = o.view();
        assertThat(view.members()).containsExactly("a", "b");
        assertThat(view.placement().running()).as("c's report is stale: c is not live").isEqualTo(Map.of("web", "a"));
        assertThat(view.backups()).isEqualTo(Map.of("web", "b"));
    }

    @Test
    void a_takeover_under_way_is_unsettled_until_the_backup_reports_the_app() {
        Map<String, Assignment> before = Map.of("web", on("a", "b", 2));
        Observation pending = new Observation(Set.of("b"), before, Map.of("b", running()));
        assertThat(pending.takeoverPending("web")).isTrue();
        assertThat(pending.unsettled()).containsExactly("web");

        Observation starting = new Observation(Set.of("b"), Map.of("web", on("b", null, 3)), Map.of("b", running()));
        assertThat(starting.unsettled()).containsExactly("web");

        Observation done = new Observation(Set.of("b"), Map.of("web", on("b", null, 3)), Map.of("b", running("web")));
        assertThat(done.unsettled()).isEmpty();
        assertThat(done.view().placement().running()).isEqualTo(Map.of("web", "b"));
    }

    @Test
    void an_app_without_a_live_backup_on_a_lost_server_is_simply_stopped() {
        Observation o = new Observation(Set.of("c"), Map.of("web", on("a", "b", 2)), Map.of("c", running()));
        assertThat(o.takeoverPending("web")).isFalse();
        assertThat(o.unsettled()).isEmpty();
        assertThat(o.view().placement().running()).isEmpty();
    }

    @Test
    void a_node_without_an_agent_is_not_waited_for() {
        Observation o = new Observation(Set.of("a", "d"), Map.of("web", on("d", null, 2)), Map.of("a", running()));
        assertThat(o.unsettled()).isEmpty();
    }
}
