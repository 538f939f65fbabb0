package io.baton.store.mqtt;

import io.baton.api.model.AppStatus;
import io.baton.api.spi.DeployedRules;
import io.baton.api.testing.Await;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.baton.store.mqtt.Nodes.awaitLive;
import static io.baton.store.mqtt.Nodes.awaitSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The documented mosquitto set-up ({@code config/examples/mosquitto.acl}, one user per node) on a real mosquitto:
 * the store works under it, and a node's user cannot publish another node's presence or load.
 */
class MosquittoAclTest {
    private static final Path ACL = Path.of("..", "..", "config", "examples", "mosquitto.acl");
    private static final Map<String, String> USERS = Map.of("a", "pass-a", "b", "pass-b", "baton-admin", "pass-admin");
    private static Mosquitto mosquitto;
    private final List<MqttSharedStore> stores = new ArrayList<>();
    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        assertThat(ACL).as("the documented ACL file").exists();
        mosquitto = Mosquitto.startOrSkip(USERS, ACL);
    }

    @AfterAll
    static void stop() {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @AfterEach
    void close() throws MqttException {
        stores.forEach(MqttSharedStore::stop);
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 100);
            }
            c.close(true);
        }
    }

    @Test
    void the_store_works_with_a_user_per_node_and_a_nodes_user_cannot_write_another_nodes_rows() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        MqttClient admin = client("baton-admin");
        admin.subscribe("baton/acl/#", 1, (t, m) -> seen.put(t, new String(m.getPayload(), StandardCharsets.UTF_8)));
        MqttSharedStore a = node("a");
        MqttSharedStore b = node("b");
        awaitLive(a, Set.of("a", "b"));
        awaitLive(b, Set.of("a", "b"));
        a.putRules(new DeployedRules("r.json", "{\"cluster\":\"acl\",\"servers\":[\"a\",\"b\"],\"apps\":{}}", 1,
                Instant.EPOCH));
        b.putApp(AppStatus.of("X", "b", "a"));
        awaitSnapshot(a, "b's row and a's rules", s -> s.rules().isPresent() && s.tables().apps().containsKey("X"));
        awaitSnapshot(b, "a's rules", s -> s.rules().isPresent());

        MqttClient asB = client("b");
        // QoS 0: mosquitto drops what the ACL denies, silently
        asB.publish("baton/acl/nodes/a/presence/0", "{\"forged\":1}".getBytes(StandardCharsets.UTF_8), 0, true);
        asB.publish("baton/acl/servers/a/load", "{\"forged\":1}".getBytes(StandardCharsets.UTF_8), 0, true);
        asB.publish("baton/acl/servers/b/load", "{\"own\":1}".getBytes(StandardCharsets.UTF_8), 1, true);

        Await.until("b's own load row", Nodes.WAIT, () -> "{\"own\":1}".equals(seen.get("baton/acl/servers/b/load")));
        assertThat(seen.get("baton/acl/nodes/a/presence/0")).as("a's presence is a's own").doesNotContain("forged");
        assertThat(seen).doesNotContainKey("baton/acl/servers/a/load");
        assertThatThrownBy(() -> client("nobody")).isInstanceOf(MqttException.class);
    }

    private MqttSharedStore node(String name) {
        StoreSettings s = StoreSettings.of("acl", name, List.of(mosquitto.url()), Nodes.KEEP_ALIVE, Nodes.RECONNECT_MAX);
        MqttSharedStore store = new MqttSharedStore(new StoreSettings(s.cluster(), s.node(), s.clientId(), s.brokerUrls(),
                Optional.of(name), Optional.of(USERS.get(name)), s.keepAlive(), s.connectionTimeout(),
                s.reconnectMaxDelay(), 100, 100, s.tls()), TestKeys.of("acl", name));
        stores.add(store);
        return store;
    }

    private MqttClient client(String user) throws MqttException {
        MqttClient c = new MqttClient(mosquitto.url(), "raw-" + user + "-" + System.nanoTime(), new MemoryPersistence());
        c.setTimeToWait(Nodes.WAIT.toMillis());
        clients.add(c);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword(USERS.getOrDefault(user, "wrong").toCharArray());
        o.setConnectionTimeout(5);
        c.connect(o);
        return c;
    }
}
