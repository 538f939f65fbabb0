package io.baton.store.mqtt;

/** A broker the contract tests run against, on 127.0.0.1 and a free port. */
interface Broker extends AutoCloseable {

    String name();

    /** tcp://127.0.0.1:port */
    String url();

    int port();

    /** Before each test: whatever a broker needs so that an earlier test's trouble cannot fail this one. */
    default void beforeTest() {
    }

    /** Stops the broker and starts it again on the same port, without its retained messages. */
    void restart() throws Exception;

    /** Whether a Will published with retain=true replaces the retained message (Moquette 0.17: no). */
    boolean retainsWills();

    /**
     * How much later than 1.5 keep-alive periods the broker may notice a silent client: mosquitto 2.0 checks
     * keep-alives only every 5 s, in whole seconds; Moquette rounds 1.5 periods to whole seconds.
     */
    java.time.Duration keepAliveSlack();

    @Override
    void close();
}
