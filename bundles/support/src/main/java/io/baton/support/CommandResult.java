package io.baton.support;

import java.util.stream.Collectors;

/**
 * How a command ended.
 *
 * @param command  the command line as shown in messages (arguments quoted as a shell would need them)
 * @param exitCode its exit code
 * @param stdout   its standard output
 * @param stderr   its standard error
 */
public record CommandResult(String command, int exitCode, String stdout, String stderr) {
    private static final int ERROR_LINES = 5;

    public boolean ok() {
        return exitCode == 0;
    }

    /** The first non-blank lines of a text, joined with " / " (empty if there are none). */
    public static String firstLines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(ERROR_LINES)
                .collect(Collectors.joining(" / "));
    }

    /** What to show of a failed command: the first lines of stderr, else of stdout, else "(no output)". */
    public String excerpt() {
        String errors = firstLines(stderr);
        if (!errors.isEmpty()) {
            return errors;
        }
        String out = firstLines(stdout);
        return out.isEmpty() ? "(no output)" : "(no stderr) stdout: " + out;
    }
}
