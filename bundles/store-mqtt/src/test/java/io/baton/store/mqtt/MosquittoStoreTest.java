package io.baton.store.mqtt;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store's contract on Debian's mosquitto, run as a separate process (installed first if need be). */
class MosquittoStoreTest extends StoreContractTest {
    private static Mosquitto broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.startOrSkip();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    Broker broker() {
        return broker;
    }
}
