package io.baton.api.spi;

import org.osgi.annotation.versioning.ConsumerType;

/** Told after every change of the store's mirror, with the whole new snapshot. */
@ConsumerType
@FunctionalInterface
public interface StoreListener {
    /** Called on the store's own thread, one call at a time; must return quickly. */
    void storeChanged(StoreSnapshot snapshot);
}
