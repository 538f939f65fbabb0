package io.baton.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC "Ready templates": how each template behaves through failures and recoveries. */
class TemplateBehaviourTest {

    @Test
    void hot_standby_with_one_app_fails_over_and_the_recovered_server_becomes_its_backup() throws Exception {
        var steps = Scenarios.run("""
                {'rules': {'cluster': 'p', 'servers': ['a', 'b'], 'model': 'hot-standby', 'apps': {'X': {}}},
                 'steps': [{'fail': 'a'}, {'join': 'a'}]}""");
        assertThat(Scenarios.apps(steps)).containsExactly("X@a>b", "X@b>-", "X@b>a");
    }

    @Test
    void hot_standby_with_two_apps_shares_the_load_and_a_recovered_server_takes_an_app_back() throws Exception {
        var steps = Scenarios.run("""
                {'rules': {'cluster': 'p', 'servers': ['a', 'b'], 'model': 'hot-standby', 'apps': {'X': {}, 'Y': {}}},
                 'steps': [{'fail': 'a'}, {'join': 'a'}]}""");
        assertThat(Scenarios.apps(steps)).containsExactly("X@a>b Y@b>a", "X@b>- Y@b>-", "X@a>b Y@b>a");
    }

    @Test
    void n_to_1_with_two_servers_down_stops_the_second_app_until_a_server_recovers() throws Exception {
        var steps = Scenarios.run("""
                {'rules': {'cluster': 'n1', 'servers': ['s1', 's2', 'spare'], 'model': 'n-to-1', 'apps': {'AP1': {}, 'AP2': {}}},
                 'steps': [{'fail': 's1'}, {'fail': 's2'}, {'join': 's1'}, {'join': 's2'}]}""");
        assertThat(Scenarios.apps(steps)).containsExactly(
                "AP1@s1>spare AP2@s2>spare",
                // the spare took AP1; no idle server is left, so nothing backs the others up
                "AP1@spare>- AP2@s2>-",
                // the second failure finds no backup: AP2 stops
                "AP1@spare>- AP2@-",
                // a recovered server restarts the stopped app
                "AP1@spare>- AP2@s1>-",
                // the next recovered server becomes the floating backup of every app
                "AP1@spare>s2 AP2@s1>s2");
    }

    @Test
    void n_to_m_takes_over_to_the_lighter_idle_spare() throws Exception {
        var steps = Scenarios.run("""
                {'rules': {'cluster': 'nm', 'servers': ['s1', 's2', 'x1', 'x2'], 'model': 'n-to-m', 'apps': {'AP1': {}, 'AP2': {}}},
                 'loads': {'x1': 30, 'x2': 10},
                 'steps': [{'fail': 's1'}, {'fail': 's2'}]}""");
        assertThat(Scenarios.apps(steps)).containsExactly(
                "AP1@s1>x2 AP2@s2>x2",
                "AP1@x2>x1 AP2@s2>x1",
                // the second takeover fills the last spare: no idle server is left to back either app up
                "AP1@x2>- AP2@x1>-");
    }

    @Test
    void spread_uses_every_server_and_a_recovered_server_takes_one_app() throws Exception {
        var steps = Scenarios.run("""
                {'rules': {'cluster': 's', 'servers': ['a', 'b', 'c'], 'model': 'spread',
                           'apps': {'AP1': {}, 'AP2': {}, 'AP3': {}, 'AP4': {}}},
                 'loads': {'a': 30, 'b': 20, 'c': 10},
                 'steps': [{'fail': 'b'}, {'join': 'b'}]}""");
        assertThat(Scenarios.apps(steps)).containsExactly(
                "AP1@a>c AP2@b>c AP3@c>b AP4@a>c",
                "AP1@a>c AP2@c>a AP3@c>a AP4@a>c",
                // a and c each run two apps; a has the higher load, so its first app moves to b
                "AP1@b>c AP2@c>b AP3@c>b AP4@a>c");
    }

    @Test
    void priority_fails_over_down_each_apps_list() throws Exception {
        var steps = Scenarios.run("""
                {'rules': {'cluster': 'p', 'servers': ['a', 'b', 'c'], 'model': 'priority',
                           'apps': {'db': {'servers': ['a', 'b', 'c']}, 'web': {'servers': ['b', 'c', 'a']}}},
                 'steps': [{'fail': 'a'}, {'fail': 'b'}, {'join': 'a'}]}""");
        assertThat(Scenarios.apps(steps)).containsExactly(
                "db@a>b web@b>c",
                "db@b>c web@b>c",
                "db@c>- web@c>-",
                "db@c>a web@c>a");
    }
}
