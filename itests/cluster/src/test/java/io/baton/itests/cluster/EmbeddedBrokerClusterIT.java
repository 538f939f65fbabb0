package io.baton.itests.cluster;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.baton.api.testing.Await;
import io.baton.trust.KeyFiles;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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
        // as the nodes see them: the forgeries of the last test are not the tables
        return new Tables(List.of("tcp://127.0.0.1:" + PORT_BASE, "tcp://127.0.0.1:" + (PORT_BASE + 12)), "local",
                "baton", cluster.brokerPassword(), KeyFiles.readPublic(cluster.home().resolve("operator.pub")));
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
        assertThat(secrets).as("the broker's administrative password and 3 nodes' ones, the console key, the operator "
                + "key, 3 node keys and 5 console passwords").hasSize(14);

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
        // the control: can another user reach the cluster's directory at all? A checkout under a directory only its
        // owner may enter (mktemp -d) hides every file from "nobody", which would prove nothing of the files' modes
        boolean reachable = Secrets.readableBy("nobody", probe);
        Files.delete(probe);
        List<Path> holders = Secrets.filesHolding(home, secrets);
        assertThat(holders).as("files holding a secret").extracting(p -> home.relativize(p).toString())
                .contains("broker.password", "broker.users", "console.key", "operator.key",
                        "n1/etc/io.baton.store.mqtt.cfg", "n1/etc/baton/operator.key", "n1/etc/baton/node.key",
                        "broker1/etc/io.baton.broker.embedded.cfg", "broker1/etc/baton/broker.users",
                        "n1/etc/console.password");
        if (reachable) {
            assertThat(holders).as("files holding a secret that another user can read")
                    .filteredOn(f -> Secrets.readableBy("nobody", f)).isEmpty();
        } else {
            assertThat(holders).as("files holding a secret that other users could read from the cluster's directory "
                    + "down (the checkout is under a directory they cannot enter, so the modes are read, not tried)")
                    .filteredOn(f -> readableByOthersBelow(home, f)).isEmpty();
        }
    }

    @Override
    List<Forger> forgers() throws Exception {
        List<String> urls = List.of("tcp://127.0.0.1:" + PORT_BASE, "tcp://127.0.0.1:" + (PORT_BASE + 12));
        return List.of(new Forger(urls, "baton", cluster.brokerPassword()), new Forger(urls, "n2", nodePassword("n2")));
    }

    private String nodePassword(String node) throws java.io.IOException {
        return Files.readAllLines(cluster.home().resolve("broker.users")).stream()
                .filter(l -> l.startsWith(node + " = ")).map(l -> l.substring(node.length() + 3)).findFirst()
                .orElseThrow(() -> new AssertionError("no broker user " + node + " in broker.users"));
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

    /** Whether "others" may enter every directory from {@code home} down to {@code file} and read it. */
    private static boolean readableByOthersBelow(Path home, Path file) {
        try {
            for (Path dir = file.getParent(); dir.startsWith(home); dir = dir.getParent()) {
                if (!Files.getPosixFilePermissions(dir).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return Files.getPosixFilePermissions(file).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
