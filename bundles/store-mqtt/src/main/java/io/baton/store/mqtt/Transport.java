package io.baton.store.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The MQTT connection as the store needs it: QoS 1 publish and subscribe, QoS 0 for the echo, a Last Will, no MQTT
 * types. The
 * store's logic talks only to this, so it can be tested without a broker and Paho stays inside one class.
 * Callbacks come on the connection's threads.
 */
interface Transport {

    /** What happens on one connection attempt and the connection it opens. */
    interface Events {
        void connected();

        void connectFailed(Throwable cause);

        void lost(Throwable cause);

        void message(String topic, byte[] payload);

        /** A publish completed: there is room again for messages that did not fit. */
        void delivered();
    }

    /** Starts connecting; exactly one of {@link Events#connected} and {@link Events#connectFailed} follows. */
    void connect(Events events);

    /** A topic filter to subscribe to; {@code reliable}: with QoS 1, else QoS 0 (what is lost stays lost). */
    record Filter(String topic, boolean reliable) {
    }

    /**
     * Subscribes to all the filters at once (one request: the broker sends the retained messages of all before
     * anything published after it granted them); {@code done} gets null once the broker granted every one, else why
     * not.
     */
    void subscribe(List<Filter> filters, Consumer<Throwable> done);

    /** Ends a subscription made with {@link #subscribe}; nothing happens when not connected. */
    void unsubscribe(String topic);

    /**
     * Sends a QoS 1 message; {@code acknowledged} runs when the broker confirmed it.
     *
     * @return false when it cannot be sent now (not connected, or too many messages in flight)
     */
    boolean publish(String topic, byte[] payload, boolean retained, Runnable acknowledged);

    /** Sends a QoS 0 message, not retained: no acknowledgement, nothing kept; dropped when not connected. */
    void send(String topic, byte[] payload);

    /**
     * Abandons the connection (or the attempt) and starts over with a fresh client; no event of the old one
     * follows. Paho 1.2.5 can hang in connect: the socket is open but no CONNECT is ever sent, and it does not time
     * out while waiting for the CONNACK.
     */
    void reset();

    /** Closes the connection cleanly but keeps the client for a later {@link #connect}; no event follows. */
    void drop();

    /** Closes the connection cleanly (the broker does not publish the Will) and releases everything. */
    void close(Duration timeout);

    /** Drops the connection without a word to the broker, as a crash would (the broker publishes the Will). */
    void abort();
}
