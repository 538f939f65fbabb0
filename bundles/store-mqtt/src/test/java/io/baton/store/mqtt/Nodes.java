package io.baton.store.mqtt;

import io.baton.api.spi.StoreSnapshot;
import io.baton.api.testing.Await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The stores of one test's cluster (a fresh cluster name per test, so tests sharing a broker never see each
 * other's rows), closed after the test. Short timings: keep-alive 1 s, reconnection at most 1 s apart.
 */
final class Nodes implements AutoCloseable {
    static final Duration KEEP_ALIVE = Duration.ofSeconds(1);
    static final Duration RECONNECT_MAX = Duration.ofSeconds(1);
    static final int HISTORY = 5;
    static final int OUTCOMES = 3;
    static final Duration WAIT = Duration.ofSeconds(10);

    private final Broker broker;
    final String cluster;
    private final List<MqttSharedStore> stores = new ArrayList<>();

    Nodes(Broker broker, String test) {
        this.broker = broker;
        this.cluster = test + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    MqttSharedStore start(String node) {
        return start(node, broker.url());
    }

    MqttSharedStore start(String node, String url) {
        StoreSettings s = StoreSettings.of(cluster, node, url, KEEP_ALIVE, RECONNECT_MAX);
        MqttSharedStore store = new MqttSharedStore(new StoreSettings(s.cluster(), s.node(), s.clientId(),
                s.brokerUrls(), Optional.empty(), Optional.empty(), s.keepAlive(), s.connectionTimeout(),
                s.reconnectMaxDelay(), HISTORY, OUTCOMES, s.tls()), TestKeys.of(cluster, node));
        stores.add(store);
        return store;
    }

    /** Starts a node with these settings (from {@link #settings}), closed with the others. */
    MqttSharedStore start(StoreSettings settings) {
        return start(settings, TestKeys.of(settings.cluster(), settings.node()));
    }

    /** Starts a node with these settings and keys, closed with the others. */
    MqttSharedStore start(StoreSettings settings, io.baton.trust.Keyring keys) {
        MqttSharedStore store = new MqttSharedStore(settings, keys);
        stores.add(store);
        return store;
    }

    /** The settings {@link #start(String)} uses for a node. */
    StoreSettings settings(String node) {
        return StoreSettings.of(cluster, node, broker.url(), KEEP_ALIVE, RECONNECT_MAX);
    }

    /** Starts the nodes and waits until each is in sync and sees all of them live. */
    List<MqttSharedStore> startAll(String... names) {
        List<MqttSharedStore> started = new ArrayList<>();
        for (String n : names) {
            started.add(start(n));
        }
        for (MqttSharedStore s : started) {
            awaitLive(s, Set.of(names));
        }
        return started;
    }

    static StoreSnapshot awaitLive(MqttSharedStore store, Set<String> live) {
        Await.until(store.node() + " connected with live nodes " + live, WAIT, store::snapshot,
                s -> s.connected() && s.liveNodes().equals(live));
        return store.snapshot();
    }

    static void awaitSnapshot(MqttSharedStore store, String what, java.util.function.Predicate<StoreSnapshot> test) {
        Await.until(store.node() + ": " + what, WAIT, store::snapshot, test);
    }

    @Override
    public void close() {
        for (MqttSharedStore s : stores) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                // stopped or aborted already
            }
        }
    }
}
