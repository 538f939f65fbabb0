package io.baton.itests.cluster;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The takeover scenarios on the embedded brokers (two Moquettes, each in its own Karaf process, as baton up starts
 * them): killing the broker in use moves the tables to the other one.
 */
class EmbeddedBrokerClusterIT extends TakeoverScenarios {
    private static final int PORT_BASE = 18910;

    @Override
    LocalCluster newCluster(Path home) throws Exception {
        return new LocalCluster(home, PORT_BASE, Map.of());
    }

    @Override
    List<String> brokerOptions() {
        return List.of();
    }

    @Override
    Tables watchTables() throws Exception {
        return new Tables(List.of("tcp://127.0.0.1:" + PORT_BASE, "tcp://127.0.0.1:" + (PORT_BASE + 12)), "local",
                "baton", cluster.brokerPassword());
    }

    /**
     * Secrets stay with their owner: no file holding the broker password, a console password or the console key can
     * be read by another user, and none of them is on a command line while bin/baton works the cluster.
     */
    @Test
    @Order(0)
    void noSecretIsReadableByAnotherUserOrOnAnyCommandLine() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to read files as another user");
        Path home = cluster.home();
        List<String> secrets = Secrets.of(home);
        assertThat(secrets).as("the broker password, the console key and 5 console passwords").hasSize(7);

        try (Secrets.CommandLineWatch watch = new Secrets.CommandLineWatch(secrets)) {
            cluster.baton(Duration.ofSeconds(60), "status");
            cluster.baton(Duration.ofSeconds(60), "brokers");
            cluster.shell("n2", "baton:servers");
            assertThat(watch.rounds()).as("command lines sampled").isGreaterThan(20);
            assertThat(watch.seen()).as("command lines holding a secret").isEmpty();
        }

        Path probe = home.resolve("probe.txt");
        Files.writeString(probe, "public");
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Secrets.readableBy("nobody", probe)).as("another user reaches the cluster's directory").isTrue();
        Files.delete(probe);
        List<Path> holders = Secrets.filesHolding(home, secrets);
        assertThat(holders).as("files holding a secret").extracting(p -> home.relativize(p).toString())
                .contains("broker.password", "console.key", "n1/etc/io.baton.store.mqtt.cfg",
                        "broker1/etc/io.baton.broker.embedded.cfg", "n1/etc/console.password");
        assertThat(holders).as("files holding a secret that another user can read")
                .filteredOn(f -> Secrets.readableBy("nobody", f)).isEmpty();
    }

    @Override
    void restartBroker() {
        cluster.kill("broker");
        cluster.start("broker");
    }

    @Override
    void stopBroker() {
        // baton down stopped it
    }
}
