package io.baton.broker.embedded;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The broker's configuration, checked, with defaults filled in.
 *
 * @param password empty until one is configured or generated
 */
record BrokerSettings(String host, int port, String username, Optional<String> password, boolean persistence,
                      Path dataPath, int maxMessageBytes) {
    /** 1 MiB: far above the store's largest message (the history, at most 256 KiB). */
    static final int DEFAULT_MAX_MESSAGE_BYTES = 4 << 20; // as the nodes' own limit (maxMessageBytes of the store)
    private static final int MOQUETTE_DEFAULT_MAX_MESSAGE_BYTES = 8092;

    BrokerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username must not be empty");
        }
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(dataPath, "dataPath");
        if (maxMessageBytes < MOQUETTE_DEFAULT_MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must be at least " + MOQUETTE_DEFAULT_MAX_MESSAGE_BYTES
                    + ", was " + maxMessageBytes);
        }
    }

    /** @param karafData the ${karaf.data} directory, or null outside Karaf */
    static BrokerSettings from(BrokerConfig c, String karafData) {
        Path data = c.dataPath().isBlank()
                ? Path.of(karafData == null ? "data" : karafData, "baton", "broker") : Path.of(c.dataPath().trim());
        return new BrokerSettings(c.host().trim(), c.port(), c.username().trim(),
                c.password().isEmpty() ? Optional.empty() : Optional.of(c.password()), c.persistence(), data,
                c.maxMessageBytes());
    }

    BrokerSettings withPassword(String value) {
        return new BrokerSettings(host, port, username, Optional.of(value), persistence, dataPath, maxMessageBytes);
    }

    /** Moquette's own configuration for these settings. */
    Properties moquette() {
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "false");
        // Moquette otherwise reports to telemetry.moquette.io at every start
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("persistence_enabled", Boolean.toString(persistence));
        p.setProperty("netty.mqtt.message_size", Integer.toString(maxMessageBytes));
        if (persistence) {
            p.setProperty("data_path", dataPath.toAbsolutePath().toString());
            p.setProperty("persistent_queue_type", "h2");
        }
        return p;
    }

    @Override
    public String toString() {
        // never the password
        return "mqtt://" + host + ":" + port + ", user " + username
                + (persistence ? ", persistent in " + dataPath.toAbsolutePath() : ", in memory");
    }
}
