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
public final class Tables implements AutoCloseable {
    /** An app row. */
    public record AppRow(String running, String backup, boolean processing) {
    }

    private final java.util.List<Watch> watches = new java.util.ArrayList<>();
    private final String prefix;
    private final String cluster;
    private final java.security.PublicKey operator; // null: every row is taken
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final Map<String, AppRow> apps = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> servers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> presence = new ConcurrentHashMap<>();
    private final Map<String, Long> offlineSince = new ConcurrentHashMap<>();
    private volatile JsonObject controller = new JsonObject();
    private volatile long lastRequestEpochNanos;
    private volatile long connectedNanos;
    private volatile BiConsumer<String, Long> onAppRow = (app, nanos) -> { };
    private final Map<String, java.util.concurrent.atomic.AtomicLong> received = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> values = new ConcurrentHashMap<>();

    /** How often each distinct value (writer, version, server, term) came on {@code topic}, the most frequent first. */
    public Map<String, Long> valuesOn(String topic, int top) {
        Map<String, Long> most = new java.util.LinkedHashMap<>();
        values.entrySet().stream().filter(e -> e.getKey().startsWith(topic + " "))
                .sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get())).limit(top)
                .forEach(e -> most.put(e.getKey().substring(topic.length() + 1), e.getValue().get()));
        return most;
    }

    /**
     * How many messages arrived on each topic since the watch began, the busiest first (at most {@code top}):
     * what a failed test shows when the nodes may be publishing in a loop.
     */
    public Map<String, Long> busiestTopics(int top) {
        Map<String, Long> busiest = new java.util.LinkedHashMap<>();
        received.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get())).limit(top)
                .forEach(e -> busiest.put(e.getKey(), e.getValue().get()));
        return busiest;
    }

    public Tables(String brokerUrl, String cluster, String username, String password) throws MqttException {
        this(java.util.List.of(brokerUrl), cluster, username, password);
    }

    public Tables(java.util.List<String> brokerUrls, String cluster, String username, String password) throws MqttException {
        this(brokerUrls, cluster, username, password, null);
    }

    /**
     * A watcher that takes only rows signed by {@code operator} or by a node key it certified, as the nodes do:
     * what a forger publishes to the brokers is not the tables.
     */
    public Tables(java.util.List<String> brokerUrls, String cluster, String username, String password,
                  java.security.PublicKey operator) throws MqttException {
        this.cluster = cluster;
        this.operator = operator;
        this.prefix = "baton/" + cluster + "/";
        for (String url : brokerUrls) {
            Watch w = new Watch(url, username, password);
            try {
                w.connect();
            } catch (MqttException e) {
                if (watches.isEmpty()) {
                    throw e; // the first broker must answer; a later one may be down, it is watched once it is up
                }
                w.retryLater();
            }
            watches.add(w);
        }
        connectedNanos = System.nanoTime();
    }

    /**
     * One broker's watch. Paho's automatic reconnect is not used: after a broker restart Paho 1.2.5 can stay
     * believing it is connecting and never reconnect, and a subscription from its callback can wait on that same
     * callback thread. Each attempt is a fresh client, made and subscribed from the watch's own thread.
     */
    private final class Watch {
        private final String url;
        private final MqttConnectOptions options = new MqttConnectOptions();
        private volatile MqttClient client;
        private volatile boolean closed;
        private boolean retrying; // guarded by this

        Watch(String url, String username, String password) {
            this.url = url;
            options.setCleanSession(true);
            options.setAutomaticReconnect(false);
            options.setKeepAliveInterval(2);
            options.setConnectionTimeout(5);
            if (username != null) {
                options.setUserName(username);
                options.setPassword(password.toCharArray());
            }
        }

        /** Connects and subscribes now; a failure is thrown (the first broker must answer). */
        void connect() throws MqttException {
            MqttClient fresh = new MqttClient(url, "baton-test-watch-" + System.nanoTime(), new MemoryPersistence());
            fresh.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    if (fresh == client) {
                        retryLater();
                    }
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                    received.computeIfAbsent(topic, t -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
                    values.computeIfAbsent(topic + " " + describe(message.getPayload()),
                            t -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
                    if (operator == null || message.getPayload().length == 0 || signed(topic, message.getPayload())) {
                        received(topic.substring(prefix.length()), new String(message.getPayload(), StandardCharsets.UTF_8));
                    }
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                }
            });
            try {
                fresh.connect(options);
                client = fresh;
                subscribe(fresh);
                connectedNanos = System.nanoTime();
            } catch (MqttException | RuntimeException e) {
                closeQuietly(fresh);
                throw e;
            }
        }

        /** Tries again every second, on a thread of its own, until connected or closed. */
        synchronized void retryLater() {
            if (retrying || closed) {
                return;
            }
            retrying = true;
            Thread t = new Thread(() -> {
                MqttClient lost = client;
                closeQuietly(lost);
                while (!closed) {
                    try {
                        connect();
                        break;
                    } catch (MqttException | RuntimeException e) {
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException stop) {
                            break;
                        }
                    }
                }
                synchronized (this) {
                    retrying = false;
                }
            }, "baton-test-watch-retry");
            t.setDaemon(true);
            t.start();
        }

        boolean connected() {
            MqttClient c = client;
            return c != null && c.isConnected();
        }

        void close() {
            closed = true;
            MqttClient c = client;
            if (c != null) {
                try {
                    if (c.isConnected()) {
                        c.disconnect(1000);
                    }
                } catch (MqttException e) {
                    // closing anyway
                }
                closeQuietly(c);
            }
        }
    }

    /** A row in short: its writer, version, server and term, whether signed; or its size if it is not JSON. */
    private static String describe(byte[] payload) {
        try {
            String text = new String(payload, StandardCharsets.UTF_8);
            JsonObject o = JsonParser.parseString(text.contains("\n") ? text.substring(0, text.lastIndexOf('\n'))
                    : text).getAsJsonObject();
            return "by=" + o.get("by") + " v=" + o.get("v") + (o.has("server") ? " server=" + o.get("server") : "")
                    + (o.has("term") ? " term=" + o.get("term") : "") + " " + payload.length + " bytes";
        } catch (RuntimeException e) {
            return payload.length + " bytes, not a JSON row";
        }
    }

    private static void closeQuietly(MqttClient c) {
        if (c == null) {
            return;
        }
        try {
            c.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            // gone already
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            // idem
        }
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

    /** Whether a row is signed by the operator key or by a node key the operator key certified. */
    private boolean signed(String topic, byte[] payload) {
        try {
            io.baton.trust.Envelope.Opened opened = io.baton.trust.Envelope.open(payload);
            JsonObject body = JsonParser.parseString(new String(opened.body(), StandardCharsets.UTF_8)).getAsJsonObject();
            if (!body.has("key")) {
                return io.baton.trust.Envelope.verify(topic, opened, operator);
            }
            io.baton.trust.NodeCertificate certificate = new io.baton.trust.NodeCertificate(cluster,
                    body.get("by").getAsString(), body.get("key").getAsString(), body.get("cert").getAsString());
            return certificate.signedBy(operator) && io.baton.trust.Envelope.verify(topic, opened, certificate.publicKey());
        } catch (RuntimeException e) {
            return false;
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
    public void onAppRow(BiConsumer<String, Long> listener) {
        this.onAppRow = listener;
    }

    /**
     * Whether this watcher (re)connected and subscribed after a moment (System.nanoTime()): until then, after a
     * broker restart, what it shows is what it saw before.
     */
    public boolean connectedSince(long nanos) {
        return watches.stream().anyMatch(Watch::connected) && connectedNanos - nanos > 0;
    }

    /** When this watcher last saw a node's presence turn offline (epoch nanos), 0 if never. */
    public long offlineSince(String node) {
        return offlineSince.getOrDefault(node, 0L);
    }

    /** When the newest operator request reached this watcher (epoch nanos), 0 if none did. */
    public long lastRequestEpochNanos() {
        return lastRequestEpochNanos;
    }

    public Map<String, AppRow> apps() {
        return new TreeMap<>(apps);
    }

    /** Every app to "running/backup", the shape the simulator's answer is compared in. */
    public Map<String, String> placement() {
        Map<String, String> p = new TreeMap<>();
        apps.forEach((app, row) -> p.put(app, row.running() + "/" + row.backup()));
        return p;
    }

    public boolean settled() {
        return !apps.isEmpty() && apps.values().stream().noneMatch(AppRow::processing)
                && servers.values().stream().noneMatch(s -> s.has("processing") && s.get("processing").getAsBoolean());
    }

    public String serverState(String server) {
        JsonObject s = servers.get(server);
        return s == null ? null : text(s, "state");
    }

    public Map<String, Boolean> presence() {
        return new TreeMap<>(presence);
    }

    public String controller() {
        return text(controller, "server");
    }

    public long term() {
        JsonElement t = controller.get("term");
        return t == null ? 0 : t.getAsLong();
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
    }
}
