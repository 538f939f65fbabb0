package io.baton.store.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A broker with one client, in memory: every publish comes straight back to the client (as a broker echoes a
 * subscriber's own messages), and the test can refuse connections or subscriptions and inject messages.
 */
final class FakeTransport implements Transport {
    final List<String> published = new CopyOnWriteArrayList<>();
    final List<String> sent = new CopyOnWriteArrayList<>(); // QoS 0
    final List<List<Filter>> subscriptions = new CopyOnWriteArrayList<>();
    final AtomicInteger connects = new AtomicInteger();
    final AtomicInteger drops = new AtomicInteger();
    volatile boolean refuseConnections;
    volatile boolean refuseNextSubscription;
    private volatile boolean connected;
    private volatile Events events;

    @Override
    public void connect(Events e) {
        events = e;
        connects.incrementAndGet();
        if (silent) {
            return; // accepts the socket, never answers
        }
        if (refuseConnections) {
            e.connectFailed(new IOException("refused"));
        } else {
            connected = true;
            e.connected();
        }
    }

    @Override
    public void subscribe(List<Filter> filters, Consumer<Throwable> done) {
        subscriptions.add(filters);
        boolean refuse = refuseNextSubscription;
        refuseNextSubscription = false;
        done.accept(refuse ? new IllegalStateException("not authorized") : null);
    }

    @Override
    public boolean publish(String topic, byte[] payload, boolean retained, Runnable acknowledged) {
        if (!connected) {
            return false;
        }
        published.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
        events.message(topic, payload);
        acknowledged.run();
        return true;
    }

    @Override
    public void send(String topic, byte[] payload) {
        if (connected) {
            sent.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
            events.message(topic, payload);
        }
    }

    /** A message from another client. */
    void inject(String topic, String payload) {
        events.message(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    boolean sent(String topicAndPayloadPart) {
        return published.stream().anyMatch(p -> p.contains(topicAndPayloadPart));
    }

    final AtomicInteger resets = new AtomicInteger();
    volatile boolean silent;

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
        connected = false;
    }
}
