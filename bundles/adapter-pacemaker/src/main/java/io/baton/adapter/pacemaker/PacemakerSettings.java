package io.baton.adapter.pacemaker;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checked configuration. A bad value is an {@link IllegalArgumentException} naming the attribute, so
 * that SCR reports it when the configuration is made.
 */
record PacemakerSettings(Duration pollInterval, Duration commandTimeout, Duration settleTimeout,
                         Scores scores, NameMapping names, Optional<String> toolDirectory,
                         Map<String, String> environment, List<String> commandPrefix) {

    static PacemakerSettings from(PacemakerConfig c) {
        if (c.pollIntervalMillis() < 50) {
            throw new IllegalArgumentException("pollIntervalMillis must be at least 50, not " + c.pollIntervalMillis());
        }
        if (c.commandTimeoutMillis() < 100) {
            throw new IllegalArgumentException("commandTimeoutMillis must be at least 100, not "
                    + c.commandTimeoutMillis());
        }
        if (c.settleTimeoutMillis() < 0) {
            throw new IllegalArgumentException("settleTimeoutMillis must not be negative");
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (c.cibFile() != null && !c.cibFile().isBlank()) {
            env.put("CIB_file", c.cibFile().strip());
        }
        for (String entry : c.environment() == null ? new String[0] : c.environment()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("environment entry '" + entry + "' is not NAME=VALUE");
            }
            env.put(entry.substring(0, eq).strip(), entry.substring(eq + 1));
        }
        String prefix = c.commandPrefix() == null ? "" : c.commandPrefix().strip();
        List<String> words = prefix.isEmpty() ? List.of() : Arrays.asList(prefix.split("\\s+"));
        String tools = c.toolDirectory() == null ? "" : c.toolDirectory().strip();
        return new PacemakerSettings(Duration.ofMillis(c.pollIntervalMillis()),
                Duration.ofMillis(c.commandTimeoutMillis()), Duration.ofMillis(c.settleTimeoutMillis()),
                new Scores(c.runScore(), c.backupScore(), c.stickiness(), c.exclusive()),
                new NameMapping(c.resourcePrefix() == null ? "" : c.resourcePrefix().strip()),
                tools.isEmpty() ? Optional.empty() : Optional.of(tools), Map.copyOf(env), List.copyOf(words));
    }

    /** The path of one of Pacemaker's tools. */
    String tool(String name) {
        return toolDirectory.map(dir -> dir.endsWith("/") ? dir + name : dir + "/" + name).orElse(name);
    }

    /**
     * Scores of Baton's location rules.
     *
     * @param run        on the running server
     * @param backup     on the backup server
     * @param stickiness resource-stickiness set on each resource Baton places
     * @param exclusive  whether every other node gets -INFINITY
     */
    record Scores(int run, int backup, int stickiness, boolean exclusive) {
        Scores {
            if (backup <= 0) {
                throw new IllegalArgumentException("backupScore must be positive, not " + backup);
            }
            if (run <= backup) {
                throw new IllegalArgumentException("runScore (" + run + ") must be higher than backupScore ("
                        + backup + ")");
            }
            if (stickiness < 0) {
                throw new IllegalArgumentException("stickiness must not be negative, not " + stickiness);
            }
        }
    }
}
