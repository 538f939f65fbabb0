package io.baton.api.model;

import java.util.Objects;

/**
 * A row of the server state table.
 *
 * @param name       the server
 * @param state      its membership state
 * @param change     the change last detected for it
 * @param processing true while the controller is handling that change
 */
public record ServerStatus(String name, ServerState state, ServerChange change, boolean processing) {
    public ServerStatus {
        Names.requireName(name, "server name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(change, "change");
    }

    /** A server that has not been up since the cluster formed. */
    public static ServerStatus down(String name) {
        return new ServerStatus(name, ServerState.DOWN, ServerChange.NONE, false);
    }

    /** A member with no pending change. */
    public static ServerStatus up(String name) {
        return new ServerStatus(name, ServerState.UP, ServerChange.NONE, false);
    }

    public boolean isUp() {
        return state == ServerState.UP;
    }

    public ServerStatus withProcessing(boolean value) {
        return value == processing ? this : new ServerStatus(name, state, change, value);
    }
}
