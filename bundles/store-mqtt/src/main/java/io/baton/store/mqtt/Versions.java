package io.baton.store.mqtt;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The version every row carries: a hybrid logical clock, the wall-clock millisecond times 1024 or one more than any
 * version this node has seen, whichever is larger. A row written after another was seen is newer than it; rows
 * written independently order by time. A mirror keeps the newer of two values for a row, so a broker holding stale
 * rows (a standby that was in use an hour ago, a replay) can never take a node's tables back. Below 2^53, so JSON
 * numbers hold it exactly. Thread-safe.
 */
final class Versions {
    private final AtomicLong latest = new AtomicLong();
    private final LongSupplier millis;

    Versions() {
        this(System::currentTimeMillis);
    }

    Versions(LongSupplier millis) {
        this.millis = millis;
    }

    /** A version newer than every one seen or given so far. */
    long next() {
        long floor = millis.getAsLong() << 10;
        return latest.updateAndGet(v -> Math.max(v + 1, floor));
    }

    /** A version seen on a row: the next one given is newer. */
    void observe(long version) {
        latest.accumulateAndGet(version, Math::max);
    }
}
