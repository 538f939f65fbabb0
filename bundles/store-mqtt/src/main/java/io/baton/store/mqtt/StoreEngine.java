package io.baton.store.mqtt;

import io.baton.api.spi.Registration;
import io.baton.store.mqtt.Decoder.Decoded;
import io.baton.store.mqtt.Decoder.Marker;
import io.baton.store.mqtt.Decoder.Presence;
import io.baton.store.mqtt.Decoder.Sync;
import io.baton.store.mqtt.Mirror.Row;
import io.baton.store.mqtt.Topics.Address;
import io.baton.store.mqtt.Topics.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The store's logic, on its one thread: keeps the {@link Mirror}, sends the {@link Outbox}, and keeps presence right.
 *
 * <p>After each connection ({@link Link}) the node publishes a sync marker; when its own marker comes back, the
 * retained state has arrived, and the marker doubles as a {@link PresenceProbe}. Then the node's own retained
 * marker row tells whether the broker kept its state: if not (a restart without persistence), the node re-publishes
 * the rows it owns and, after a settle window, rows nobody re-published (their writers are gone), and forgets nodes
 * that did not come back; if so, rows the broker no longer holds were removed meanwhile and leave the mirror at once.
 * Listeners are told nothing until then (never half the retained state), and writes wait.
 *
 * <p>The node's echo ({@link io.baton.api.spi.Echo}) bypasses the mirror: its messages go to the echo's listeners.
 */
