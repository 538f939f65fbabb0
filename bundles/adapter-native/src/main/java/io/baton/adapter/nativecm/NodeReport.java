package io.baton.adapter.nativecm;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a node's agent says about itself: the value of {@code node.<node>}.
 *
 * @param running app to the pid of its process on that node (stopping ones included: they still run)
 * @param stopping the apps whose process was asked to stop and has not exited yet
 * @param failed  app to why it last failed there (failed start or unexpected exit), for messages
 * @param sync    the token the agent wrote after its latest (re)connection; seeing it come back
 *                proves the agent's mirror is up to date
 * @param at      when it was written
 */
record NodeReport(Map<String, Long> running, Set<String> stopping, Map<String, String> failed, String sync, Instant at) {
    NodeReport {
        running = Collections.unmodifiableMap(new TreeMap<>(running));
        stopping = Collections.unmodifiableSet(new TreeSet<>(stopping));
        failed = Collections.unmodifiableMap(new TreeMap<>(failed));
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(at, "at");
    }

    /** Same content apart from the time it was written. */
    boolean sameAs(NodeReport other) {
        return other != null && running.equals(other.running) && stopping.equals(other.stopping)
                && failed.equals(other.failed) && sync.equals(other.sync);
    }

    /** Whether the app runs there and is not being stopped. */
    boolean runsSteadily(String app) {
        return running.containsKey(app) && !stopping.contains(app);
    }
}
