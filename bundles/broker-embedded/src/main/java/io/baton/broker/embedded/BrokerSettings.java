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
                      Path dataPath, int maxMessageBytes, Optional<Path> nodeUsersFile, Tls tls) {

    /** The TLS listener: none when {@code port} is 0. */
    record Tls(int port, Optional<Path> keyStore, Optional<String> keyStorePassword) {
        static final Tls NONE = new Tls(0, Optional.empty(), Optional.empty());

        Tls {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("tlsPort must be 0..65535, was " + port);
            }
            if (port > 0 && keyStore.isEmpty()) {
                throw new IllegalArgumentException("tlsPort " + port + " needs keyStore (a PKCS12 file with the "
                        + "broker's key and certificate)");
            }
            if (port > 0 && keyStorePassword.isEmpty()) {
                throw new IllegalArgumentException("tlsPort " + port + " needs keyStorePassword");
            }
        }

        @Override
        public String toString() {
            return port == 0 ? "no TLS" : "TLS on port " + port + " with " + keyStore.orElseThrow();
        }
    }
    static final int DEFAULT_MAX_MESSAGE_BYTES = 4 << 20; // as the nodes' own limit (maxMessageBytes of the store)
    private static final int MOQUETTE_DEFAULT_MAX_MESSAGE_BYTES = 8092;

    BrokerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(nodeUsersFile, "nodeUsersFile");
        if (port == 0 && tls.port() == 0) {
            throw new IllegalArgumentException("port and tlsPort are both 0: the broker would not listen at all");
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
                c.maxMessageBytes(), path(c.nodeUsersFile()),
                new Tls(c.tlsPort(), path(c.keyStore()), Optional.of(c.keyStorePassword()).filter(p -> !p.isEmpty())));
    }

    private static Optional<Path> path(String value) {
        return value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.trim()));
    }

    BrokerSettings withPassword(String value) {
        return new BrokerSettings(host, port, username, Optional.of(value), persistence, dataPath, maxMessageBytes,
                nodeUsersFile, tls);
    }

    /** Moquette's own configuration for these settings. */
    Properties moquette() {
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", port == 0 ? "disabled" : Integer.toString(port));
        if (tls.port() > 0) {
            p.setProperty("ssl_port", Integer.toString(tls.port()));
            p.setProperty("jks_path", tls.keyStore().orElseThrow().toAbsolutePath().toString());
            p.setProperty("key_store_type", "pkcs12");
            p.setProperty("key_store_password", tls.keyStorePassword().orElseThrow());
            p.setProperty("key_manager_password", tls.keyStorePassword().orElseThrow());
        }
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
        return (port == 0 ? "" : "mqtt://" + host + ":" + port + ", ") + (tls.port() == 0 ? "" : "mqtts://" + host + ":"
                + tls.port() + ", ") + "user " + username + nodeUsersFile.map(f -> " and the node users of " + f).orElse("")
                + (persistence ? ", persistent in " + dataPath.toAbsolutePath() : ", in memory");
    }
}
