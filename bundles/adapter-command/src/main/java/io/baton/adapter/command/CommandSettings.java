package io.baton.adapter.command;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The adapter's configuration, checked once: every problem names its key.
 *
 * @param members      prints the member nodes
 * @param status       prints where each application runs
 * @param start        {app} {node}
 * @param stop         {app} {node}
 * @param move         {app} {from} {to}; empty: stop, then start
 * @param setBackup    {app} {backup}; empty: backups are only recorded
 * @param timeout      per command
 * @param pollInterval between two polls of the view
 * @param parser       the output patterns
 */
record CommandSettings(CommandTemplate members, CommandTemplate status, CommandTemplate start, CommandTemplate stop,
                       Optional<CommandTemplate> move, Optional<CommandTemplate> setBackup, Duration timeout,
                       Duration pollInterval, OutputParser parser) {
    CommandSettings {
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(move, "move");
        Objects.requireNonNull(setBackup, "setBackup");
        Objects.requireNonNull(parser, "parser");
        positive(timeout, "timeout");
        positive(pollInterval, "pollInterval");
    }

    /** @throws IllegalArgumentException naming the PID and key of the first problem */
    static CommandSettings from(CommandConfig config) {
        try {
            return new CommandSettings(
                    required("membersCommand", config.membersCommand(), Set.of()),
                    required("statusCommand", config.statusCommand(), Set.of()),
                    required("startCommand", config.startCommand(), Set.of("app", "node")),
                    required("stopCommand", config.stopCommand(), Set.of("app", "node")),
                    optional("moveCommand", config.moveCommand(), Set.of("app", "from", "to")),
                    optional("setBackupCommand", config.setBackupCommand(), Set.of("app", "backup")),
                    seconds("timeoutSeconds", config.timeoutSeconds()),
                    seconds("pollIntervalSeconds", config.pollIntervalSeconds()),
                    new OutputParser(
                            OutputParser.compile("statusPattern", config.statusPattern(), List.of("app", "node")),
                            OutputParser.compile("membersPattern", config.membersPattern(), List.of("node"))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CommandConfig.PID + ": " + e.getMessage(), e);
        }
    }

    private static CommandTemplate required(String key, String line, Set<String> placeholders) {
        return optional(key, line, placeholders)
                .orElseThrow(() -> new IllegalArgumentException(key + " is required"));
    }

    private static Optional<CommandTemplate> optional(String key, String line, Set<String> placeholders) {
        return line == null || line.isBlank() ? Optional.empty()
                : Optional.of(CommandTemplate.parse(key, line, placeholders));
    }

    private static Duration seconds(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, was " + value);
        }
        return Duration.ofSeconds(value);
    }

    private static void positive(Duration value, String what) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
    }
}
