package io.baton.rules;

import io.baton.api.model.AppRule;
import io.baton.api.model.BackupRule;
import io.baton.api.model.LaunchSpec;
import io.baton.api.model.Rules;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading valid rule files into the rule table. */
class RuleFilesTest {

    static final Path EXAMPLES = Path.of(System.getProperty("baton.examples", "../../config/examples"));

    static Rules example(String name) throws IOException, RuleFileException {
        return RuleFiles.parse(name, Files.readString(EXAMPLES.resolve(name)));
    }

    @Test
    void the_spec_rule_file_reads_into_defaults_and_one_configuration() throws Exception {
        Rules rules = example("five-servers.json");
        assertThat(rules.cluster()).isEqualTo("demo");
        assertThat(rules.servers()).containsExactly("a", "b", "c", "d", "e");
        assertThat(rules.apps()).extracting(AppRule::name).containsExactly("AP1", "AP2", "AP3");
        assertThat(rules.apps().get(0)).isEqualTo(new AppRule("AP1", Optional.empty(), BackupRule.AUTO, false, false,
                rules.servers(), Optional.of(new LaunchSpec("bin/ap1.sh", Optional.empty(), Map.of()))));
        assertThat(rules.configurations()).singleElement().satisfies(c -> assertThat(c.servers()).isEqualTo(Set.of("a", "b", "c", "d", "e")));
        AppRule ap1 = rules.effectiveRule("AP1", Set.of("a", "b", "c", "d", "e"));
        assertThat(ap1.primary()).contains("a");
        assertThat(ap1.backup()).isEqualTo(BackupRule.named("d"));
        assertThat(ap1.fixed()).isTrue();
        assertThat(rules.effectiveRule("AP1", Set.of("b", "c", "d", "e")).fixed()).isFalse();
    }

    @Test
    void every_shipped_example_is_valid() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> rulesFiles = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertThat(rulesFiles).hasSizeGreaterThanOrEqualTo(6);
            for (Path p : rulesFiles) {
                try {
                    RuleFiles.parse(p.getFileName().toString(), Files.readString(p));
                } catch (RuleFileException e) {
                    throw new AssertionError(e.getMessage(), e);
                }
            }
        }
    }

    @Test
    void backup_keywords_names_and_failover_lists_are_read() throws Exception {
        String text = """
                {"cluster": "c", "servers": ["a", "b", "c"], "loadHysteresis": 2.5,
                 "apps": {"A": {"backup": "idle"}, "B": {"backup": "none"}, "C": {"backup": "c", "primary": "a"},
                          "D": {"backup": ["c", "b"], "servers": ["a", "b", "c"], "autoMove": true},
                          "E": {"command": "run.sh", "workingDirectory": "/opt/e", "env": {"X": "1"}}}}""";
        Rules rules = RuleFiles.parse("t.json", text);
        assertThat(rules.loadHysteresis()).isEqualTo(2.5);
        assertThat(rules.apps()).extracting(AppRule::backup).containsExactly(BackupRule.IDLE, BackupRule.NONE,
                BackupRule.named("c"), BackupRule.named(List.of("c", "b")), BackupRule.AUTO);
        assertThat(rules.apps().get(3).autoMove()).isTrue();
        assertThat(rules.apps().get(4).launch()).contains(new LaunchSpec("run.sh", Optional.of("/opt/e"), Map.of("X", "1")));
    }
}
