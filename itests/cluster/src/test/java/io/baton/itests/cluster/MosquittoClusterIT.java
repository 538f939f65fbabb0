package io.baton.itests.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The takeover scenarios on Debian's mosquitto (no persistence: a restart loses every retained topic). */
class MosquittoClusterIT extends TakeoverScenarios {
    private static final int PORT_BASE = 18930;
    private Mosquitto mosquitto;

    @Override
    LocalCluster newCluster(Path home) throws Exception {
        if (mosquitto != null) {
            mosquitto.stop(); // the one started to clean up after an earlier run
        }
        mosquitto = new Mosquitto(home.resolve("mosquitto"), "127.0.0.1", PORT_BASE, null);
        return new LocalCluster(home, PORT_BASE, Map.of());
    }

    @Override
    List<String> brokerOptions() {
        return List.of("--broker", mosquitto.url());
    }

    @Override
    Tables watchTables() throws Exception {
        return new Tables(List.of(mosquitto.url()), "local", null, null,
                io.baton.trust.KeyFiles.readPublic(cluster.home().resolve("operator.pub")));
    }

    /** mosquitto as Debian starts it takes anonymous clients: anyone who reaches it. */
    @Override
    List<Forger> forgers() throws Exception {
        return List.of(new Forger(List.of(mosquitto.url()), null, null));
    }

    /**
     * A crash (kill -9) and a start, as for the embedded broker. A SIGTERM'd mosquitto at times sends the Wills of
     * the clients it drops: the backups then take those apps over at once, the tables stay whole (see the step) but
     * no longer follow the simulator's chain of events, and the later steps would compare against it (seen in CI).
     */
    @Override
    void restartBroker() throws Exception {
        mosquitto.kill();
        mosquitto.start();
    }

    @Override
    void stopBroker() throws Exception {
        if (mosquitto != null) {
            mosquitto.stop();
        }
    }
}
