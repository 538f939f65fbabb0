package io.baton.store.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A broker in memory, for the store's logic without a network: retained messages, subscriptions with MQTT
 * wildcards, Last Wills, and deliveries at once on the publisher's thread (the store hands every event to its own
 * thread). The test can refuse connections or a subscription, keep an attempt unanswered, crash or restart it.
 */
final class FakeBroker {
    final Map<String, byte[]> retained = new ConcurrentHashMap<>();
    final List<Client> clients = new CopyOnWriteArrayList<>();
    /** Every message routed, as "topic payload". */
    final List<String> routed = new CopyOnWriteArrayList<>();
    final AtomicInteger connects = new AtomicInteger();
    volatile boolean refuseConnections;
    volatile boolean refuseNextSubscription;
    volatile boolean silent;
    volatile boolean down;

    /** A client, as the store's {@link StoreEngine.Transports} would make it. */
    Client client(String clientId, Supplier<Optional<PahoTransport.Will>> will) {
        Client c = new Client(clientId, will);
        clients.add(c);
        return c;
    }

    /** The transports of a store whose brokers are these, by index. */
    static StoreEngine.Transports of(FakeBroker... brokers) {
        return (broker, clientId, will) -> brokers[broker].client(clientId, will);
    }

    /** The broker dies: every client loses it, no Will is sent. */
    void crash() {
        down = true;
        for (Client c : clients) {
            if (c.connected) {
                c.connected = false;
                c.events.lost(new IOException("connection reset"));
            }
        }
    }

    /** Back after a crash, without its retained messages. */
    void restart() {
        retained.clear();
        down = false;
    }

    boolean routed(String part) {
        return routed.stream().anyMatch(m -> m.contains(part));
    }

    /** A message from another client. */
    void inject(String topic, String payload, boolean retain) {
        route(topic, payload.getBytes(StandardCharsets.UTF_8), retain);
    }

    private void route(String topic, byte[] payload, boolean retain) {
        routed.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
        if (retain) {
            if (payload.length == 0) {
                retained.remove(topic);
            } else {
                retained.put(topic, payload);
            }
        }
        for (Client c : clients) {
            if (c.connected && c.filters.stream().anyMatch(f -> matches(f.topic(), topic))) {
                c.events.message(topic, payload);
            }
        }
    }

    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || (!f[i].equals("+") && !f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }

    final class Client implements Transport {
        final String clientId;
        private final Supplier<Optional<PahoTransport.Will>> willSource;
        volatile boolean connected;
        volatile List<Filter> filters = List.of();
        final List<List<Filter>> subscriptions = new CopyOnWriteArrayList<>();
        final AtomicInteger drops = new AtomicInteger();
        final AtomicInteger resets = new AtomicInteger();
        private volatile Events events;
        private volatile Optional<PahoTransport.Will> will = Optional.empty();

        Client(String clientId, Supplier<Optional<PahoTransport.Will>> will) {
            this.clientId = clientId;
            this.willSource = will;
        }

        @Override
        public void connect(Events e) {
            events = e;
            connects.incrementAndGet();
            will = willSource.get();
            if (silent) {
                return; // accepts the socket, never answers
            }
            if (down || refuseConnections) {
                e.connectFailed(new IOException("refused"));
            } else {
                filters = List.of();
                connected = true;
                e.connected();
            }
        }

        @Override
        public void subscribe(List<Filter> list, Consumer<Throwable> done) {
            subscriptions.add(list);
            if (refuseNextSubscription) {
                refuseNextSubscription = false;
                done.accept(new IllegalStateException("not authorized"));
                return;
            }
            List<Filter> all = new java.util.ArrayList<>(filters);
            all.addAll(list);
            filters = List.copyOf(all);
            retained.forEach((topic, payload) -> {
                if (list.stream().anyMatch(f -> matches(f.topic(), topic))) {
                    events.message(topic, payload);
                }
            });
            done.accept(null);
        }

        @Override
        public void unsubscribe(String topic) {
            filters = filters.stream().filter(f -> !f.topic().equals(topic)).toList();
        }

        @Override
        public boolean publish(String topic, byte[] payload, boolean retain, Runnable acknowledged) {
            if (!connected) {
                return false;
            }
            route(topic, payload, retain);
            acknowledged.run();
            return true;
        }

        @Override
        public void send(String topic, byte[] payload) {
            if (connected) {
                route(topic, payload, false);
            }
        }

        @Override
        public void reset() {
            resets.incrementAndGet();
            connected = false;
        }

        @Override
        public void drop() {
            connected = false;
            drops.incrementAndGet();
        }

        @Override
        public void close(Duration timeout) {
            connected = false;
        }

        @Override
        public void abort() {
            if (connected) {
                connected = false;
                will.ifPresent(w -> route(w.topic(), w.payload(), true));
            }
        }

        @Override
        public String toString() {
            return clientId;
        }
    }
}
