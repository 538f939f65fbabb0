package io.baton.api.model;

import java.util.Locale;

/** The change the state monitor last detected for a server, by comparing with its previous view. */
public enum ServerChange {
    NONE, FAILED, DETACHED, JOINED;

    /** The lower-case name used in JSON and on the shell. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
