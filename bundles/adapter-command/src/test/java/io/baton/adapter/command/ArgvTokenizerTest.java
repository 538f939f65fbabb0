package io.baton.adapter.command;

import org.junit.jupiter.api.Test;

import static io.baton.adapter.command.ArgvTokenizer.split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgvTokenizerTest {

    @Test
    void blanks_separate_arguments() {
        assertThat(split("  cmrunpkg\t-n  node1 pkg1 ")).containsExactly("cmrunpkg", "-n", "node1", "pkg1");
        assertThat(split("")).isEmpty();
    }

    @Test
    void single_quotes_are_literal() {
        assertThat(split("echo 'a  b' 'it\"s' '$HOME' '\\n'")).containsExactly("echo", "a  b", "it\"s", "$HOME", "\\n");
    }

    @Test
    void double_quotes_escape_only_quote_backslash_dollar_and_backtick() {
        assertThat(split("echo \"a 'b' \\\"c\\\" \\\\ \\$x \\n\""))
                .containsExactly("echo", "a 'b' \"c\" \\ $x \\n");
    }

    @Test
    void a_backslash_outside_quotes_escapes_the_next_character() {
        assertThat(split("echo a\\ b \\'c")).containsExactly("echo", "a b", "'c");
    }

    @Test
    void adjacent_parts_form_one_argument_and_empty_quotes_an_empty_one() {
        assertThat(split("x'a b'\"c d\"e '' \"\"")).containsExactly("xa bc de", "", "");
        assertThat(split("cmd -n ''")).containsExactly("cmd", "-n", "");
    }

    @Test
    void shell_operators_are_plain_characters() {
        assertThat(split("cmviewcl | grep up; rm -rf / > x $(id) `id` && *"))
                .containsExactly("cmviewcl", "|", "grep", "up;", "rm", "-rf", "/", ">", "x", "$(id)", "`id`", "&&", "*");
    }

    @Test
    void bad_quoting_is_rejected_with_its_column() {
        assertThatThrownBy(() -> split("echo 'abc")).hasMessage("unterminated single quote at column 6");
        assertThatThrownBy(() -> split("echo x \"abc")).hasMessage("unterminated double quote at column 8");
        assertThatThrownBy(() -> split("echo \\")).hasMessage("the line ends with a backslash");
    }
}
