package io.baton.api.model;

import java.util.Locale;

/** A server's membership state in the server state table. */
public enum ServerState {
    /** A member, able to run applications. */
    UP,
    /** Left the cluster without being asked to. */
    FAILED,
    /** Taken out of the cluster by an operator. */
    DETACHED,
    /** Has not been up since the cluster formed. */
    DOWN;

    /** The lower-case name used in JSON and on the shell. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
