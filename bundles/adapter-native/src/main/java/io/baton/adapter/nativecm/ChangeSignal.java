package io.baton.adapter.nativecm;

import java.util.function.BooleanSupplier;

/**
 * Wakes the threads waiting for a confirmation whenever the store or the channel changed, so an
 * instruction returns as soon as it is confirmed rather than at the next poll.
 */
final class ChangeSignal {
    private long version;

    synchronized void bump() {
        version++;
        notifyAll();
    }

    /** Waits until {@code condition} holds or the deadline ({@link System#nanoTime()}) passes. */
    boolean await(BooleanSupplier condition, long deadlineNanos) throws InterruptedException {
        while (true) {
            long seen;
            synchronized (this) {
                seen = version;
            }
            if (condition.getAsBoolean()) {
                return true;
            }
            synchronized (this) {
                // A change between the check and here bumped the version: check again at once.
                while (version == seen) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            }
        }
    }
}
