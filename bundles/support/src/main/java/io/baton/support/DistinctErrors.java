package io.baton.support;

import org.slf4j.Logger;

import java.util.HashSet;
import java.util.Set;

/**
 * Logs each distinct failure once at WARN, repeats at DEBUG: a cluster manager failing every poll or a measurement failing every tick must
 * not flood the log, but a new kind of failure must show. Not thread-safe: meant for one polling thread.
 */
public final class DistinctErrors {
    // a failure whose message varies (a counter, a time) must not grow the set without bound
    private static final int LIMIT = 32;

    private final Logger log;
    private final Set<String> seen = new HashSet<>();

    public DistinctErrors(Logger log) {
        this.log = log;
    }

    public void report(String doing, Throwable error) {
        String key = doing + ": " + error;
        if (seen.size() >= LIMIT) {
            seen.clear();
        }
        if (seen.add(key)) {
            log.warn("{} failed (skipped; logged once until it works again): {}", doing, error.toString(), error);
        } else {
            log.debug("{} failed again: {}", doing, error.toString());
        }
    }

    /** After a success: the next failure is news again. */
    public void succeeded(String what) {
        if (!seen.isEmpty()) {
            log.info("{} works again", what);
            seen.clear();
        }
    }
}
