package io.baton.rules;

import com.google.gson.Gson;
import io.baton.api.model.AppRule;
import io.baton.api.model.BackupRule;
import io.baton.api.model.Rules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What each ready template expands to; their behaviour is tested through the simulator. */
class TemplateTest {

    private static Rules withModel(String model, String servers, String apps) throws RuleFileException {
        return RuleFiles.parse("t.json", "{\"cluster\": \"t\", \"servers\": " + servers + ", \"model\": \"" + model
                + "\", \"apps\": " + apps + "}");
    }

    @Test
    void hot_standby_with_one_app_runs_it_on_the_first_server_and_moves_it_back_automatically() throws Exception {
        Rules rules = withModel("hot-standby", "[\"a\", \"b\"]", "{\"X\": {}}");
        assertThat(rules.apps()).containsExactly(new AppRule("X", Optional.of("a"), BackupRule.AUTO, false, true,
                List.of("a", "b"), Optional.empty()));
        assertThat(rules.model()).contains("hot-standby");
    }

    @Test
    void hot_standby_with_two_apps_shares_the_load() throws Exception {
        Rules rules = withModel("hot-standby", "[\"a\", \"b\"]", "{\"X\": {}, \"Y\": {}}");
        assertThat(rules.apps()).extracting(AppRule::primary).containsExactly(Optional.of("a"), Optional.of("b"));
        assertThat(rules.apps()).allMatch(AppRule::autoMove);
    }

    @Test
    void n_to_1_and_n_to_m_put_app_i_on_server_i_backed_up_by_idle_spares() throws Exception {
        for (String model : List.of("n-to-1", "n-to-m")) {
            Rules rules = withModel(model, "[\"a\", \"b\", \"spare\"]", "{\"X\": {}, \"Y\": {}}");
            assertThat(rules.apps()).extracting(AppRule::primary).containsExactly(Optional.of("a"), Optional.of("b"));
            assertThat(rules.apps()).extracting(AppRule::backup).containsOnly(BackupRule.IDLE);
        }
        assertThat(withModel("n-to-m", "[\"a\", \"s1\", \"s2\"]", "{\"X\": {}}").apps()).singleElement()
                .satisfies(a -> assertThat(a.primary()).contains("a"));
    }

    @Test
    void spread_leaves_placement_to_the_emptiest_server_and_moves_apps_to_recovered_servers() throws Exception {
        Rules rules = withModel("spread", "[\"a\", \"b\"]", "{\"X\": {}, \"Y\": {}, \"Z\": {}}");
        assertThat(rules.apps()).allSatisfy(a -> {
            assertThat(a.primary()).isEmpty();
            assertThat(a.backup()).isEqualTo(BackupRule.AUTO);
            assertThat(a.autoMove()).isTrue();
        });
    }

    @Test
    void priority_turns_each_apps_server_list_into_primary_and_ordered_backups() throws Exception {
        Rules rules = withModel("priority", "[\"a\", \"b\", \"c\"]",
                "{\"X\": {\"servers\": [\"b\", \"c\", \"a\"]}, \"Y\": {\"servers\": [\"c\"]}}");
        assertThat(rules.apps().get(0)).isEqualTo(new AppRule("X", Optional.of("b"), BackupRule.named(List.of("c", "a")),
                false, false, List.of("b", "c", "a"), Optional.empty()));
        assertThat(rules.apps().get(1).backup()).isEqualTo(BackupRule.NONE);
    }

    @Test
    void fields_set_on_an_app_win_over_the_template() throws Exception {
        Rules rules = withModel("n-to-1", "[\"a\", \"b\", \"spare\"]", "{\"X\": {\"backup\": \"none\", \"fixed\": true}, \"Y\": {}}");
        assertThat(rules.apps().get(0).backup()).isEqualTo(BackupRule.NONE);
        assertThat(rules.apps().get(0).fixed()).isTrue();
        assertThat(rules.apps().get(1).backup()).isEqualTo(BackupRule.IDLE);
    }

    @ParameterizedTest
    @EnumSource(Template.class)
    void each_templates_example_rule_file_is_valid(Template template) throws Exception {
        List<String> servers = template == Template.HOT_STANDBY ? List.of("a", "b") : List.of("a", "b", "c", "d");
        List<String> apps = template == Template.HOT_STANDBY ? List.of("X", "Y") : List.of("X", "Y", "Z");
        String text = new Gson().toJson(template.exampleRuleFile("demo", servers, apps));
        Rules rules = RuleFiles.parse("example.json", text);
        assertThat(rules.model()).contains(template.id());
        assertThat(rules.apps()).hasSize(apps.size());
    }
}
