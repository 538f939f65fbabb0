package io.baton.store.mqtt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The connection to the broker: connects, subscribes to the cluster's tree and the node's echo, reconnects after a
 * failure with a back-off (0.25 s doubling up to the configured maximum), and hands each connection's events to the
 * store thread only while that connection is the current one, so a late callback of an old connection changes
 * nothing.
 * Store thread only.
 */
final class Link {
    private static final Logger LOG = LoggerFactory.getLogger(Link.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);

    /** What the store does with the connection; called on the store thread. */
    interface Handler {
        /** Connected and subscribed: the retained state is on its way. */
        void connected();

        /** The connection is gone; a reconnection is scheduled. */
        void lost();

        void message(String topic, byte[] payload);

        /** A publish completed (room for messages that did not fit). */
        void delivered();
    }

    private final StoreSettings settings;
    private final String name; // the broker, for the log
    private final Transport transport;
    private final StoreThread thread;
    private final List<Transport.Filter> filters;
    private final Rejections rejections;
    private Handler handler;
    private int session;
    private int failures;
    private boolean answered; // the current attempt connected or failed
    private boolean closed;

    Link(StoreSettings settings, String name, Transport transport, StoreThread thread, List<Transport.Filter> filters,
         Rejections rejections) {
        this.settings = settings;
        this.rejections = rejections;
        this.name = name;
        this.transport = transport;
        this.thread = thread;
        this.filters = List.copyOf(filters);
    }

    void start(Handler h) {
        this.handler = h;
        thread.run(this::connect);
    }

    /** Runs the task after the delay, unless this connection has ended by then. */
    void later(Duration delay, Runnable task) {
        int s = session;
        thread.schedule(() -> {
            if (s == session) {
                task.run();
            }
        }, delay);
    }

    /** No further events: the store is closing, or this link is replaced. */
    void close() {
        closed = true;
        session++;
    }

    boolean closed() {
        return closed;
    }

    private void connect() {
        if (closed) {
            return;
        }
        int s = ++session;
        answered = false;
        transport.connect(events(s));
        // never wait forever for an attempt (Paho tries each URL for up to the timeout): the broker may accept the
        // socket and not answer, or Paho hang
        Duration limit = settings.connectionTimeout().plusSeconds(1);
        later(limit, () -> {
            if (!answered) {
                reconnectLater("no answer within " + limit.toSeconds() + " s from",
                        new TimeoutException("connection attempt abandoned"));
            }
        });
    }

    private void reconnectLater(String what, Throwable cause) {
        // a fresh client for the next attempt: Paho 1.2.5 can be left believing it is connected (or connecting)
        // after a connection that the broker closed under it, and then refuses every connect
        transport.reset();
        session++; // late callbacks of the old client change nothing
        long delay = Math.min(settings.reconnectMaxDelay().toMillis(), FIRST_RETRY.toMillis() << Math.min(failures, 16));
        failures++;
        if (failures == 1) {
            LOG.warn("{} {} ({}); retrying, at least every {} s", what, name, describe(cause),
                    settings.reconnectMaxDelay().toSeconds());
        } else {
            LOG.debug("{} {} ({}), attempt {}", what, name, describe(cause), failures);
        }
        thread.schedule(this::connect, Duration.ofMillis(delay));
    }

    private void connected(int s) {
        LOG.info("connected to {}", name);
        failures = 0;
        transport.subscribe(filters, error -> current(s, () -> {
            if (error == null) {
                handler.connected();
            } else {
                // without the subscription there is no mirror: drop the connection and try again
                handler.lost();
                reconnectLater("cannot subscribe to " + filters.stream().map(Transport.Filter::topic).toList()
                        + " on", error);
            }
        }));
    }

    private Transport.Events events(int s) {
        return new Transport.Events() {
            @Override
            public void connected() {
                current(s, () -> {
                    answered = true;
                    Link.this.connected(s);
                });
            }

            @Override
            public void connectFailed(Throwable cause) {
                current(s, () -> {
                    answered = true;
                    reconnectLater("cannot connect to", cause);
                });
            }

            @Override
            public void lost(Throwable cause) {
                current(s, () -> {
                    handler.lost();
                    reconnectLater("lost the connection to", cause);
                });
            }

            @Override
            public void message(String topic, byte[] payload) {
                current(s, () -> {
                    if (payload.length > settings.maxMessageBytes()) {
                        rejections.reject(topic, name, payload.length + " bytes, more than maxMessageBytes ("
                                + settings.maxMessageBytes() + ")");
                    } else {
                        handler.message(topic, payload);
                    }
                });
            }

            @Override
            public void delivered() {
                current(s, handler::delivered);
            }
        };
    }

    private void current(int s, Runnable task) {
        thread.run(() -> {
            if (s == session) {
                task.run();
            }
        });
    }

    /** A failure in one line: its message and its root cause's. */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return root == t || root.getMessage() == null ? message : message + ": " + root.getMessage();
    }
}
