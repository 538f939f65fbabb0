package io.baton.adapter.nativecm;

import io.baton.api.model.AppStatus;
import io.baton.api.model.HistoryEntry;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.ControllerLease;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.Echo;
import io.baton.api.spi.KeyValueChannel;
import io.baton.api.spi.Membership;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.Registration;
import io.baton.api.spi.RequestOutcome;
import io.baton.api.spi.SharedStore;
import io.baton.api.spi.StoreListener;
import io.baton.api.spi.StoreSnapshot;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A node's store whose link to the broker can be cut, in one direction or both, while the client still believes it
 * is connected (the case where MQTT notices the loss only after the broker declared the node dead). Cut outgoing:
 * the node's writes are lost. Cut incoming: nothing is delivered and its mirror stays as it was. Either way no
 * majority acknowledges the node any more: it is no longer quorate, and its lease runs out {@code lease} after the
 * cut (its listeners are told then). {@link #heal()} delivers the current state again. The broker's own view of
 * the node is the wrapped in-memory node's business.
 */
final class PartitionedStore implements SharedStore {
    private final SharedStore inner;
    private final Duration lease;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "partitioned-store-clock");
        t.setDaemon(true);
        return t;
    });
    private volatile long cutAt;
    private volatile boolean cut;
    private volatile boolean leaseExpired;
    private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<Consumer<Map<String, String>>>> channelListeners = new ConcurrentHashMap<>();
    private volatile boolean outgoingCut;
    private volatile boolean incomingCut;
    private volatile StoreSnapshot frozen;
    private final Map<String, Map<String, String>> frozenEntries = new ConcurrentHashMap<>();

    PartitionedStore(SharedStore inner, Duration lease) {
        this.inner = inner;
        this.lease = lease;
        inner.addListener(s -> {
            if (!incomingCut) {
                listeners.forEach(l -> l.storeChanged(snapshot()));
            }
        });
    }

    /** The node's writes no longer reach the broker; it still receives. */
    void cutOutgoing() {
        outgoingCut = true;
        lose();
    }

    /** Nothing reaches the node or leaves it; its client still says connected. */
    void cutBoth() {
        frozen = inner.snapshot();
        channelListeners.keySet().forEach(name -> frozenEntries.put(name, inner.channel(name).entries()));
        incomingCut = true;
        outgoingCut = true;
        lose();
    }

    private void lose() {
        long at = System.nanoTime();
        cutAt = at;
        cut = true;
        listeners.forEach(l -> l.storeChanged(snapshot()));
        clock.schedule(() -> {
            if (cut && cutAt == at) {
                listeners.forEach(l -> l.storeChanged(snapshot()));
            }
        }, lease.toNanos() + 1_000_000, TimeUnit.NANOSECONDS);
    }

    /** The link works again: the node gets the current state. */
    void heal() {
        outgoingCut = false;
        incomingCut = false;
        cut = false;
        listeners.forEach(l -> l.storeChanged(inner.snapshot()));
        channelListeners.forEach((name, ls) -> ls.forEach(l -> l.accept(inner.channel(name).entries())));
    }

    @Override
    public String cluster() {
        return inner.cluster();
    }

    @Override
    public String node() {
        return inner.node();
    }

    @Override
    public StoreSnapshot snapshot() {
        StoreSnapshot s = incomingCut ? frozen : inner.snapshot();
        if (!cut) {
            return s;
        }
        boolean leased = System.nanoTime() - (cutAt + lease.toNanos()) < 0;
        return s.with(new Membership(leased, false, Set.of(), Map.of(), List.of()));
    }

    /**
     * The lease has run out, but the snapshot still says what it said before and no listener is told: a JVM that
     * wakes from a freeze, whose store thread has not yet published the truth when the agent's thread runs.
     */
    void expireLeaseUnannounced() {
        leaseExpired = true;
    }

    @Override
    public long leaseDeadlineNanos() {
        if (leaseExpired) {
            return System.nanoTime() - 1;
        }
        return cut ? cutAt + lease.toNanos() : inner.leaseDeadlineNanos();
    }

    @Override
    public void putRules(DeployedRules rules) {
        write(() -> inner.putRules(rules));
    }

    @Override
    public void putServer(ServerStatus row) {
        write(() -> inner.putServer(row));
    }

    @Override
    public void putLoad(ServerLoad row) {
        write(() -> inner.putLoad(row));
    }

    @Override
    public void putApp(AppStatus row) {
        write(() -> inner.putApp(row));
    }

    @Override
    public void removeApp(String app) {
        write(() -> inner.removeApp(app));
    }

    @Override
    public void putController(ControllerLease lease) {
        write(() -> inner.putController(lease));
    }

    @Override
    public void appendHistory(HistoryEntry entry) {
        write(() -> inner.appendHistory(entry));
    }

    @Override
    public void submitRequest(OperatorRequest request) {
        write(() -> inner.submitRequest(request));
    }

    @Override
    public void completeRequest(RequestOutcome outcome) {
        write(() -> inner.completeRequest(outcome));
    }

    @Override
    public KeyValueChannel channel(String name) {
        KeyValueChannel channel = inner.channel(name);
        List<Consumer<Map<String, String>>> mine = channelListeners.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
        return new KeyValueChannel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, String> entries() {
                return incomingCut ? frozenEntries.getOrDefault(name, Map.of()) : channel.entries();
            }

            @Override
            public void put(String key, String json) {
                write(() -> channel.put(key, json));
            }

            @Override
            public void remove(String key) {
                write(() -> channel.remove(key));
            }

            @Override
            public Registration addListener(Consumer<Map<String, String>> listener) {
                mine.add(listener);
                Registration r = channel.addListener(entries -> {
                    if (!incomingCut) {
                        listener.accept(entries);
                    }
                });
                return () -> {
                    mine.remove(listener);
                    r.close();
                };
            }
        };
    }

    @Override
    public Echo echo() {
        Echo echo = inner.echo();
        return new Echo() {
            @Override
            public void send(String text) {
                write(() -> echo.send(text));
            }

            @Override
            public Registration addListener(Consumer<String> listener) {
                return echo.addListener(text -> {
                    if (!incomingCut) {
                        listener.accept(text);
                    }
                });
            }
        };
    }

    @Override
    public Registration addListener(StoreListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void write(Runnable write) {
        if (!outgoingCut) {
            write.run(); // lost when cut: the broker never got it
        }
    }

    @Override
    public String toString() {
        return inner + (incomingCut ? " (cut off)" : outgoingCut ? " (writes lost)" : "");
    }
}
