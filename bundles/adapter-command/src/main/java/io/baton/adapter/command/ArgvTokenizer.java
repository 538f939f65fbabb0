package io.baton.adapter.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a configured command line into arguments the way a POSIX shell splits words, and nothing
 * more: blanks separate arguments; '…' is literal; in "…" a backslash escapes only " \ $ `; outside
 * quotes a backslash escapes any character. No variables, globs, pipes or redirections: those
 * characters are ordinary ones here (a line that needs them runs {@code sh -c} itself).
 */
final class ArgvTokenizer {
    private ArgvTokenizer() {
    }

    static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArgument = false; // so that '' gives an empty argument
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inArgument) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote at column " + (i + 1));
                }
                current.append(line, i + 1, end);
                inArgument = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(line, i, current);
                inArgument = true;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("the line ends with a backslash");
                }
                current.append(line.charAt(i + 1));
                inArgument = true;
                i += 2;
            } else {
                current.append(c);
                inArgument = true;
                i++;
            }
        }
        if (inArgument) {
            args.add(current.toString());
        }
        return args;
    }

    /** Appends the "…" section starting at {@code open}; returns the index after its closing quote. */
    private static int doubleQuoted(String line, int open, StringBuilder out) {
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                out.append(line.charAt(i + 1));
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated double quote at column " + (open + 1));
    }
}
