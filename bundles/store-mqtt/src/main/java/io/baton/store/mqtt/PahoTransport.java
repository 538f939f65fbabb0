package io.baton.store.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link Transport} over the Eclipse Paho v3 asynchronous client; the only class that sees Paho.
 *
 * <p>Clean sessions: the retained messages restore the state, and a node's own rows are re-published by the
 * store. Paho's automatic reconnect is off because the store reconnects itself: Paho 1.2.5 never retries a first
 * connection that failed (the embedded broker may still be starting), keeps its back-off in a static field shared
 * by every client of the JVM, and lets the delay overshoot its maximum.
 *
 * <p>One client talks to one broker. Its Last Will, if any, is asked for anew at every connection: a node's
 * presence names the connection, so that the late Will of an earlier connection is told apart.
 */
final class PahoTransport implements Transport {
    private static final int QOS = 1;
    // room for re-publishing every owned row at once after the broker lost them
    private static final int MAX_IN_FLIGHT = 1000;

    /** A Last Will: published retained by the broker when the connection dies without a DISCONNECT. */
    record Will(String topic, byte[] payload) {
    }

    private final StoreSettings settings;
    private final String url;
    private final String clientId;
    private final Supplier<Optional<Will>> will;
    private volatile MqttAsyncClient client;
    private volatile Events events;

    PahoTransport(StoreSettings settings, String url, String clientId, Supplier<Optional<Will>> will) {
        this.settings = settings;
        this.url = url;
        this.clientId = clientId;
        this.will = will;
        client = newClient();
    }

    private MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setServerURIs(new String[]{url});
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout((int) settings.connectionTimeout().toSeconds());
        options.setMaxInflight(MAX_IN_FLIGHT);
        will.get().ifPresent(w -> options.setWill(w.topic(), w.payload(), QOS, true));
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(p -> options.setPassword(p.toCharArray()));
        if (settings.tls().custom()) {
            options.setSocketFactory(TlsContexts.socketFactory(settings.tls()));
        }
        options.setHttpsHostnameVerificationEnabled(settings.tls().hostnameVerification());
        return options;
    }

    private MqttAsyncClient newClient() {
        MqttAsyncClient created;
        try {
            // memory persistence: Paho's default writes files into the working directory
            created = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + url + ": " + e.getMessage(), e);
        }
        MqttAsyncClient self = created;
        // a client replaced by reset() may still call back: only the current one speaks
        created.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                if (self == client) {
                    events.lost(cause);
                }
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // must not throw: Paho would drop the connection
                if (self == client) {
                    events.message(topic, message.getPayload());
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                if (self == client) {
                    events.delivered();
                }
            }
        });
        return created;
    }

    @Override
    public void connect(Events events) {
        this.events = events;
        try {
            client.connect(options(), null, listener(events::connected, events::connectFailed));
        } catch (MqttException | RuntimeException e) {
            events.connectFailed(e);
        }
    }

    @Override
    public void subscribe(List<Filter> filters, Consumer<Throwable> done) {
        String[] topics = filters.stream().map(Filter::topic).toArray(String[]::new);
        int[] qos = filters.stream().mapToInt(f -> f.reliable() ? QOS : 0).toArray();
        try {
            client.subscribe(topics, qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] granted = token.getGrantedQos();
                    for (int i = 0; i < topics.length; i++) {
                        // 0x80 in the SUBACK: the broker refused that filter (Paho still reports success)
                        if (i >= granted.length || granted[i] == 0x80) {
                            done.accept(new IllegalStateException("the broker refused the subscription to "
                                    + topics[i]));
                            return;
                        }
                    }
                    done.accept(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    done.accept(cause);
                }
            });
        } catch (MqttException | RuntimeException e) {
            done.accept(e);
        }
    }

    @Override
    public void unsubscribe(String topic) {
        try {
            client.unsubscribe(topic);
        } catch (MqttException | RuntimeException e) {
            // not connected: the subscription went with the connection
        }
    }

    @Override
    public boolean publish(String topic, byte[] payload, boolean retained, Runnable acknowledged) {
        try {
            client.publish(topic, payload, QOS, retained, null, listener(acknowledged, cause -> { }));
            return true;
        } catch (MqttException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void send(String topic, byte[] payload) {
        try {
            client.publish(topic, payload, 0, false);
        } catch (MqttException | RuntimeException e) {
            // QoS 0: a message that cannot go now is simply lost
        }
    }

    @Override
    public void reset() {
        MqttAsyncClient old = client;
        client = newClient();
        try {
            old.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            // it is being thrown away anyway
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            // idem
        }
    }

    @Override
    public void drop() {
        try {
            client.disconnect();
        } catch (MqttException | RuntimeException e) {
            try {
                client.disconnectForcibly(0, 0, true);
            } catch (MqttException | RuntimeException again) {
                // down already
            }
        }
    }

    @Override
    public void close(Duration timeout) {
        try {
            if (client.isConnected()) {
                client.disconnect(timeout.toMillis()).waitForCompletion(timeout.toMillis());
            }
        } catch (MqttException | RuntimeException e) {
            abort();
        }
        release();
    }

    @Override
    public void abort() {
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            // already down
        }
        release();
    }

    private void release() {
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            // nothing left to release
        }
    }

    private static IMqttActionListener listener(Runnable success, Consumer<Throwable> failure) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                success.run();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                failure.accept(cause);
            }
        };
    }
}
