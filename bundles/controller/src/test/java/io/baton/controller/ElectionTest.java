package io.baton.controller;

import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;
import io.baton.api.model.ServerChange;
import io.baton.api.model.ServerState;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.ControllerLease;
import io.baton.rules.RuleFiles;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ElectionTest {
    static final Rules RULES;

    static {
        try {
            RULES = RuleFiles.parse("r", "{\"cluster\": \"t\", \"servers\": [\"a\", \"b\", \"c\"], \"apps\": {}}");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static ClusterState servers(ServerStatus... rows) {
        Map<String, ServerStatus> map = new LinkedHashMap<>();
        for (ServerStatus row : rows) {
            map.put(row.name(), row);
        }
        return new ClusterState(map, Map.of(), Map.<String, AppStatus>of());
    }

    @Test
    void the_first_connected_server_in_priority_order_leads() {
        assertThat(Election.leader(RULES, Set.of("b", "c"), ClusterState.EMPTY)).contains("b");
        assertThat(Election.leader(RULES, Set.of(), ClusterState.EMPTY)).isEmpty();
    }

    @Test
    void a_detached_server_or_one_whose_change_is_under_way_does_not_lead() {
        ClusterState tables = servers(new ServerStatus("a", ServerState.DETACHED, ServerChange.DETACHED, false),
                new ServerStatus("b", ServerState.UP, ServerChange.JOINED, true), ServerStatus.up("c"));
        assertThat(Election.leader(RULES, Set.of("a", "b", "c"), tables)).contains("c");
    }

    @Test
    void when_every_connected_server_is_detached_the_first_still_leads_so_that_attach_is_answered() {
        ClusterState tables = servers(new ServerStatus("a", ServerState.DETACHED, ServerChange.DETACHED, false),
                new ServerStatus("b", ServerState.DETACHED, ServerChange.DETACHED, false));
        assertThat(Election.leader(RULES, Set.of("a", "b"), tables)).contains("a");
    }

    @Test
    void a_higher_term_or_a_tie_from_a_higher_priority_server_supersedes() {
        assertThat(Election.supersedes(new ControllerLease("c", 5), "b", 4, RULES)).isTrue();
        assertThat(Election.supersedes(new ControllerLease("a", 4), "b", 4, RULES)).isTrue();
        assertThat(Election.supersedes(new ControllerLease("c", 4), "b", 4, RULES)).isFalse();
        assertThat(Election.supersedes(new ControllerLease("b", 9), "b", 4, RULES)).isFalse();
    }
}
