package io.baton.api.spi;

/** A listener registration; closing it stops the notifications. Closing twice is harmless. */
@FunctionalInterface
public interface Registration extends AutoCloseable {
    @Override
    void close();
}
