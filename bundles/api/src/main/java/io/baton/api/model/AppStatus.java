package io.baton.api.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A row of the application table.
 *
 * @param name       the application
 * @param running    the server running it; empty while it is stopped
 * @param backup     the server that takes it over if {@code running} fails; empty for none
 * @param processing true while an instruction to the cluster manager about it is under way; the
 *                   other fields then hold the intended values
 */
public record AppStatus(String name, Optional<String> running, Optional<String> backup, boolean processing) {
    public AppStatus {
        Names.requireName(name, "app name");
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(backup, "backup");
        if (running.isEmpty() && backup.isPresent()) {
            throw new IllegalArgumentException("stopped app " + name + " cannot have a backup");
        }
        if (running.isPresent() && running.equals(backup)) {
            throw new IllegalArgumentException("app " + name + " cannot back itself up on " + running.get());
        }
    }

    public static AppStatus stopped(String name) {
        return new AppStatus(name, Optional.empty(), Optional.empty(), false);
    }

    public static AppStatus of(String name, String running, String backupOrNull) {
        return new AppStatus(name, Optional.of(running), Optional.ofNullable(backupOrNull), false);
    }

    public boolean isRunning() {
        return running.isPresent();
    }

    public AppStatus withProcessing(boolean value) {
        return value == processing ? this : new AppStatus(name, running, backup, value);
    }
}
