package io.baton.itests.cluster;

import io.baton.api.testing.Await;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code baton up --tls}: the embedded broker speaks MQTT over TLS only, each node connects with its own broker
 * user and trusts the broker's certificate, and a takeover works as without TLS.
 */
class TlsClusterIT {
    private static final int PORT_BASE = 18950;

    @TempDir
    Path home;

    @Test
    void up_with_tls_runs_the_cluster_over_tls_only_each_node_with_its_own_broker_user() throws Exception {
        try (LocalCluster cluster = new LocalCluster(home, PORT_BASE, Map.of())) {
            cluster.up("--nodes", "2", "--brokers", "1", "--no-load", "--tls");

            assertThat(cluster.baton(Duration.ofSeconds(60), "brokers")).contains("ssl://127.0.0.1:" + PORT_BASE);
            MqttClient plain = new MqttClient("tcp://127.0.0.1:" + PORT_BASE, "plain-probe", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName("baton");
            o.setPassword(cluster.brokerPassword().toCharArray());
            o.setConnectionTimeout(5);
            assertThatThrownBy(() -> plain.connect(o)).as("plain MQTT on the TLS port").isInstanceOf(MqttException.class);
            plain.close(true);

            for (String node : new String[] {"n1", "n2"}) {
                Properties store = properties(cluster.nodeDir(node).resolve("etc/io.baton.store.mqtt.cfg"));
                assertThat(store.getProperty("brokerUrls")).isEqualTo("ssl://127.0.0.1:" + PORT_BASE);
                assertThat(store.getProperty("username")).as("its own broker user").isEqualTo(node);
                assertThat(store.getProperty("password")).as("not the administrative password")
                        .isNotBlank().isNotEqualTo(cluster.brokerPassword());
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("broker.users"))))
                    .isEqualTo("rw-------");

            Map<String, String> before = cluster.settledPlacement(Duration.ofSeconds(60));
            assertThat(before.values()).anyMatch(p -> p.startsWith("n1/"));
            cluster.kill("n1");
            Await.until("every app on n2", Duration.ofSeconds(60), () -> cluster.settledPlacement(Duration.ofSeconds(60)),
                    placement -> placement.keySet().equals(before.keySet())
                            && placement.values().stream().allMatch(p -> p.startsWith("n2/")));
        }
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }
}
