package io.baton.api.spi;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Map;
import java.util.function.Consumer;

/**
 * A replicated namespace of JSON values that the store keeps for one adapter (e.g. the native
 * cluster manager's assignments and per-node reports), so an adapter shares state between nodes
 * without knowing the store's transport. Values are retained: a node that starts later sees them.
 * Keys are names (letters, digits, '.', '_', '-'). Thread-safe.
 */
@ProviderType
public interface KeyValueChannel {

    /** The channel's name. */
    String name();

    /** Every entry as mirrored now, key to JSON text. */
    Map<String, String> entries();

    /** Sets a value on every node (the writer's mirror included). */
    void put(String key, String json);

    /** Removes a value on every node. */
    void remove(String key);

    /** Calls the listener with all entries after each change, until the registration is closed. */
    Registration addListener(Consumer<Map<String, String>> listener);
}
