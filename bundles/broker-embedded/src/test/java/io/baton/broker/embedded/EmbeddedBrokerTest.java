package io.baton.broker.embedded;

import io.baton.api.testing.Configs;
import io.baton.api.testing.Await;
import io.baton.api.testing.LogCapture;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedBrokerTest {
    private final FakeConfigAdmin configAdmin = new FakeConfigAdmin();
    private final List<EmbeddedBroker> brokers = new ArrayList<>();
    private final List<MqttClient> clients = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 100);
            }
            c.close(true);
        }
        brokers.forEach(EmbeddedBroker::stop);
    }

    @Test
    void listens_on_loopback_only() throws Exception {
        EmbeddedBroker broker = start(settings(Optional.of("secret"), false, null));
        int port = broker.settings().port();
        connect(port, "baton", "secret");

        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && !(a instanceof Inet6Address && a.isLinkLocalAddress())) {
                    others.add(a);
                }
            }
        }
        if (Files.isReadable(Path.of("/proc/net/tcp6"))) {
            // the kernel's own word: the listening socket is bound to 127.0.0.1 (0100007F, IPv4-mapped in tcp6 when
            // the JVM uses dual-stack sockets), not to 0.0.0.0 or ::
            String hexPort = String.format(Locale.ROOT, ":%04X ", port);
            List<String> listening = new ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Files.readAllLines(Path.of(table)).stream().map(String::trim)
                        .filter(l -> l.split("\\s+").length > 3 && l.split("\\s+")[1].endsWith(hexPort.trim())
                                && l.split("\\s+")[3].equals("0A"))
                        .forEach(l -> listening.add(l.split("\\s+")[1]));
            }
            assertThat(listening).singleElement().asString()
                    .isIn("0100007F" + hexPort.trim(), "0000000000000000FFFF00000100007F" + hexPort.trim());
        }
        Assumptions.assumeFalse(others.isEmpty(), "this machine has no address besides loopback to try");
        for (InetAddress a : others) {
            try (Socket s = new Socket()) {
                assertThatThrownBy(() -> s.connect(new InetSocketAddress(a, port), 1000))
                        .as("connecting to " + a.getHostAddress() + ":" + port).isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void carries_a_retained_message_far_above_moquettes_own_8092_byte_limit() throws Exception {
        // the controller's decision history grows past 8 KB in a few dozen decisions: Moquette's default limit
        // disconnected the controller at every re-publish
        EmbeddedBroker broker = start(settings(Optional.of("secret"), false, null));
        MqttClient writer = connect(broker.settings().port(), "baton", "secret");
        byte[] big = new byte[200_000];
        java.util.Arrays.fill(big, (byte) 'x');
        writer.publish("baton/test/history", big, 1, true);
        assertThat(writer.isConnected()).isTrue();
        MqttClient reader = connect(broker.settings().port(), "baton", "secret");
        java.util.concurrent.CompletableFuture<byte[]> got = new java.util.concurrent.CompletableFuture<>();
        reader.subscribe("baton/test/history", 1, (topic, message) -> got.complete(message.getPayload()));
        assertThat(got.get(10, java.util.concurrent.TimeUnit.SECONDS)).hasSize(big.length);
    }

    @Test
    void the_will_warm_up_publishes_a_will_to_its_own_topic_and_leaves_nothing_retained() throws Exception {
        EmbeddedBroker broker = start(settings(Optional.of("secret"), false, null));
        int port = broker.settings().port();
        BlockingQueue<String> seen = new ArrayBlockingQueue<>(10);
        connect(port, "baton", "secret").subscribe(WillWarmUp.TOPIC, 1, (topic, message) -> {
            if (message.getPayload().length > 0) { // not the empty messages that clear the retained one
                seen.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }
        });

        String will = new WillWarmUp(new InetSocketAddress("127.0.0.1", port), "baton", "secret",
                Duration.ofSeconds(5)).run();

        assertThat(will).isEqualTo("closed");
        assertThat(seen.poll(5, TimeUnit.SECONDS)).as("what another subscriber saw").isEqualTo("closed");
        BlockingQueue<String> retained = new ArrayBlockingQueue<>(10);
        MqttClient late = connect(port, "baton", "secret");
        late.subscribe(WillWarmUp.TOPIC, 1, (topic, message) -> retained.add(new String(message.getPayload(),
                StandardCharsets.UTF_8) + (message.isRetained() ? " (retained)" : "")));
        late.subscribe("baton-broker/sync", 1, (topic, message) -> retained.add("sync"));
        late.publish("baton-broker/sync", new byte[]{1}, 1, false);
        assertThat(retained.poll(5, TimeUnit.SECONDS)).as("nothing retained before the sync message").isEqualTo("sync");
    }

    @Test
    void the_will_warm_up_fails_with_the_brokers_answer_when_refused() throws Exception {
        EmbeddedBroker broker = start(settings(Optional.of("secret"), false, null));
        assertThatThrownBy(() -> new WillWarmUp(new InetSocketAddress("127.0.0.1", broker.settings().port()), "baton",
                "wrong", Duration.ofSeconds(5)).run()).isInstanceOf(IOException.class)
                .hasMessageContaining("refused the warm-up client (CONNACK return code");
    }

    @Test
    void accepts_only_its_user_and_password() throws Exception {
        EmbeddedBroker broker = start(settings(Optional.of("right"), false, null));
        int port = broker.settings().port();
        assertThat(connect(port, "baton", "right").isConnected()).isTrue();
        assertThatThrownBy(() -> connect(port, "baton", "wrong")).isInstanceOf(MqttSecurityException.class);
        assertThatThrownBy(() -> connect(port, "other", "right")).isInstanceOf(MqttSecurityException.class);
        assertThatThrownBy(() -> connect(port, null, null)).as("anonymous").isInstanceOf(MqttSecurityException.class);
        assertThatThrownBy(() -> connect(port, "baton", null)).as("no password").isInstanceOf(MqttException.class);
    }

    @Test
    void without_a_password_it_generates_one_and_stores_it_for_itself_and_the_shared_store() throws Exception {
        EmbeddedBroker broker;
        try (LogCapture log = new LogCapture()) {
            broker = start(settings(Optional.empty(), false, null));
            String password = (String) configAdmin.get(BrokerConfig.PID, "password");
            assertThat(password).hasSize(32).matches("[A-Za-z0-9_-]+");
            assertThat(configAdmin.get(GeneratedPassword.STORE_PID, "password")).isEqualTo(password);
            assertThat(configAdmin.get(GeneratedPassword.STORE_PID, "username")).isEqualTo("baton");
            assertThat(configAdmin.locations).containsEntry(GeneratedPassword.STORE_PID, "?");
            assertThat(connect(broker.settings().port(), "baton", password).isConnected()).isTrue();
            assertThat(log.text()).contains("stored in configuration io.baton.broker.embedded")
                    .contains("io.baton.store.mqtt").doesNotContain(password);
        }
        String first = (String) configAdmin.get(BrokerConfig.PID, "password");
        broker.modified(config(Map.of("port", broker.settings().port(), "password", first, "persistence", false)));
        assertThat(connect(broker.settings().port(), "baton", first).isConnected())
                .as("the stored password is the one in use").isTrue();
        assertThat(GeneratedPassword.generate()).isNotEqualTo(GeneratedPassword.generate());
    }

    @Test
    void a_shared_store_with_its_own_password_keeps_it() throws Exception {
        configAdmin.put(GeneratedPassword.STORE_PID, Map.of("username", "u", "password", "theirs", "cluster", "x"));
        start(settings(Optional.empty(), false, null));
        assertThat(configAdmin.stored.get(GeneratedPassword.STORE_PID).get("password")).isEqualTo("theirs");
        assertThat(configAdmin.get(BrokerConfig.PID, "password")).isNotNull();
    }

    @Test
    void a_configured_password_is_used_and_nothing_is_stored() throws Exception {
        EmbeddedBroker broker = start(settings(Optional.of("given"), false, null));
        assertThat(configAdmin.stored).isEmpty();
        assertThat(connect(broker.settings().port(), "baton", "given").isConnected()).isTrue();
    }

    @Test
    void the_same_configuration_again_does_not_restart_the_broker() throws Exception {
        EmbeddedBroker broker = start(settings(Optional.of("p"), false, null));
        int port = broker.settings().port();
        MqttClient client = connect(port, "baton", "p");
        broker.modified(config(Map.of("port", port, "password", "p", "persistence", false)));
        client.publish("t", "x".getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void it_restarts_when_moquette_loses_a_session_thread() throws Exception {
        EmbeddedBroker broker = start(settings(Optional.of("p"), false, null));
        int port = broker.settings().port();
        MqttClient before = connect(port, "baton", "p");
        IllegalStateException lost = new IllegalStateException("a session thread ended (simulated)");
        lost.setStackTrace(new StackTraceElement[0]);
        broker.simulateThreadLoss(lost);
        Await.until("the old connection dropped by the restart", Duration.ofSeconds(10), () -> !before.isConnected());
        Await.until("a client connects again", Duration.ofSeconds(10), () -> {
            try {
                return connect(port, "baton", "p").isConnected();
            } catch (MqttException e) {
                return false;
            }
        });
    }

    @Test
    void with_persistence_retained_messages_survive_a_restart(@TempDir Path data) throws Exception {
        BrokerSettings s = settings(Optional.of("p"), true, data);
        EmbeddedBroker broker = start(s);
        MqttClient writer = connect(s.port(), "baton", "p");
        writer.publish("baton/demo/rules", "{}".getBytes(StandardCharsets.UTF_8), 1, true);
        writer.disconnect();
        broker.stop();
        brokers.remove(broker);
        assertThat(Files.list(data)).as("files in " + data).isNotEmpty();

        start(s);
        MqttClient reader = connect(s.port(), "baton", "p");
        BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
        reader.subscribe("baton/#", 1, (topic, message) -> received.add(topic));
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("baton/demo/rules");
    }

    @Test
    void settings_default_to_loopback_1883_and_the_karaf_data_folder() {
        BrokerSettings s = BrokerSettings.from(config(Map.of()), "/opt/baton/data");
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(1883);
        assertThat(s.username()).isEqualTo("baton");
        assertThat(s.password()).isEmpty();
        assertThat(s.persistence()).as("retained messages survive a restart").isTrue();
        assertThat(s.dataPath()).isEqualTo(Path.of("/opt/baton/data/baton/broker"));
        assertThat(s.withPassword("secret").toString()).doesNotContain("secret");
        assertThat(s.moquette()).containsEntry("allow_anonymous", "false").containsEntry("telemetry_enabled", "false")
                .containsEntry("host", "127.0.0.1").containsEntry("data_path", Path.of("/opt/baton/data/baton/broker")
                        .toAbsolutePath().toString());
        assertThat(BrokerSettings.from(config(Map.of("persistence", false)), "/opt/baton/data").moquette())
                .doesNotContainKey("data_path");
        assertThatThrownBy(() -> BrokerSettings.from(config(Map.of("port", 0)), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private EmbeddedBroker start(BrokerSettings s) {
        EmbeddedBroker broker = new EmbeddedBroker(s, configAdmin.service());
        brokers.add(broker);
        return broker;
    }

    private static BrokerSettings settings(Optional<String> password, boolean persistence, Path data) throws IOException {
        // the data path BrokerSettings.from gives outside Karaf, so a configuration with the same values is equal
        return new BrokerSettings("127.0.0.1", freePort(), "baton", password, persistence,
                data == null ? Path.of("data", "baton", "broker") : data, BrokerSettings.DEFAULT_MAX_MESSAGE_BYTES,
                Optional.empty(), BrokerSettings.Tls.NONE);
    }

    private MqttClient connect(int port, String user, String password) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, "test-" + clients.size(), new MemoryPersistence());
        clients.add(c);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setConnectionTimeout(5);
        if (user != null) {
            o.setUserName(user);
        }
        if (password != null) {
            o.setPassword(password.toCharArray());
        }
        c.connect(o);
        return c;
    }

    static BrokerConfig config(Map<String, Object> values) {
        return Configs.of(BrokerConfig.class, values);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
