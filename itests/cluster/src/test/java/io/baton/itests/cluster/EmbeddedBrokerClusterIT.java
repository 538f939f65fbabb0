package io.baton.itests.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The takeover scenarios on the embedded broker (Moquette in its own Karaf process, as baton up starts it). */
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
        return new Tables("tcp://127.0.0.1:" + PORT_BASE, "local", "baton", cluster.brokerPassword());
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
