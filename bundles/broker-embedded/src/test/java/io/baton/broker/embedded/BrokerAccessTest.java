package io.baton.broker.embedded;

import io.baton.api.testing.Await;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded broker's users and listeners, with a real MQTT client: each node's own user may not publish another
 * node's presence; TLS connects with the broker's certificate trusted and is refused without.
 */
class BrokerAccessTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
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
    void eachNodesUserPublishesItsOwnPresenceButNotAnothersAndReadsTheCluster(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("broker.users");
        Files.writeString(users, "n1 = one\nn2 = two\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
        int port = freePort();
        start(new BrokerSettings("127.0.0.1", port, "baton", Optional.of("admin"), false, dir, 1 << 20,
                Optional.of(users), BrokerSettings.Tls.NONE));

        Map<String, String> seen = new ConcurrentHashMap<>();
        MqttClient watcher = connect("tcp://127.0.0.1:" + port, "baton", "admin", null);
        watcher.subscribe("baton/#", 1, (t, m) -> seen.put(t, new String(m.getPayload(), StandardCharsets.UTF_8)));
        MqttClient n2 = connect("tcp://127.0.0.1:" + port, "n2", "two", null);

        // QoS 0: the broker drops a publish it does not allow and answers nothing (MQTT 3.1.1 has no refusal)
        n2.publish("baton/c/nodes/n1/presence/0", "forged".getBytes(StandardCharsets.UTF_8), 0, true);
        n2.publish("baton/c/servers/n1/load", "forged".getBytes(StandardCharsets.UTF_8), 0, true);
        n2.publish("baton/c/nodes/n2/presence/0", "own".getBytes(StandardCharsets.UTF_8), 1, true);
        n2.publish("baton/c/apps/web", "shared".getBytes(StandardCharsets.UTF_8), 1, true);

        Await.until("n2's own and shared rows", WAIT, () -> seen.containsKey("baton/c/nodes/n2/presence/0")
                && seen.containsKey("baton/c/apps/web"));
        assertThat(seen).doesNotContainKeys("baton/c/nodes/n1/presence/0", "baton/c/servers/n1/load");
        assertThatThrownBy(() -> connect("tcp://127.0.0.1:" + port, "n1", "two", null)).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> connect("tcp://127.0.0.1:" + port, "nobody", "admin", null)).isInstanceOf(MqttException.class);
    }

    @Test
    void aNodeUsersFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("broker.users");
        Files.writeString(users, "n1 = one\n");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
        BrokerSettings s = new BrokerSettings("127.0.0.1", freePort(), "baton", Optional.of("admin"), false, dir,
                1 << 20, Optional.of(users), BrokerSettings.Tls.NONE);

        assertThatThrownBy(() -> start(s)).hasMessageContaining("is readable by other users: chmod 600 " + users);
    }

    @Test
    void overTlsAClientTrustingTheBrokersCertificateConnectsAndOneThatDoesNotIsRefused(@TempDir Path dir)
            throws Exception {
        Path keyStore = dir.resolve("broker.p12");
        Path trusted = dir.resolve("trusted.p12");
        Path other = dir.resolve("other.p12");
        keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass:env", "PASS");
        keytool(dir, "-exportcert", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass:env", "PASS",
                "-file", dir.resolve("broker.crt").toString());
        keytool(dir, "-importcert", "-noprompt", "-alias", "broker", "-file", dir.resolve("broker.crt").toString(),
                "-keystore", trusted.toString(), "-storetype", "PKCS12", "-storepass:env", "PASS");
        keytool(dir, "-genkeypair", "-alias", "stranger", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-keystore", other.toString(), "-storetype", "PKCS12", "-storepass:env", "PASS");
        int tlsPort = freePort();
        start(new BrokerSettings("127.0.0.1", 0, "baton", Optional.of("admin"), false, dir, 1 << 20, Optional.empty(),
                new BrokerSettings.Tls(tlsPort, Optional.of(keyStore), Optional.of("changeit"))));

        MqttClient ok = connect("ssl://127.0.0.1:" + tlsPort, "baton", "admin", trusting(trusted));
        assertThat(ok.isConnected()).isTrue();
        assertThatThrownBy(() -> connect("ssl://127.0.0.1:" + tlsPort, "baton", "admin", trusting(other)))
                .isInstanceOf(MqttException.class).hasStackTraceContaining("PKIX");
    }

    private void start(BrokerSettings s) {
        brokers.add(new EmbeddedBroker(s, configAdmin.service()));
    }

    private MqttClient connect(String url, String user, String password, SSLContext tls) throws MqttException {
        MqttClient c = new MqttClient(url, "test-" + clients.size() + "-" + System.nanoTime(), new MemoryPersistence());
        c.setTimeToWait(WAIT.toMillis());
        clients.add(c);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setConnectionTimeout(5);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        if (tls != null) {
            o.setSocketFactory(tls.getSocketFactory());
        }
        c.connect(o);
        return c;
    }

    private static SSLContext trusting(Path trustStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Runs the JDK's keytool; the store password comes from the environment, never the command line. */
    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PASS", "changeit");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("keytool %s: %s", args[0], out).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
