package io.baton.api.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, for tests of asynchronous parts (brokers, processes,
 * containers). Fails with the description and the last value seen, never hangs.
 */
public final class Await {
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** Polls {@code condition} until it holds; fails after {@code timeout}. Returns the time it took. */
    public static Duration until(String description, Duration timeout, BooleanSupplier condition) {
        return until(description, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null, v -> true);
    }

    /**
     * Polls {@code value} until {@code accept} accepts it; fails after {@code timeout}, naming the
     * last value seen. Returns the time it took.
     */
    public static <T> Duration until(String description, Duration timeout, Supplier<T> value,
                                     java.util.function.Predicate<? super T> accept) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = value.get();
                if (last != null && accept.test(last)) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                lastError = null;
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                        + description + (last == null ? "" : "; last value: " + last));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + description, e);
            }
        }
    }
}
