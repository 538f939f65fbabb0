package io.baton.adapter.command;

import io.baton.api.testing.Configs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code fakecm} script (test resources) with its state directory, and settings that drive it. */
final class FakeCm {
    // tab-separated, so that application names may hold blanks and quotes
    static final String STATUS_PATTERN = "^(?<app>[^\\t]+)\\t(?<node>[^\\t]*)$";

    final Path state;
    private final String prefix;

    FakeCm(Path state) {
        this.state = state;
        try {
            Path script = Path.of(FakeCm.class.getResource("/fakecm").toURI());
            // run through bash: the copied resource need not keep its executable bit
            this.prefix = "bash " + quote(script.toString()) + " " + quote(state.toString()) + " ";
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Settings for the fake: no move command (stop, start) and a backup command unless told otherwise. */
    CommandSettings settings(Duration timeout, Duration pollInterval, Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of(
                "membersCommand", prefix + "members",
                "statusCommand", prefix + "status",
                "startCommand", prefix + "run {app} {node}",
                "stopCommand", prefix + "halt {app} {node}",
                "setBackupCommand", prefix + "backup {app} {backup}",
                "statusPattern", STATUS_PATTERN));
        values.putAll(overrides);
        CommandSettings s = CommandSettings.from(Configs.of(CommandConfig.class, values));
        return new CommandSettings(s.members(), s.status(), s.start(), s.stop(), s.move(), s.setBackup(), timeout,
                pollInterval, s.parser());
    }

    String command(String subcommand) {
        return prefix + subcommand;
    }

    void members(String... nodes) {
        write("members", String.join("\n", nodes) + "\n");
    }

    /** app, node pairs; node "-" for stopped. */
    void placement(String... appNodePairs) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < appNodePairs.length; i += 2) {
            text.append(appNodePairs[i]).append('\t').append(appNodePairs[i + 1]).append('\n');
        }
        write("placement", text.toString());
    }

    void fail(String message) {
        write("fail", message);
    }

    void hang() {
        write("hang", "");
    }

    void heal() {
        try {
            Files.deleteIfExists(state.resolve("fail"));
            Files.deleteIfExists(state.resolve("hang"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The changing calls made so far, each as [arg][arg]…. */
    List<String> calls() {
        return lines("calls");
    }

    int reads() {
        return lines("reads").size();
    }

    Map<String, String> backups() {
        Map<String, String> backups = new HashMap<>();
        lines("backups").forEach(l -> backups.put(l.substring(0, l.indexOf('\t')), l.substring(l.indexOf('\t') + 1)));
        return backups;
    }

    Optional<Long> hangingChild() {
        List<String> pid = lines("hang.pid");
        return pid.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(pid.get(0).strip()));
    }

    private List<String> lines(String file) {
        try {
            Path path = state.resolve(file);
            return Files.exists(path) ? Files.readAllLines(path) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces a file at once, as a cluster manager's own state changes, so a poll never reads half of it. */
    private void write(String file, String text) {
        try {
            Path tmp = Files.createTempFile(state, ".write", "");
            Files.writeString(tmp, text);
            Files.move(tmp, state.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
