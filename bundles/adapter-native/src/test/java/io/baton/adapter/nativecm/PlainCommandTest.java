package io.baton.adapter.nativecm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which command lines may skip the shell: words only, and a first word that is no shell builtin or keyword. */
class PlainCommandTest {
    @Test
    void words_a_program_takes_as_they_are_skip_the_shell() {
        assertThat(PlainCommand.words("  bash /opt/app/run.sh a3 --port=8080 user@host:1,2 50% +x  "))
                .contains(List.of("bash", "/opt/app/run.sh", "a3", "--port=8080", "user@host:1,2", "50%", "+x"));
        assertThat(PlainCommand.words("./server")).contains(List.of("./server"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "echo $HOME", "run; cleanup", "a && b", "a | b", "run > out", "run < in", "run &", "sleep 1 # why",
            "'quoted' arg", "\"quoted\" arg", "back\\slash", "ls *.log", "ls file?", "ls [ab]", "cd ~", "a\tb",
            "two\nlines", "(subshell)", "{ group; }", "echo `date`", "!negated",
            "FOO=1 run", "cd /tmp", "exit 3", "exec run", "export X=1", "true", "kill 1", "echo hi", "ulimit -n 1",
            "if", "while", "  ", ""})
    void anything_the_shell_would_interpret_goes_to_the_shell(String line) {
        assertThat(PlainCommand.words(line)).as(line).isEmpty();
    }
}
