package io.baton.store.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Moquette 0.17 in the test JVM, anonymous, without persistence or telemetry, started afresh before each test:
 * Moquette 0.17 ends a session thread for good when a command on it throws (a PUBACK racing a closing session,
 * IllegalReferenceCountException; seen in CI as a test's nodes stopped), leaving every client hashed to that thread
 * unserved, and every later test on the same broker failed. (The embedded broker restarts itself when that happens.)
 */
final class MoquetteBroker implements Broker {
    private Server server;
    private int port;

    MoquetteBroker() {
        try {
            // Moquette's getPort() races with its bind: pick the port here
            start(Mosquitto.freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void start(int requested) {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(requested));
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("netty.mqtt.message_size", Integer.toString(1 << 20)); // as the embedded broker
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("websocket_port", "disabled");
        server = new Server();
        try {
            server.startServer(new MemoryConfig(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = requested;
    }

    @Override
    public String name() {
        return "moquette";
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void beforeTest() {
        restart();
    }

    @Override
    public void restart() {
        server.stopServer();
        start(port);
    }

    @Override
    public boolean retainsWills() {
        return false;
    }

    @Override
    public java.time.Duration keepAliveSlack() {
        return java.time.Duration.ofSeconds(1);
    }

    @Override
    public void close() {
        server.stopServer();
    }

    @Override
    public String toString() {
        return "Moquette at " + url();
    }
}
