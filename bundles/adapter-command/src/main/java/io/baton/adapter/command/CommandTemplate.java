package io.baton.adapter.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One configured command: its arguments with placeholders such as {@code {app}}, replaced per
 * argument, so a value with blanks or quotes stays exactly one argument and is never parsed again.
 *
 * @param key  the configuration key it came from, for messages
 * @param args the arguments before substitution
 */
record CommandTemplate(String key, List<String> args) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ksh", "zsh", "ash", "mksh");

    CommandTemplate {
        args = List.copyOf(args);
    }

    /**
     * Parses a configured line.
     *
     * @param allowed the placeholders this command may use
     * @throws IllegalArgumentException naming the key: bad quoting, no program, an unknown
     *                                  placeholder, or a placeholder inside a {@code sh -c} script
     */
    static CommandTemplate parse(String key, String line, Set<String> allowed) {
        List<String> args;
        try {
            args = ArgvTokenizer.split(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage() + " in: " + line, e);
        }
        if (args.isEmpty() || args.get(0).isBlank()) {
            throw new IllegalArgumentException(key + ": no program given");
        }
        for (String arg : args) {
            Matcher m = PLACEHOLDER.matcher(arg);
            while (m.find()) {
                if (!allowed.contains(m.group(1))) {
                    throw new IllegalArgumentException(key + ": unknown placeholder {" + m.group(1) + "}; "
                            + (allowed.isEmpty() ? "this command takes none" : "it may use "
                            + new TreeSet<>(allowed).stream().map(p -> "{" + p + "}").collect(Collectors.joining(" ")))
                            + " in: " + line);
                }
            }
        }
        shellScript(args).filter(script -> PLACEHOLDER.matcher(script).find()).ifPresent(script -> {
            throw new IllegalArgumentException(key + ": a placeholder inside the sh -c script would be parsed "
                    + "by the shell (an application name could run commands); pass it as an argument and use "
                    + "\"$1\": sh -c 'cmd \"$1\"' sh {app}");
        });
        return new CommandTemplate(key, args);
    }

    /** The arguments with each placeholder replaced by its value (once: a value is not scanned again). */
    List<String> argv(Map<String, String> values) {
        List<String> argv = new ArrayList<>(args.size());
        for (String arg : args) {
            Matcher m = PLACEHOLDER.matcher(arg);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalStateException(key + ": no value for {" + m.group(1) + "}");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            argv.add(out.toString());
        }
        return argv;
    }

    /** The script of a {@code [env [VAR=x…]] sh [-opts]c script …} line. */
    private static Optional<String> shellScript(List<String> args) {
        int i = 0;
        if (baseName(args.get(0)).equals("env")) {
            i++;
            while (i < args.size() && args.get(i).contains("=")) {
                i++;
            }
        }
        if (i >= args.size() || !SHELLS.contains(baseName(args.get(i)))) {
            return Optional.empty();
        }
        boolean dashC = false;
        for (i++; i < args.size() && args.get(i).startsWith("-") && !args.get(i).equals("--"); i++) {
            dashC |= !args.get(i).startsWith("--") && args.get(i).indexOf('c') > 0;
        }
        return dashC && i < args.size() ? Optional.of(args.get(i)) : Optional.empty();
    }

    private static String baseName(String program) {
        return program.substring(program.lastIndexOf('/') + 1);
    }
}
