package io.baton.itests.cluster;

import java.nio.file.Path;
import java.util.List;

/** The network cut on Debian's mosquitto, started by the test in the hub namespace. */
class MosquittoNetworkCutIT extends NetworkCutScenario {
    private Mosquitto mosquitto;

    @Override
    List<String> startBroker(Path home) throws Exception {
        mosquitto = new Mosquitto(home.resolve("mosquitto"), BROKER_ADDRESS, 1883, HUB);
        return List.of("--broker", mosquitto.url());
    }

    @Override
    void stopBroker() throws Exception {
        if (mosquitto != null) {
            mosquitto.stop();
        }
    }
}
