package io.baton.store.mqtt;

import io.baton.api.model.AppStatus;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.StoreSnapshot;
import io.baton.api.testing.Await;
import io.baton.api.testing.NatsCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store on a replicating broker cluster: three NATS servers with JetStream, each listed as a broker. Losing
 * the server the tables are on loses nothing and costs no node its lease; a node that dies afterwards departs at
 * once through the servers left.
 */
class NatsClusterStoreTest {
    private static final Logger LOG = LoggerFactory.getLogger(NatsClusterStoreTest.class);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private static final String RULES = "{\"cluster\":\"nats\",\"servers\":[\"a\",\"b\",\"c\"],\"apps\":{}}";
    private NatsCluster nats;
    private final List<MqttSharedStore> stores = new ArrayList<>();

    @BeforeEach
    void servers() throws Exception {
        nats = new NatsCluster(Path.of("target", "nats-" + System.nanoTime()), 15800);
    }

    @AfterEach
    void stop() throws Exception {
        stores.forEach(s -> {
            try {
                s.stop();
            } catch (RuntimeException e) {
                // aborted already
            }
        });
        nats.close();
    }

    /**
     * The timing recommended on NATS (docs/availability.md): JetStream stalls MQTT traffic for several seconds
     * while it elects new stream leaders after losing a server, so the lease must outlast that.
     */
    private MqttSharedStore node(String name) {
        MqttSharedStore s = new MqttSharedStore(StoreSettings.of("nats", name, nats.urls(), Duration.ofSeconds(6),
                Duration.ofSeconds(1)).withTiming(new Membership.Timing(Duration.ofMillis(8000), Duration.ofMillis(500))),
                TestKeys.of("nats", name));
        stores.add(s);
        return s;
    }

    @Test
    void losing_the_server_the_tables_are_on_costs_no_lease_and_a_node_dying_after_departs_at_once() throws Exception {
        MqttSharedStore a = node("a");
        MqttSharedStore b = node("b");
        MqttSharedStore c = node("c");
        a.putRules(new DeployedRules("r.json", RULES, 1, Instant.EPOCH));
        a.putApp(AppStatus.of("web", "a", "b"));
        for (MqttSharedStore s : List.of(a, b, c)) {
            Await.until(s.node() + " quorate with every row", WAIT, s::snapshot, snap -> snap.quorate()
                    && snap.liveNodes().equals(Set.of("a", "b", "c")) && snap.tables().apps().containsKey("web")
                    // a server whose MQTT side came up late is taken back once it holds (BrokerSwitch)
                    && snap.membership().brokerInUse().equals(java.util.Optional.of(nats.url(1))));
        }
        List<StoreSnapshot> seenByB = new CopyOnWriteArrayList<>();
        b.addListener(seenByB::add);

        long killed = System.nanoTime();
        nats.kill(1);
        for (MqttSharedStore s : List.of(a, b, c)) {
            // JetStream refuses new connections and subscriptions while it elects new stream leaders: 6-20 s here
            Await.until(s.node() + " quorate on the second server", RECOVERY, s::snapshot, snap -> snap.quorate()
                    && snap.membership().brokerInUse().equals(java.util.Optional.of(nats.url(2))));
        }
        LOG.info("MEASURE nats: server 1 killed, every node quorate on server 2 after {} ms",
                (System.nanoTime() - killed) / 1_000_000);
        assertThat(seenByB).as("b never lost its lease").allSatisfy(s -> assertThat(s.membership().leased()).isTrue());
        assertThat(b.snapshot().tables().apps()).containsKey("web");

        long died = System.nanoTime();
        a.abort();
        Await.until("a departed for b", WAIT, () -> b.snapshot().membership().departed().contains("a"));
        long departedAfter = (System.nanoTime() - died) / 1_000_000;
        LOG.info("MEASURE nats: a node killed after the server, departed for the others after {} ms", departedAfter);
        assertThat(departedAfter).as("through its Wills, not the declarations").isLessThan(2000);
        assertThat(b.snapshot().quorate()).as("b and c are a majority").isTrue();
    }
}
