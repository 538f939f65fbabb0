package io.baton.store.mqtt;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One connection's presence probe. A node that connects publishes a sync marker with a fresh nonce; every live node
 * answers by re-publishing its presence with that nonce. A node the retained state shows online that does not answer
 * in time is gone: its broker kept a stale "online" (Moquette 0.17 does not let a retained Will replace it).
 * Store thread only.
 */
final class PresenceProbe {
    private String nonce;
    private final Set<String> answered = new HashSet<>();
    private final Set<String> awaited = new TreeSet<>();

    /** A new probe; returns its nonce. */
    String start() {
        nonce = UUID.randomUUID().toString();
        answered.clear();
        awaited.clear();
        return nonce;
    }

    boolean isOwnMarker(String markerNonce) {
        return markerNonce.equals(nonce);
    }

    /**
     * A node's presence answered this probe.
     *
     * @return true when it was the last node awaited
     */
    boolean answer(String node, String probe) {
        if (nonce == null || !nonce.equals(probe)) {
            return false;
        }
        answered.add(node);
        return awaited.remove(node) && awaited.isEmpty();
    }

    /** Starts waiting for the given nodes (those shown online), except those that answered already. */
    boolean await(Collection<String> online) {
        awaited.addAll(online);
        awaited.removeAll(answered);
        return !awaited.isEmpty();
    }

    /** The nodes still awaited, which stop being awaited. */
    Set<String> unanswered() {
        Set<String> left = new TreeSet<>(awaited);
        awaited.clear();
        return left;
    }
}
