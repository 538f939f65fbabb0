package io.baton.itests.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The cluster's tables as the brokers hold them, watched live over MQTT (the retained topics of
 * README's topic layout) on every broker at once, the newest value of each row winning (rows carry
 * versions; a removed row is a tombstone), so tests and the benchmark see a change the moment it is
 * published, whichever broker the nodes use, instead of polling a console. Read-only: it never publishes.
 */
final class Tables implements AutoCloseable {
    /** An app row. */
    record AppRow(String running, String backup, boolean processing) {
    }

    private final java.util.List<MqttClient> clients = new java.util.ArrayList<>();
    private final String prefix;
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final Map<String, AppRow> apps = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> servers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> presence = new ConcurrentHashMap<>();
    private final Map<String, Long> offlineSince = new ConcurrentHashMap<>();
    private volatile JsonObject controller = new JsonObject();
    private volatile long lastRequestEpochNanos;
    private volatile long connectedNanos;
    private volatile BiConsumer<String, Long> onAppRow = (app, nanos) -> { };

    Tables(String brokerUrl, String cluster, String username, String password) throws MqttException {
        this(java.util.List.of(brokerUrl), cluster, username, password);
    }

    Tables(java.util.List<String> brokerUrls, String cluster, String username, String password) throws MqttException {
        this.prefix = "baton/" + cluster + "/";
        for (String url : brokerUrls) {
            clients.add(watch(url, username, password));
        }
        connectedNanos = System.nanoTime();
    }

    private MqttClient watch(String brokerUrl, String username, String password) throws MqttException {
        MqttClient client = new MqttClient(brokerUrl, "baton-test-watch-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setKeepAliveInterval(2);
        // after a broker restart: try again every second, not with Paho's backoff of up to 2 minutes
        options.setMaxReconnectDelay(1000);
        options.setConnectionTimeout(5);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.toCharArray());
        }
        MqttClient self = client;
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    subscribe(self);
                }
                connectedNanos = System.nanoTime();
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                received(topic.substring(prefix.length()), new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        try {
            client.connect(options);
            subscribe(client);
        } catch (MqttException e) {
            if (clients.isEmpty()) {
                throw e; // the first broker must answer; a later one may be down, it is watched once it is up
            }
            reconnectLater(client, options);
        }
        return client;
    }

    private void reconnectLater(MqttClient client, MqttConnectOptions options) {
        Thread t = new Thread(() -> {
            while (!client.isConnected()) {
                try {
                    client.connect(options);
                    subscribe(client);
                } catch (MqttException | IllegalStateException e) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }, "baton-test-watch-retry");
        t.setDaemon(true);
        t.start();
    }

    private void subscribe(MqttClient client) {
        try {
            client.subscribe(prefix + "#", 1);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot subscribe to " + prefix + "#: " + e, e);
        }
    }

    private synchronized void received(String path, String payload) {
        long now = System.nanoTime();
        String[] parts = path.split("/");
        JsonObject json = payload.isEmpty() ? null : parse(payload);
        if (json != null && json.has("v")) {
            long v = json.get("v").getAsLong();
            if (versions.getOrDefault(path, -1L) >= v) {
                return; // an older value, from a broker that holds a stale row, or the same one from another broker
            }
            versions.put(path, v);
            if (json.has("removed")) {
                json = null;
            }
        } else if (json == null && versions.containsKey(path)) {
            return; // no row on one broker: the others may hold it
        }
        if (parts.length == 2 && parts[0].equals("apps")) {
            if (json == null) {
                apps.remove(parts[1]);
            } else {
                apps.put(parts[1], new AppRow(text(json, "running"), text(json, "backup"),
                        json.has("processing") && json.get("processing").getAsBoolean()));
                onAppRow.accept(parts[1], now);
            }
        } else if (parts.length == 3 && parts[0].equals("servers") && parts[2].equals("state") && json != null) {
            servers.put(parts[1], json);
        } else if (parts.length == 4 && parts[0].equals("nodes") && parts[2].equals("presence") && json != null) {
            boolean online = json.has("online") && json.get("online").getAsBoolean();
            if (!online && !Boolean.FALSE.equals(presence.put(parts[1], false))) {
                offlineSince.put(parts[1], epochNanos()); // the broker's Will, or the first mark of the loss
            } else if (online) {
                presence.put(parts[1], true);
            }
        } else if (parts.length == 2 && parts[0].equals("requests") && json != null) {
            lastRequestEpochNanos = epochNanos();
        } else if (parts.length == 1 && parts[0].equals("controller") && json != null) {
            controller = json;
        }
    }

    private static long epochNanos() {
        java.time.Instant at = java.time.Instant.now();
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    private static JsonObject parse(String payload) {
        try {
            return JsonParser.parseString(payload).getAsJsonObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonObject json, String key) {
        JsonElement e = json.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    /** Called (on the MQTT thread) with the app and System.nanoTime() of every app row received. */
    void onAppRow(BiConsumer<String, Long> listener) {
        this.onAppRow = listener;
    }

    /**
     * Whether this watcher (re)connected and subscribed after a moment (System.nanoTime()): until then, after a
     * broker restart, what it shows is what it saw before.
     */
    boolean connectedSince(long nanos) {
        return clients.stream().anyMatch(MqttClient::isConnected) && connectedNanos - nanos > 0;
    }

    /** When this watcher last saw a node's presence turn offline (epoch nanos), 0 if never. */
    long offlineSince(String node) {
        return offlineSince.getOrDefault(node, 0L);
    }

    /** When the newest operator request reached this watcher (epoch nanos), 0 if none did. */
    long lastRequestEpochNanos() {
        return lastRequestEpochNanos;
    }

    Map<String, AppRow> apps() {
        return new TreeMap<>(apps);
    }

    /** Every app to "running/backup", the shape the simulator's answer is compared in. */
    Map<String, String> placement() {
        Map<String, String> p = new TreeMap<>();
        apps.forEach((app, row) -> p.put(app, row.running() + "/" + row.backup()));
        return p;
    }

    boolean settled() {
        return !apps.isEmpty() && apps.values().stream().noneMatch(AppRow::processing)
                && servers.values().stream().noneMatch(s -> s.has("processing") && s.get("processing").getAsBoolean());
    }

    String serverState(String server) {
        JsonObject s = servers.get(server);
        return s == null ? null : text(s, "state");
    }

    Map<String, Boolean> presence() {
        return new TreeMap<>(presence);
    }

    String controller() {
        return text(controller, "server");
    }

    long term() {
        JsonElement t = controller.get("term");
        return t == null ? 0 : t.getAsLong();
    }

    @Override
    public void close() throws MqttException {
        for (MqttClient client : clients) {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_CONNECT_IN_PROGRESS) {
                    throw e;
                }
                // an automatic reconnect under way (the broker was just stopped): its thread dies with the test JVM
            }
        }
    }
}
