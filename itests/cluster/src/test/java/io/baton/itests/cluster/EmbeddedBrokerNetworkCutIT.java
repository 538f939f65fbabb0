package io.baton.itests.cluster;

import java.nio.file.Path;
import java.util.List;

/** The network cut on the embedded broker: baton up starts its Karaf process in the hub namespace. */
class EmbeddedBrokerNetworkCutIT extends NetworkCutScenario {

    @Override
    List<String> startBroker(Path home) {
        return List.of("--broker-address", BROKER_ADDRESS, "--netns", "broker=" + HUB);
    }

    @Override
    void stopBroker() {
        // baton down stopped it
    }
}
