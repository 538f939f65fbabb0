package io.baton.store.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This node's own writes, latest per topic, and which rows it owns.
 *
 * <p>A write is <em>due</em> until it has been handed to the connection, and <em>unacknowledged</em> until the
 * broker confirmed it; a connection loss makes every unacknowledged write due again, so a write made while
 * disconnected, or lost with the connection, is sent on reconnection. Writes go out in the order made, except
 * those made <em>latest only</em> (the history: rewritten whole, up to 256 KB, at every entry): at most one of those
 * per topic is in flight, and a newer one waits until it is confirmed and then replaces all written meanwhile, so a
 * burst of entries costs the connection a few payloads, not one per entry. A node <em>owns</em> a row while the newest
 * value it has seen on that topic is its own (its write, a tombstone included, or a retained row it wrote before
 * it restarted); to a broker that lacks a row, or holds an older value of it, its owner re-publishes it. A row
 * another node wrote later is no longer owned. Rows neither owned nor unacknowledged are forgotten.
 * Confined to the store's thread.
 */
final class Outbox {

    /** A write to hand to the connection: {@code generation} tells a later write to the same topic apart. */
    record Due(String topic, byte[] payload, long generation) {
    }

    private static final class Entry {
        byte[] payload;
        long generation;
        boolean latestOnly;
        long inFlight; // generation handed to the connection and not confirmed yet; 0 when none
        boolean owned;
        boolean due;
        boolean acknowledged;
    }

    // insertion order = order of the latest writes, kept when they are sent again
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long generations;

    /** Records a write (a tombstone included), sent in order. */
    void write(String topic, byte[] payload) {
        write(topic, payload, false);
    }

    /**
     * Records a write.
     *
     * @param latestOnly whether writes to this topic may be coalesced: only the latest is sent once the one in flight
     *                   is confirmed
     */
    void write(String topic, byte[] payload, boolean latestOnly) {
        Entry e = entries.remove(topic);
        if (e == null) {
            e = new Entry();
        }
        e.payload = payload;
        e.latestOnly = latestOnly;
        e.generation = ++generations;
        e.owned = true;
        e.due = true;
        e.acknowledged = false;
        entries.put(topic, e);
    }

    /** The writes to send now, oldest first (a latest-only write waits for the one in flight before it). */
    List<Due> due() {
        List<Due> due = new ArrayList<>();
        entries.forEach((topic, e) -> {
            if (sendable(e)) {
                due.add(new Due(topic, e.payload, e.generation));
            }
        });
        return due;
    }

    /** Whether {@link #due()} has anything to send now. */
    boolean hasDue() {
        return entries.values().stream().anyMatch(Outbox::sendable);
    }

    private static boolean sendable(Entry e) {
        return e.due && (!e.latestOnly || e.inFlight == 0);
    }

    void sent(Due d) {
        Entry e = entries.get(d.topic());
        if (e != null) {
            e.inFlight = d.generation();
            if (e.generation == d.generation()) {
                e.due = false;
            }
        }
    }

    void acknowledged(Due d) {
        Entry e = entries.get(d.topic());
        if (e != null && e.inFlight == d.generation()) {
            e.inFlight = 0;
        }
        if (e != null && e.generation == d.generation()) {
            e.acknowledged = true;
            forgetIfDone(d.topic(), e);
        }
    }

    /** The connection is gone: what it may not have delivered is sent again on reconnection. */
    void connectionLost() {
        entries.values().forEach(e -> {
            e.due |= !e.acknowledged;
            e.inFlight = 0;
        });
    }

    /** The broker lacks this owned row, or holds an older value: it is due again. */
    void republish(String topic) {
        Entry e = entries.get(topic);
        if (e != null && e.owned) {
            e.due = true;
            e.acknowledged = false;
        }
    }

    /**
     * The newest value of a row seen so far arrived from the broker.
     *
     * @param mine whether this node wrote it (then it owns it, even from before a restart)
     */
    void observed(String topic, byte[] payload, boolean mine) {
        Entry e = entries.get(topic);
        if (e == null) {
            if (mine) {
                e = new Entry();
                e.payload = payload;
                e.generation = ++generations;
                e.owned = true;
                e.acknowledged = true;
                entries.put(topic, e);
            }
            return;
        }
        e.owned = mine;
        forgetIfDone(topic, e);
    }

    /** The latest payload this node wrote to a topic it owns (its own writes may not have come back yet). */
    Optional<byte[]> owned(String topic) {
        Entry e = entries.get(topic);
        return e != null && e.owned ? Optional.of(e.payload) : Optional.empty();
    }

    /** This node's latest writes under a topic prefix that the broker may not have echoed yet (owned rows). */
    Map<String, byte[]> recent(String prefix) {
        Map<String, byte[]> recent = new LinkedHashMap<>();
        entries.forEach((topic, e) -> {
            if (topic.startsWith(prefix) && (e.owned || !e.acknowledged)) {
                recent.put(topic, e.payload);
            }
        });
        return recent;
    }

    boolean owns(String topic) {
        Entry e = entries.get(topic);
        return e != null && e.owned;
    }

    int size() {
        return entries.size();
    }

    /** Writes the broker has not confirmed yet. */
    int unconfirmed() {
        return (int) entries.values().stream().filter(e -> !e.acknowledged).count();
    }

    private void forgetIfDone(String topic, Entry e) {
        if (!e.owned && e.acknowledged && !e.due) {
            entries.remove(topic);
        }
    }
}
