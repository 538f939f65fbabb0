package io.baton.api.testing;

import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A broker and its nodes' stores in one JVM, for tests of the parts above the store. Like the MQTT
 * store: writes are delivered asynchronously and in order to every connected node's mirror
 * (the writer's included), a node that is disconnected keeps its writes and sends them when it
 * reconnects, and a node's presence disappears from {@link StoreSnapshot#liveNodes()} when it
 * disconnects. Values are retained: a node connecting later sees everything.
 *
 * <p>Membership, simply: the nodes made on this broker are the servers, in the order made. A connected node is
 * leased; it is quorate while the connected nodes are a majority of them (or exactly half, with the first one). A
 * disconnected node is not quorate and, once the lease time has passed since, not leased (its listeners are told
 * then). A node that {@link Node#disconnect()}s departs at once for the others (its Will); one lost in an
 * {@link #outage()} only once the lease time and a quarter has passed without it coming back (as after the others
 * declared it).
 */
public final class InMemoryBroker implements AutoCloseable {
    private static final int HISTORY_LIMIT = 100;

    private final String cluster;
    private final Duration lease;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "in-memory-broker-clock");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> departed = ConcurrentHashMap.newKeySet();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "in-memory-broker");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Node> nodes = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    // The retained state; touched only on the dispatcher thread.
    private Optional<DeployedRules> rules = Optional.empty();
    private final Map<String, ServerStatus> servers = new LinkedHashMap<>();
    private final Map<String, ServerLoad> loads = new LinkedHashMap<>();
    private final Map<String, AppStatus> apps = new LinkedHashMap<>();
    private Optional<ControllerLease> controller = Optional.empty();
    private final Set<String> live = new LinkedHashSet<>();
    private final List<HistoryEntry> history = new ArrayList<>();
    private final Map<String, OperatorRequest> requests = new LinkedHashMap<>();
    private final Map<String, RequestOutcome> outcomes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> channels = new LinkedHashMap<>();

    public InMemoryBroker(String cluster) {
        this(cluster, Duration.ofSeconds(2));
    }

    /** With the given lease time: how long a node cut off keeps its lease. */
    public InMemoryBroker(String cluster, Duration lease) {
        this.cluster = cluster;
        this.lease = lease;
    }

    /** The store of node {@code name}, connected; the same name gives the same node. */
    public synchronized Node node(String name) {
        Node node = nodes.get(name);
        if (node == null) {
            node = new Node(name);
            // listed before it connects: the delivery that its connection triggers must include it
            nodes.put(name, node);
            node.connect();
        }
        return node;
    }

    /**
     * The broker goes down: every node loses it at the same moment and none receives another's Will (a dead
     * broker sends none), as in a broker restart; {@link Node#connect} brings each back.
     */
    public void outage() {
        for (Node node : nodesNow()) {
            synchronized (node) {
                node.connected = false;
                node.disconnectedAt = System.nanoTime();
            }
        }
        dispatcher.execute(() -> nodesNow().forEach(Node::lost));
        for (Node node : nodesNow()) {
            clock.schedule(() -> dispatcher.execute(() -> {
                if (!node.connected) {
                    departed.add(node.name);
                    publish();
                }
            }), lease.toMillis() + lease.toMillis() / 4, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits until every write made so far has been delivered. */
    public void flush() {
        try {
            dispatcher.submit(() -> { }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("in-memory broker did not deliver within 5 s", e);
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        dispatcher.shutdownNow();
    }

    private void run(Runnable mutation) {
        dispatcher.execute(() -> {
            mutation.run();
            publish();
        });
    }

    private void publish() {
        ClusterState tables = new ClusterState(servers, loads, apps);
        Set<String> gone = new LinkedHashSet<>(departed);
        gone.removeAll(live);
        boolean quorum = isQuorum(live);
        for (Node node : nodesNow()) {
            if (node.connected) {
                node.deliver(new StoreSnapshot(rules, tables, controller, live, history, requests, outcomes, true,
                        new Membership(true, quorum, quorum ? gone : Set.of(), Map.of(), List.of())), channels);
            }
        }
    }

    private List<Node> nodesNow() {
        synchronized (nodes) {
            return new ArrayList<>(nodes.values());
        }
    }

    private boolean isQuorum(Set<String> connected) {
        List<String> servers;
        synchronized (nodes) {
            servers = new ArrayList<>(nodes.keySet());
        }
        long count = servers.stream().filter(connected::contains).count();
        return count * 2 > servers.size()
                || (count * 2 == servers.size() && !servers.isEmpty() && connected.contains(servers.get(0)));
    }

    /** One node's store. */
    public final class Node implements SharedStore {
        private final String name;
        private volatile boolean connected;
        private volatile long disconnectedAt;
        private volatile StoreSnapshot mirror = StoreSnapshot.EMPTY;
        private final Map<String, Map<String, String>> channelMirror = new ConcurrentHashMap<>();
        private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
        private final Map<String, List<Consumer<Map<String, String>>>> channelListeners = new ConcurrentHashMap<>();
        private final List<Runnable> pending = new ArrayList<>();
        private final List<Consumer<String>> echoListeners = new CopyOnWriteArrayList<>();
        private final Echo echo = new Echo() {
            @Override
            public void send(String text) {
                // not kept while disconnected, and lost if the node disconnects before the broker delivers it
                if (connected) {
                    dispatcher.execute(() -> {
                        if (connected) {
                            echoListeners.forEach(l -> l.accept(text));
                        }
                    });
                }
            }

            @Override
            public Registration addListener(Consumer<String> listener) {
                echoListeners.add(listener);
                return () -> echoListeners.remove(listener);
            }
        };

        private Node(String name) {
            this.name = name;
        }

        /** Connects (again): presence comes back and the writes made meanwhile are sent. */
        public synchronized void connect() {
            connected = true;
            List<Runnable> queued = new ArrayList<>(pending);
            pending.clear();
            run(() -> {
                live.add(name);
                departed.remove(name);
                queued.forEach(Runnable::run);
            });
        }

        /** Loses the broker: others see this node go (its Will); this mirror goes stale. */
        public synchronized void disconnect() {
            connected = false;
            disconnectedAt = System.nanoTime();
            dispatcher.execute(() -> {
                departed.add(name);
                lost();
            });
        }

        /** On the dispatcher: this node is gone; the nodes still connected learn it; its lease runs out later. */
        private void lost() {
            live.remove(name);
            StoreSnapshot last = mirror;
            mirror = withMembership(last, false, true);
            listeners.forEach(l -> l.storeChanged(mirror));
            publish();
            long since = disconnectedAt;
            clock.schedule(() -> dispatcher.execute(() -> {
                if (!connected && disconnectedAt == since) {
                    mirror = withMembership(mirror, false, false);
                    listeners.forEach(l -> l.storeChanged(mirror));
                }
            }), Math.max(0, since + lease.toNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        public boolean isConnected() {
            return connected;
        }

        private void deliver(StoreSnapshot snapshot, Map<String, Map<String, String>> allChannels) {
            mirror = snapshot;
            listeners.forEach(l -> l.storeChanged(snapshot));
            allChannels.forEach((channel, entries) -> {
                Map<String, String> copy = Map.copyOf(entries);
                if (!copy.equals(channelMirror.get(channel))) {
                    channelMirror.put(channel, copy);
                    channelListeners.getOrDefault(channel, List.of()).forEach(l -> l.accept(copy));
                }
            });
        }

        private synchronized void write(Runnable mutation) {
            if (connected) {
                run(mutation);
            } else {
                pending.add(mutation);
            }
        }

        @Override
        public String cluster() {
            return cluster;
        }

        @Override
        public String node() {
            return name;
        }

        @Override
        public StoreSnapshot snapshot() {
            return mirror;
        }

        @Override
        public void putRules(DeployedRules value) {
            write(() -> rules = Optional.of(value));
        }

        @Override
        public void putServer(ServerStatus row) {
            write(() -> servers.put(row.name(), row));
        }

        @Override
        public void putLoad(ServerLoad row) {
            write(() -> loads.put(row.server(), row));
        }

        @Override
        public void putApp(AppStatus row) {
            write(() -> apps.put(row.name(), row));
        }

        @Override
        public void removeApp(String app) {
            write(() -> apps.remove(app));
        }

        @Override
        public void putController(ControllerLease lease) {
            write(() -> controller = Optional.of(lease));
        }

        @Override
        public void appendHistory(HistoryEntry entry) {
            write(() -> {
                history.add(entry);
                while (history.size() > HISTORY_LIMIT) {
                    history.remove(0);
                }
            });
        }

        @Override
        public void submitRequest(OperatorRequest request) {
            write(() -> requests.put(request.id(), request));
        }

        @Override
        public void completeRequest(RequestOutcome outcome) {
            write(() -> {
                requests.remove(outcome.id());
                outcomes.put(outcome.id(), outcome);
            });
        }

        @Override
        public KeyValueChannel channel(String channelName) {
            return new KeyValueChannel() {
                @Override
                public String name() {
                    return channelName;
                }

                @Override
                public Map<String, String> entries() {
                    return channelMirror.getOrDefault(channelName, Map.of());
                }

                @Override
                public void put(String key, String json) {
                    write(() -> channels.computeIfAbsent(channelName, c -> new LinkedHashMap<>()).put(key, json));
                }

                @Override
                public void remove(String key) {
                    write(() -> channels.computeIfAbsent(channelName, c -> new LinkedHashMap<>()).remove(key));
                }

                @Override
                public Registration addListener(Consumer<Map<String, String>> listener) {
                    List<Consumer<Map<String, String>>> list = channelListeners.computeIfAbsent(channelName,
                            c -> new CopyOnWriteArrayList<>());
                    list.add(listener);
                    return () -> list.remove(listener);
                }
            };
        }

        @Override
        public Echo echo() {
            return echo;
        }

        @Override
        public long leaseDeadlineNanos() {
            return connected ? System.nanoTime() + lease.toNanos() : disconnectedAt + lease.toNanos();
        }

        @Override
        public Registration addListener(StoreListener listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public String toString() {
            return "in-memory store of " + name + (connected ? "" : " (disconnected)");
        }
    }

    private static StoreSnapshot withMembership(StoreSnapshot s, boolean connected, boolean leased) {
        return new StoreSnapshot(s.rules(), s.tables(), s.controller(), s.liveNodes(), s.history(), s.requests(),
                s.outcomes(), connected, new Membership(leased, connected, s.membership().departed(), Map.of(), List.of()));
    }
}
