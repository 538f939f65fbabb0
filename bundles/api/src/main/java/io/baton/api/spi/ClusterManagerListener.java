package io.baton.api.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told whenever a cluster manager's view may have changed. Level-triggered: the listener compares
 * the view with the last one it saw, so a missed or repeated call loses nothing.
 */
@ConsumerType
@FunctionalInterface
public interface ClusterManagerListener {
    /** Called on the adapter's own thread; must return quickly. */
    void viewChanged(ClusterView view);
}
