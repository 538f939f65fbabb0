package io.baton.store.mqtt;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store's contract on Moquette 0.17 in this JVM (which delivers retained messages unflagged and keeps a
 * retained "online" when it publishes a retained Will). */
class MoquetteStoreTest extends StoreContractTest {
    private static MoquetteBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new MoquetteBroker();
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
