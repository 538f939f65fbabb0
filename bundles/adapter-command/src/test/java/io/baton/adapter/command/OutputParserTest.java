package io.baton.adapter.command;

import io.baton.api.testing.Configs;
import io.baton.api.model.Placement;
import io.baton.api.spi.ClusterManagerException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputParserTest {
    private final CommandConfig defaults = Configs.of(CommandConfig.class, Map.of());
    private final OutputParser parser = parser(defaults.statusPattern(), defaults.membersPattern());

    private static OutputParser parser(String status, String members) {
        return new OutputParser(OutputParser.compile("statusPattern", status, List.of("app", "node")),
                OutputParser.compile("membersPattern", members, List.of("node")));
    }

    @Test
    void default_patterns_read_app_node_pairs_and_one_member_per_line() throws ClusterManagerException {
        assertThat(parser.placement("AP1 a\n  AP2\tb  \nAP3 -\n\nsome header line here\nAP4\n"))
                .isEqualTo(new Placement(Map.of("AP1", "a", "AP2", "b")));
        assertThat(parser.members("a\n\n  b \nc\n")).containsExactly("a", "b", "c");
    }

    @Test
    void stopped_is_a_dash_an_empty_node_or_not_being_listed() throws ClusterManagerException {
        OutputParser tabs = parser("^(?<app>[^\\t]+)\\t(?<node>[^\\t]*)$", "(?<node>\\S+)");
        assertThat(tabs.placement("AP 1\t-\nAP 2\t\nAP 3\tc\n").running()).isEqualTo(Map.of("AP 3", "c"));
    }

    @Test
    void serviceguard_style_tables_are_read_with_fitting_patterns() throws ClusterManagerException {
        OutputParser sg = parser("^\\s*(?<app>\\S+)\\s+up\\s+running\\s+\\S+\\s+(?<node>\\S+)\\s*$",
                "^\\s*(?<node>\\S+)\\s+up\\s+running\\s*$");
        String packages = """
                PACKAGE        STATUS           STATE            AUTO_RUN         NODE
                pkg1           up               running          enabled          ftsys9
                pkg2           up               running          enabled          ftsys10
                pkg3           down             halted           disabled         unowned
                """;
        assertThat(sg.placement(packages).running()).isEqualTo(Map.of("pkg1", "ftsys9", "pkg2", "ftsys10"));
        String nodes = """
                NODE           STATUS       STATE
                ftsys9         up           running
                ftsys10        down         halted
                """;
        assertThat(sg.members(nodes)).containsExactly("ftsys9");
    }

    @Test
    void no_member_at_all_is_an_error_not_an_empty_cluster() {
        assertThatThrownBy(() -> parser.members("\n \n"))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("no line of the output (2 lines) matches membersPattern");
    }

    @Test
    void an_app_shown_on_two_nodes_is_an_error() {
        assertThatThrownBy(() -> parser.placement("AP1 a\nAP1 b\n"))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessage("reading the status failed: application AP1 is shown running on both a and b");
    }

    @Test
    void patterns_without_their_groups_or_invalid_are_rejected_naming_the_key() {
        assertThatThrownBy(() -> OutputParser.compile("statusPattern", "(?<app>\\S+) (\\S+)", List.of("app", "node")))
                .hasMessage("statusPattern: needs a named group (?<node>…), in: (?<app>\\S+) (\\S+)");
        assertThatThrownBy(() -> OutputParser.compile("membersPattern", "(?<node>[a-", List.of("node")))
                .hasMessageStartingWith("membersPattern: not a valid regular expression");
    }
}
