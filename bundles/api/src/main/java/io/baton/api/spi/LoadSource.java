package io.baton.api.spi;

import org.osgi.annotation.versioning.ConsumerType;

/** Measures the load of the server it runs on. Thread-safe; may block briefly while sampling. */
@ConsumerType
@FunctionalInterface
public interface LoadSource {
    /** Measures now; the first sample after start may report 0 CPU for lack of a previous reading. */
    LoadSample sample();
}
