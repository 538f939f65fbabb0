package io.baton.itests.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
