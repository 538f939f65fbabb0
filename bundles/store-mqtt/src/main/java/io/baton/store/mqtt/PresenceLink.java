package io.baton.store.mqtt;

import io.baton.store.mqtt.Decoder.Presence;
import io.baton.store.mqtt.Topics.Address;
import io.baton.store.mqtt.Topics.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * This node's connection to one broker for its presence and heartbeats. Its Last Will is the others' one sign, at
 * once, that this node's process died; so it carries nothing but the heartbeats and presences: it subscribes to
 * every node's heartbeat (this node's own coming back shows the broker alive) and to the presences on that broker
 * (the others' Wills). Its subscriptions are made once, at connection: a replicating broker that lost a server
 * refuses new subscriptions for seconds (NATS JetStream re-electing its stream leaders resets the connections that
 * try), so nothing may depend on subscribing at the moment of a failure. A live node never closes it except cleanly
 * (DISCONNECT, no Will) when it stops; each connection has its own id, which the presence and the Will name, so a
 * late Will of an earlier connection is told apart.
 * Store thread only.
 */
final class PresenceLink implements Link.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceLink.class);

    /** What the link tells the store; called on the store thread. */
    interface Listener {
        /** This node's own beat came back through this broker. */
        void echoed(int link, long run, long seq);

        /** A Will (or a goodbye) on this broker: that node's connection {@code conn} to it closed. */
        void will(int link, String node, String conn);

        /** The connection came up or went down. */
        void changed(int link);

        /** Another node's heartbeat, heard on this link. */
        void beat(String node, byte[] payload);
    }

    private final int index;
    private final String url;
    private final String node;
    private final Topics topics;
    private final Codec codec;
    private final Sealer sealer;
    private final Guard guard;
    private final Transport transport;
    private final Link link;
    private final Listener listener;
    private final String connPrefix;
    private final Rejections rejections;
    private int attempts;
    private String pendingConn = "";
    private String conn = "";
    private boolean connected;

    PresenceLink(int index, String url, StoreSettings settings, Topics topics, Codec codec, Sealer sealer, Guard guard,
                 StoreEngine.Transports transports, StoreThread thread, Listener listener, String connPrefix,
                 Rejections rejections) {
        this.index = index;
        this.rejections = rejections;
        this.url = url;
        this.node = settings.node();
        this.topics = topics;
        this.codec = codec;
        this.sealer = sealer;
        this.guard = guard;
        this.listener = listener;
        this.connPrefix = connPrefix + "-" + index + "-";
        String presence = topics.presence(node, index);
        this.transport = transports.create(index, settings.clientId() + "-p" + index, () -> {
            pendingConn = this.connPrefix + (++attempts);
            // signed now: the broker publishes it as it is, long after, when the connection dies
            return Optional.of(new PahoTransport.Will(presence, sealer.asNode(presence, codec.will(pendingConn))));
        });
        this.link = new Link(settings, url + " (presence)", transport, thread,
                List.of(new Transport.Filter(topics.beats(), false), new Transport.Filter(topics.presences(index),
                        false)), rejections);
    }

    void start() {
        link.start(this);
    }

    int index() {
        return index;
    }

    String url() {
        return url;
    }

    boolean up() {
        return connected;
    }

    /** The current connection's id (the Will names it). */
    String conn() {
        return conn;
    }

    /** Sends a heartbeat through this broker (QoS 0: one that cannot go now is lost). */
    void send(byte[] beat) {
        if (connected) {
            transport.send(topics.beat(node), beat);
        }
    }

    @Override
    public void connected() {
        conn = pendingConn;
        connected = true;
        String presence = topics.presence(node, index);
        transport.publish(presence, sealer.asNode(presence, codec.presence(true, conn)), true, () -> { });
        listener.changed(index);
    }

    @Override
    public void lost() {
        connected = false;
        listener.changed(index);
    }

    @Override
    public void message(String topic, byte[] payload) {
        if (topic.equals(topics.beat(node))) {
            try {
                Membership.Beat beat = Decoder.beat(node, payload);
                Optional<String> problem = guard.beat(topic, node, payload);
                if (problem.isPresent()) {
                    throw new IllegalArgumentException(problem.get());
                }
                listener.echoed(index, beat.run(), beat.seq());
            } catch (RuntimeException e) {
                rejections.reject(topic, url, e.getMessage());
            }
            return;
        }
        Optional<String> beatOf = topics.beatOf(topic);
        if (beatOf.isPresent()) {
            listener.beat(beatOf.get(), payload);
            return;
        }
        Optional<Address> at = topics.parse(topic);
        if (at.isEmpty() || at.get().kind() != Kind.PRESENCE || !at.get().key().equals(String.valueOf(index))
                || payload.length == 0) {
            return;
        }
        try {
            Decoder.Decoded d = Decoder.decode(at.get(), payload);
            Optional<String> problem = guard.row(topic, at.get(), payload, d, List.of());
            if (problem.isPresent()) {
                throw new IllegalArgumentException(problem.get());
            }
            Presence p = (Presence) d.value().orElseThrow();
            // a Will (signed by the node at connection, sent by the broker), or the node's goodbye at a clean stop
            if (!p.online()) {
                listener.will(index, at.get().name(), p.conn());
            }
        } catch (RuntimeException e) {
            rejections.reject(topic, url, e.getMessage());
        }
    }

    @Override
    public void delivered() {
        // nothing waits for room on this link
    }

    /** Announces this node offline here (no Will needed), waiting at most {@code timeout} for the broker. */
    void announceOffline(Duration timeout) {
        link.close();
        if (!connected) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        String presence = topics.presence(node, index);
        if (transport.publish(presence, sealer.asNode(presence, codec.presence(false, conn)), true, done::countDown)) {
            try {
                done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes the connection cleanly: the broker does not publish the Will. */
    void close(Duration timeout) {
        link.close();
        transport.close(timeout);
    }

    /** Drops the connection as a crash would: the broker publishes the Will. */
    void abort() {
        link.close();
        transport.abort();
    }

    @Override
    public String toString() {
        return "presence link " + index + " to " + url + (connected ? " (connection " + conn + ")" : " (down)");
    }
}
