package io.baton.adapter.nativecm;

import io.baton.api.model.LaunchSpec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts an app's command line as the user wrote it ({@code /bin/sh -c <command>}) in its own
 * session, with its working directory and extra environment, stdout and stderr appended to
 * {@code <logDirectory>/<app>.log} and stdin from /dev/null (never the Karaf console).
 */
final class Launcher {
    private static final Path NOWHERE = Path.of("/dev/null");

    private Launcher() {
    }

    static Process launch(String app, LaunchSpec spec, Settings settings) throws StartFailure {
        Path dir = spec.workingDirectory().map(settings.baseDirectory()::resolve).orElse(settings.baseDirectory())
                .normalize();
        if (!Files.isDirectory(dir)) {
            throw new StartFailure("cannot start " + app + ": its working directory " + dir + " does not exist");
        }
        return launch(app, spec.command(), dir, spec.env(), settings.logDirectory().resolve(app + ".log"));
    }

    /**
     * Starts {@code true} exactly as an app is started, its output to /dev/null: a node's first takeover is often
     * its first start of a process, and the code of this path is then loaded and run for the first time at the
     * one moment when milliseconds count. Returns the process, or throws as a start would.
     */
    static Process warmUp(Settings settings) throws StartFailure {
        return launch("the launcher's warm-up", "true", settings.baseDirectory(), Map.of(), NOWHERE);
    }

    private static Process launch(String app, String commandLine, Path dir, Map<String, String> env, Path log)
            throws StartFailure {
        try {
            if (!log.equals(NOWHERE)) {
                Files.createDirectories(log.getParent());
            }
            Files.writeString(log, "--- " + Instant.now() + " baton starts " + app + ": " + commandLine + " (in "
                    + dir + ")\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StartFailure("cannot start " + app + ": cannot write its log " + log + ": " + e);
        }
        List<String> command = new ArrayList<>(ProcessTree.sessionPrefix());
        command.addAll(List.of("/bin/sh", "-c", commandLine));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new StartFailure("cannot start " + app + " (" + String.join(" ", command) + "): " + e.getMessage());
        }
    }
}