final class StoreEngine implements Link.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(StoreEngine.class);
    private static final Runnable NOTHING = () -> { };

    /** Where the node is: between connections, receiving the retained state, probing presence, or in step. */
    private enum State { OFFLINE, SYNCING, PROBING, LIVE, CLOSED }

    private final StoreSettings settings;
    private final Topics topics;
    private final Codec codec;
    private final Transport transport;
    private final StoreThread thread;
    private final Link link;
    private final Views views = new Views();
    private final String echoTopic;
    private final List<Consumer<String>> echoListeners = new CopyOnWriteArrayList<>();

    // touched on the store thread only
    private State state = State.OFFLINE;
    private Mirror mirror = Mirror.EMPTY;
    private final Outbox outbox = new Outbox();
    private final Set<String> seen = new HashSet<>();
    private final PresenceProbe probe = new PresenceProbe();
    private final String marker = UUID.randomUUID().toString();
    private boolean marked;

    StoreEngine(StoreSettings settings, Topics topics, Codec codec, Transport transport, StoreThread thread) {
        this.settings = settings;
        this.topics = topics;
        this.codec = codec;
        this.transport = transport;
        this.thread = thread;
        this.echoTopic = topics.echo(settings.node());
        this.link = new Link(settings, transport, thread,
                List.of(new Transport.Filter(topics.all(), true), new Transport.Filter(echoTopic, false)));
    }

    void start() {
        link.start(this);
    }

    Views views() {
        return views;
    }

    /** Runs on the store thread, after every task already queued (writes keep their order). */
    void execute(Runnable task) {
        thread.run(task);
    }

    /** Queues a retained write (an empty payload removes the row). */
    void write(String topic, byte[] payload) {
        thread.run(() -> writeNow(topic, payload));
    }

    /** Sends this node's echo; dropped unless in step (a node half-way through its sync proves no contact yet). */
    void echo(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        thread.run(() -> {
            if (state == State.LIVE) {
                transport.send(echoTopic, payload);
            }
        });
    }

    Registration addEchoListener(Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        echoListeners.add(listener);
        return () -> echoListeners.remove(listener);
    }

    // ---- for tasks given to execute(): store thread only ----

    void writeNow(String topic, byte[] payload) {
        outbox.write(topic, payload);
        flush();
    }

    Mirror mirror() {
        return mirror;
    }

    Outbox outbox() {
        return outbox;
    }

    // ---- the connection's events ----

    @Override
    public void connected() {
        state = State.SYNCING;
        seen.clear();
        publishPresence(null);
        transport.publish(topics.sync(settings.node()), codec.sync(probe.start()), false, NOTHING);
        link.later(settings.connectionTimeout(), () -> {
            if (state == State.SYNCING) {
                LOG.warn("own sync marker did not come back within {} s; taking the state received so far",
                        settings.connectionTimeout().toSeconds());
                synced();
            }
        });
    }

    @Override
    public void lost() {
        state = State.OFFLINE;
        outbox.connectionLost();
        views.publish(mirror.snapshot(false), mirror.channels());
    }

    @Override
    public void message(String topic, byte[] payload) {
        receive(topic, payload);
    }

    @Override
    public void delivered() {
        if (outbox.hasDue()) {
            flush();
        }
    }

    // ---- incoming ----

    private void receive(String topic, byte[] payload) {
        if (topic.equals(echoTopic)) {
            echoed(new String(payload, StandardCharsets.UTF_8));
            return;
        }
        Optional<Address> at = topics.parse(topic);
        if (at.isEmpty()) {
            LOG.warn("ignoring a message on {}: not a topic of the store's layout", topic);
            return;
        }
        Decoded d;
        try {
            d = Decoder.decode(at.get(), payload);
        } catch (RuntimeException e) {
            LOG.warn("ignoring the malformed payload on {}: {}", topic, e.getMessage());
            return;
        }
        Kind kind = at.get().kind();
        if (kind == Kind.SYNC) {
            d.value().map(Sync.class::cast).ifPresent(sync -> syncMarker(at.get().name(), sync));
            return;
        }
        seen.add(topic);
        boolean mine = d.by().filter(settings.node()::equals).isPresent();
        if (kind.owned()) {
            outbox.observed(topic, payload, mine);
        }
        if (kind == Kind.REQUEST && mine && d.value().isPresent()
                && mirror.rows().containsKey(topics.outcome(at.get().name()))) {
            // this node's retry of a request sent just before a disconnection, answered meanwhile: take it back
            writeNow(topic, Codec.REMOVED);
        } else if (kind == Kind.PRESENCE) {
            presence(at.get().name(), d.value().map(Presence.class::cast));
        }
        mirror = d.value().isPresent() ? mirror.with(topic, new Row(at.get(), payload, d.value().get()))
                : mirror.without(topic);
        show();
    }

    private void echoed(String text) {
        for (Consumer<String> l : echoListeners) {
            try {
                l.accept(text);
            } catch (RuntimeException e) {
                LOG.error("echo listener {} failed", l, e);
            }
        }
    }

    private void syncMarker(String node, Sync sync) {
        if (!node.equals(settings.node())) {
            publishPresence(sync.nonce()); // answer the probe of a node that just connected
        } else if (probe.isOwnMarker(sync.nonce()) && state == State.SYNCING) {
            synced();
        }
    }

    private void presence(String node, Optional<Presence> presence) {
        boolean online = presence.map(Presence::online).orElse(false);
        if (node.equals(settings.node())) {
            if (!online) {
                // the Will of an earlier connection, or a mark by a node that took this one for dead
                LOG.info("the store shows this node offline; announcing that it is online");
                publishPresence(null);
            }
        } else if (online) {
            if (probe.answer(node, presence.get().probe().orElse(null)) && state == State.PROBING) {
                goLive();
            }
        } else if (presence.isPresent() && presence.get().by().isEmpty() && mirror.online(topics, node)) {
            // a live Will: retain the offline ourselves, as a broker may not have replaced the retained "online"
            LOG.info("node {} is gone (its connection to the broker died)", node);
            transport.publish(topics.presence(node), codec.presence(false, null), true, NOTHING);
        }
    }

    // ---- after the retained state arrived ----

    private void synced() {
        state = State.PROBING;
        String markerTopic = topics.marker(settings.node());
        boolean kept = seen.contains(markerTopic)
                && mirror.value(markerTopic, Marker.class).map(Marker::id).filter(marker::equals).isPresent();
        // on the first connection there is nothing of this node's to restore
        boolean lost = marked && !kept;
        if (!kept) {
            transport.publish(markerTopic, codec.marker(marker), true, NOTHING);
        }
        marked = true;
        Set<String> unseen = new HashSet<>(mirror.rows().keySet());
        unseen.removeAll(seen);
        if (lost) {
            LOG.warn("the broker lost its retained state; re-publishing the rows this node owns");
            outbox.republishOwned();
            link.later(settings.settleWindow(), this::settle);
        } else if (!unseen.isEmpty()) {
            LOG.info("{} rows were removed while this node was disconnected", unseen.size());
            mirror = mirror.without(unseen);
        }
        Set<String> online = new TreeSet<>();
        mirror.rows().forEach((topic, row) -> {
            String node = row.address().name();
            if (row.address().kind() == Kind.PRESENCE && seen.contains(topic) && mirror.online(topics, node)
                    && !node.equals(settings.node())) {
                online.add(node);
            }
        });
        if (probe.await(online)) {
            link.later(settings.probeTimeout(), this::probeExpired);
        } else {
            goLive();
        }
    }

    private void probeExpired() {
        if (state != State.PROBING) {
            return;
        }
        for (String node : probe.unanswered()) {
            LOG.warn("node {} shows online but did not answer within {} s: the broker kept a stale presence; "
                    + "marking it offline", node, settings.probeTimeout().toSeconds());
            markOffline(node);
        }
        goLive();
    }

    private void goLive() {
        state = State.LIVE;
        LOG.info("in sync: {} retained rows, live nodes {}", mirror.rows().size(), mirror.snapshot(true).liveNodes());
        flush();
        show();
    }

    /** After the broker lost its state: re-publish what nobody did, forget nodes that did not come back. */
    private void settle() {
        if (state != State.LIVE) {
            return;
        }
        Set<String> gone = new TreeSet<>();
        int restored = 0;
        for (var e : mirror.rows().entrySet()) {
            if (seen.contains(e.getKey())) {
                continue;
            }
            if (e.getValue().address().kind() == Kind.PRESENCE) {
                gone.add(e.getKey());
            } else if (transport.publish(e.getKey(), e.getValue().payload(), true, NOTHING)) {
                restored++;
            }
        }
        if (restored > 0 || !gone.isEmpty()) {
            LOG.info("after the broker lost its state: re-published {} rows whose writers did not, {} nodes did not "
                    + "come back", restored, gone.size());
        }
        mirror = mirror.without(gone);
        show();
    }

    // ---- outgoing ----

    private void flush() {
        if (state != State.LIVE) {
            return;
        }
        for (Outbox.Due d : outbox.due()) {
            if (!transport.publish(d.topic(), d.payload(), true, () -> thread.run(() -> outbox.acknowledged(d)))) {
                return; // sent at the next delivery or connection
            }
            outbox.sent(d);
        }
    }

    private void publishPresence(String probe) {
        transport.publish(topics.presence(settings.node()), codec.presence(true, probe), true, NOTHING);
    }

    private void markOffline(String node) {
        byte[] offline = codec.presence(false, null);
        transport.publish(topics.presence(node), offline, true, NOTHING);
        mirror = mirror.with(topics.presence(node), new Row(new Address(Kind.PRESENCE, node, ""), offline,
                new Presence(false, Optional.of(settings.node()), Optional.empty())));
    }

    private void show() {
        if (state == State.LIVE) {
            views.publish(mirror.snapshot(true), mirror.channels());
        }
    }

    // ---- shutdown ----

    /** Announces this node offline (no Will needed), then disconnects cleanly. */
    void close(Duration timeout) {
        CountDownLatch announced = new CountDownLatch(1);
        boolean ran = thread.call(() -> {
            boolean connected = state != State.OFFLINE && state != State.CLOSED;
            state = State.CLOSED;
            link.close();
            if (!connected || !transport.publish(topics.presence(settings.node()), codec.presence(false, null), true,
                    announced::countDown)) {
                announced.countDown();
            }
        }, timeout);
        try {
            if (ran) {
                announced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close(timeout);
        thread.shutdown();
    }

    /** Stops dead, as a crash would: the broker publishes this node's Will. */
    void abort() {
        thread.shutdown();
        transport.abort();
    }
}
