package io.baton.adapter.nativecm;

import io.baton.api.spi.KeyValueChannel;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes assignments and remembers the ones not yet echoed by the store. A node acts on its own
 * write at once (a takeover must not wait for the broker's round trip) while the mirror still
 * shows the older value; the pending write wins until the mirror holds an epoch at least as new.
 * Thread-safe: the agent and the controller's instructions both write.
 */
final class AssignmentBook {
    private final KeyValueChannel channel;
    private final Map<String, Assignment> pending = new HashMap<>();

    AssignmentBook(KeyValueChannel channel) {
        this.channel = channel;
    }

    /** What the store holds, without this node's writes still in flight. */
    Map<String, Assignment> observed() {
        return Wire.assignments(channel.entries());
    }

    /** What the store will hold once this node's writes arrive. */
    synchronized Map<String, Assignment> effective() {
        Map<String, Assignment> result = new LinkedHashMap<>(observed());
        pending.entrySet().removeIf(p -> {
            Assignment seen = result.get(p.getKey());
            return seen != null && seen.epoch() >= p.getValue().epoch();
        });
        result.putAll(pending);
        return result;
    }

    synchronized Optional<Assignment> effective(String app) {
        return Optional.ofNullable(effective().get(app));
    }

    /** Writes a new assignment with the next epoch and returns it. */
    synchronized Assignment write(String app, Optional<String> server, Optional<String> backup) {
        long epoch = effective(app).map(Assignment::epoch).orElse(0L) + 1;
        Assignment next = new Assignment(server, backup.filter(b -> !server.equals(Optional.of(b))), epoch);
        pending.put(app, next);
        channel.put(Wire.assignKey(app), Wire.json(next));
        return next;
    }

    /** After losing the store, writes in flight may be lost: trust only what the store says. */
    synchronized void forgetPending() {
        pending.clear();
    }
}
