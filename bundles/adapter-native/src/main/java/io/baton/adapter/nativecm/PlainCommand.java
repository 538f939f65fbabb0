package io.baton.adapter.nativecm;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether an app's command line is a plain command — words the shell would pass on unchanged to one program
 * found on the PATH — which can then be exec'd without a shell in between: {@code /bin/sh -c} (dash) forks
 * even the last command of its line, one more process start on a takeover's path. As GNU make does for its
 * recipes: any character the shell would interpret, or a first word that names a shell builtin or reserved word
 * (which exec would not find, or would find as a different program), leaves the line to the shell.
 */
final class PlainCommand {
    /** Only these characters: no quoting, expansion, globbing, redirection, comment or command separator. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+,=-]+( +[A-Za-z0-9_./:@%+,=-]+)*");
    private static final Set<String> SHELL_WORDS = Set.of(
            // POSIX reserved words
            "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then", "until", "while",
            // dash's builtins (some also exist as programs, but the shell would run its own)
            "alias", "bg", "break", "cd", "command", "continue", "echo", "eval", "exec", "exit", "export", "false",
            "fc", "fg", "getopts", "hash", "jobs", "kill", "local", "printf", "pwd", "read", "readonly", "return",
            "set", "shift", "test", "times", "trap", "true", "type", "ulimit", "umask", "unalias", "unset", "wait");

    private PlainCommand() {
    }

    /** The words of {@code commandLine} if it is a plain command, else empty (run it with {@code sh -c}). */
    static Optional<List<String>> words(String commandLine) {
        String line = commandLine.strip();
        if (!PLAIN.matcher(line).matches()) {
            return Optional.empty();
        }
        List<String> words = List.of(line.split(" +"));
        String program = words.get(0);
        if (program.contains("=") || SHELL_WORDS.contains(program)) {
            return Optional.empty(); // a variable assignment, or the shell's own
        }
        return Optional.of(words);
    }
}
