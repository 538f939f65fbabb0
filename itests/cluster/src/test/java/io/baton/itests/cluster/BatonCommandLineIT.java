package io.baton.itests.cluster;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * bin/baton without a cluster: its help names every command, and {@code baton up} refuses options that cannot work,
 * with a message naming them, before it starts anything.
 */
class BatonCommandLineIT {
    private static final String NAMESPACE = "btc-options";

    @TempDir
    Path home;

    private void refused(String message, String... options) throws Exception {
        LocalCluster cluster = new LocalCluster(home, 18990, Map.of());
        assertThatThrownBy(() -> cluster.up(options)).isInstanceOf(AssertionError.class).hasMessageContaining(message);
        assertThat(home.resolve("broker1")).as("nothing started").doesNotExist();
        assertThat(Files.exists(home.resolve("nodes"))).isFalse();
    }

    @Test
    void help_shows_the_offline_and_the_local_cluster_commands() throws Exception {
        String help = new LocalCluster(home, 18990, Map.of()).baton(Duration.ofSeconds(30), "help");
        for (String command : List.of("baton simulate", "baton validate", "baton template", "baton up",
                "baton status [--json]", "baton brokers", "baton kill NODE|broker", "baton stop NODE",
                "baton shell NODE", "baton down", "baton operator-key DIR", "--brokers M", "--broker-address [BROKER=]ADDR",
                "--netns NODE=NS", "--tls")) {
            assertThat(help).as("help mentions %s", command).contains(command);
        }
        assertThat(help).doesNotContain("\n# ");
    }

    @Test
    void operator_key_makes_the_pair_once_owner_only_and_prints_its_public_key() throws Exception {
        LocalCluster cluster = new LocalCluster(home, 18990, Map.of());
        Path dir = home.resolve("keys");
        String first = cluster.baton(Duration.ofSeconds(30), "operator-key", dir.toString()).trim();
        String again = cluster.baton(Duration.ofSeconds(30), "operator-key", dir.toString()).trim();

        assertThat(first).matches("[A-Za-z0-9+/]{43}=").isEqualTo(again);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir.resolve("operator.key")))).isEqualTo("rw-------");
        assertThat(java.nio.file.Files.readString(dir.resolve("operator.pub"))).contains("BEGIN PUBLIC KEY");
    }

    @Test
    void a_port_base_that_is_not_a_plain_number_runs_nothing() throws Exception {
        Path marker = home.resolve("ran");
        // bash arithmetic would run the command substitution inside an array index
        LocalCluster cluster = new LocalCluster(home, 18990, Map.of("BATON_PORT_BASE", "a[$(touch " + marker + ")]"));
        assertThatThrownBy(() -> cluster.up("--nodes", "1")) // up computes every port from it
                .hasMessageContaining("BATON_PORT_BASE must be a number from 1024 to 65400");
        assertThat(marker).doesNotExist();
        assertThat(home.resolve("n1")).as("nothing started").doesNotExist();
    }

    @Test
    void the_embedded_brokers_options_do_not_go_with_an_external_broker() throws Exception {
        refused("--broker-address and --netns broker=NS are for the embedded brokers, not with --broker tcp://127.0.0.1:1883",
                "--broker", "tcp://127.0.0.1:1883", "--broker-address", "10.231.9.1");
        refused("--broker needs tcp://HOST:PORT or ssl://HOST:PORT (several comma-separated), not http://x:1",
                "--broker", "tcp://127.0.0.1:1883,http://x:1");
    }

    @Test
    void a_broker_address_must_be_an_ipv4_address_for_a_broker_there_is() throws Exception {
        refused("--broker-address needs an IPv4 address, not 10.1", "--broker-address", "10.1");
        refused("--broker-address broker3=10.1.1.1: there is no broker3 (--brokers 2)", "--broker-address",
                "broker3=10.1.1.1");
        refused("--brokers must be 1..9, not 0", "--brokers", "0");
        refused("--store brokerUrls is set by baton up itself", "--store", "brokerUrls=tcp://x:1");
        refused("--store needs KEY=VALUE", "--store", "leaseMillis=1;rm");
    }

    @Test
    void a_namespace_must_be_named_for_a_node_of_the_cluster_and_exist() throws Exception {
        refused("--netns needs NODE=NAMESPACE (e.g. n3=cut, broker=hub, broker2=hub2), not \"n1\"", "--netns", "n1");
        refused("--netns broker4=x: there is no broker4 (--brokers 2)", "--netns", "broker4=x");
        refused("--netns n4=x: there is no node n4 (--nodes 3)", "--netns", "n4=x");
        refused("--netns n1=btc-no-such-ns: no such network namespace (ip netns add)", "--netns", "n1=btc-no-such-ns");
    }

    @Test
    void nothing_in_a_namespace_is_put_on_a_loopback_broker() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "network namespaces need root (skipped, not passed)");
        Namespaces.quietly("ip", "netns", "del", NAMESPACE);
        Namespaces.run("ip", "netns", "add", NAMESPACE);
        try {
            refused("node n2 in network namespace " + NAMESPACE + " cannot reach a broker on a loopback address",
                    "--netns", "n2=" + NAMESPACE);
            refused("node n2 in network namespace " + NAMESPACE + " cannot reach a broker on a loopback address",
                    "--netns", "n2=" + NAMESPACE, "--broker", "tcp://localhost:1883");
            refused("the broker in network namespace " + NAMESPACE + " would listen on that namespace's loopback",
                    "--netns", "broker=" + NAMESPACE);
        } finally {
            Namespaces.quietly("ip", "netns", "del", NAMESPACE);
        }
    }
}
