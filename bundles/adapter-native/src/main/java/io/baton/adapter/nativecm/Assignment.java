package io.baton.adapter.nativecm;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an application should run and who takes it over: the value of {@code assign.<app>}.
 * The epoch grows with every write, so a node can tell its own pending write from an older value.
 */
record Assignment(Optional<String> server, Optional<String> backup, long epoch) {
    Assignment {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(backup, "backup");
    }

    boolean isOn(String node) {
        return server.filter(node::equals).isPresent();
    }

    boolean backsUp(String node) {
        return backup.filter(node::equals).isPresent();
    }

    @Override
    public String toString() {
        return "{server " + server.orElse("none") + ", backup " + backup.orElse("none") + ", epoch " + epoch + "}";
    }
}
