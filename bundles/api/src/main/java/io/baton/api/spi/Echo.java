package io.baton.api.spi;

import org.osgi.annotation.versioning.ProviderType;

import java.util.function.Consumer;

/**
 * This node's private round trip through the store's server: a text sent comes back to this node alone, and only
 * after the server had it. It proves contact with the server more often and sooner than the connection's own
 * keepalive can (the native cluster manager fences on it), and, unlike a value written to a
 * {@link KeyValueChannel}, costs the other nodes nothing. Not retained; a text may be lost (then nothing comes back).
 * Thread-safe.
 */
@ProviderType
public interface Echo {

    /** Sends the text on its round trip; dropped while the store is not in step with its server. */
    void send(String text);

    /** Calls the listener with every text that came back, until the registration is closed. */
    Registration addListener(Consumer<String> listener);
}
