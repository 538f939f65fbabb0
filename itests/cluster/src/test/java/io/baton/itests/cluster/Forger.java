package io.baton.itests.cluster;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An attacker on the brokers: an MQTT client holding some broker credentials (the administrative password, or one
 * node's own user) but none of Baton's keys. It sees every retained row, as any subscriber does, and publishes
 * what it likes to every broker at once — QoS 0, since a broker that refuses a publish by its ACL may simply not
 * answer one of QoS 1.
 */
final class Forger implements AutoCloseable {
    private final List<MqttClient> clients = new ArrayList<>();
    private final Map<String, byte[]> retained = new ConcurrentHashMap<>();
    private final String user;
    private final MqttConnectOptions options = new MqttConnectOptions();

    Forger(List<String> brokerUrls, String user, String password) throws MqttException {
        this.user = user;
        options.setCleanSession(true);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        options.setConnectionTimeout(5);
        for (String url : brokerUrls) {
            MqttClient client = new MqttClient(url, "forger-" + System.nanoTime(), new MemoryPersistence());
            client.connect(options);
            // the latest of each row, retained or live (Moquette does not always flag the retained ones)
            client.subscribe("baton/#", 1, (topic, message) -> retained.put(topic, message.getPayload()));
            clients.add(client);
        }
    }

    /** The broker user it connects as; null when anonymous. */
    String user() {
        return user;
    }

    @Override
    public String toString() {
        return user == null ? "an anonymous client" : "broker user " + user;
    }

    /** The retained row on {@code topic} as this client received it, parsed; fails when it has none. */
    JsonObject row(String topic) {
        byte[] payload = retained.get(topic);
        if (payload == null) {
            throw new AssertionError(this + " holds no retained " + topic + "; it has " + retained.keySet());
        }
        return JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    byte[] raw(String topic) {
        return retained.get(topic);
    }

    java.util.Set<String> topics() {
        return new java.util.TreeSet<>(retained.keySet());
    }

    boolean holds(String topic) {
        return retained.containsKey(topic);
    }

    void publish(String topic, JsonObject payload) throws MqttException {
        publish(topic, payload.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes, retained, on every broker; a broker that drops the connection (too large, refused) is reconnected. */
    void publish(String topic, byte[] payload) throws MqttException {
        for (MqttClient client : clients) {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(0);
            message.setRetained(true);
            if (!client.isConnected()) {
                client.connect(options);
            }
            client.publish(topic, message);
        }
    }

    @Override
    public void close() {
        for (MqttClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnect(2000);
                }
                client.close();
            } catch (MqttException e) {
                // closing a test client: nothing to do
            }
        }
    }
}
