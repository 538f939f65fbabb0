package io.baton.store.mqtt;

import io.baton.api.spi.Registration;
import io.baton.api.spi.StoreListener;
import io.baton.api.spi.StoreSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What readers see: the latest snapshot and channel entries, swapped atomically, and the listeners told of each
 * change. {@link #publish} runs on the store's thread only, so listeners are called one at a time, in order.
 */
final class Views {
    private static final Logger LOG = LoggerFactory.getLogger(Views.class);

    private volatile StoreSnapshot snapshot = StoreSnapshot.EMPTY;
    private volatile Map<String, Map<String, String>> channels = Map.of();
    private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<Consumer<Map<String, String>>>> channelListeners = new ConcurrentHashMap<>();

    StoreSnapshot snapshot() {
        return snapshot;
    }

    Map<String, String> entries(String channel) {
        return channels.getOrDefault(channel, Map.of());
    }

    Registration addListener(StoreListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    Registration addChannelListener(String channel, Consumer<Map<String, String>> listener) {
        Objects.requireNonNull(listener, "listener");
        List<Consumer<Map<String, String>>> list = channelListeners.computeIfAbsent(channel,
                c -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    /** Shows the mirror's views; tells the listeners of whatever changed (nothing when nothing did). */
    void publish(StoreSnapshot nextSnapshot, Map<String, Map<String, String>> nextChannels) {
        boolean snapshotChanged = !nextSnapshot.equals(snapshot);
        Map<String, Map<String, String>> before = channels;
        // both views first, so a listener of one reads the other as current
        snapshot = nextSnapshot;
        channels = nextChannels;
        if (snapshotChanged) {
            for (StoreListener l : listeners) {
                try {
                    l.storeChanged(nextSnapshot);
                } catch (RuntimeException e) {
                    LOG.error("store listener {} failed", l, e);
                }
            }
        }
        if (!nextChannels.equals(before)) {
            Set<String> names = new TreeSet<>(before.keySet());
            names.addAll(nextChannels.keySet());
            for (String name : names) {
                Map<String, String> entries = nextChannels.getOrDefault(name, Map.of());
                if (!entries.equals(before.getOrDefault(name, Map.of()))) {
                    for (Consumer<Map<String, String>> l : channelListeners.getOrDefault(name, List.of())) {
                        try {
                            l.accept(entries);
                        } catch (RuntimeException e) {
                            LOG.error("listener {} of channel {} failed", l, name, e);
                        }
                    }
                }
            }
        }
    }
}
