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

/**
 * Starts an app's command line as the user wrote it ({@code /bin/sh -c <command>}) in its own
 * session, with its working directory and extra environment, stdout and stderr appended to
 * {@code <logDirectory>/<app>.log} and stdin from /dev/null (never the Karaf console).
 */
final class Launcher {
    private Launcher() {
    }

    static Process launch(String app, LaunchSpec spec, Settings settings) throws StartFailure {
        Path dir = spec.workingDirectory().map(settings.baseDirectory()::resolve).orElse(settings.baseDirectory())
                .normalize();
        if (!Files.isDirectory(dir)) {
            throw new StartFailure("cannot start " + app + ": its working directory " + dir + " does not exist");
        }
        Path log = settings.logDirectory().resolve(app + ".log");
        try {
            Files.createDirectories(settings.logDirectory());
            Files.writeString(log, "--- " + Instant.now() + " baton starts " + app + ": " + spec.command() + " (in "
                    + dir + ")\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StartFailure("cannot start " + app + ": cannot write its log " + log + ": " + e);
        }
        List<String> command = new ArrayList<>(ProcessTree.sessionPrefix());
        command.addAll(List.of("/bin/sh", "-c", spec.command()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(spec.env());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new StartFailure("cannot start " + app + " (" + String.join(" ", command) + "): " + e.getMessage());
        }
    }
}
