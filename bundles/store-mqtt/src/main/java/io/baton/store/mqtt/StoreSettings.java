package io.baton.store.mqtt;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The store's configuration, checked and with every default filled in.
 *
 * @param keepAlive         MQTT keep-alive; the broker publishes a dead node's Will after 1.5 times this
 * @param reconnectMaxDelay the longest pause between two connection attempts
 */
record StoreSettings(String cluster, String node, String clientId, List<String> brokerUrls,
                     Optional<String> username, Optional<String> password, Duration keepAlive,
                     Duration connectionTimeout, Duration reconnectMaxDelay, int historySize, int outcomesSize,
                     Tls tls) {

    /** Key and trust material for ssl:// URLs; empty paths mean the JVM defaults. */
    record Tls(Optional<String> trustStore, String trustStorePassword, String trustStoreType,
               Optional<String> keyStore, String keyStorePassword, String keyStoreType, boolean hostnameVerification) {
        static final Tls DEFAULT = new Tls(Optional.empty(), "", "PKCS12", Optional.empty(), "", "PKCS12", true);

        boolean custom() {
            return trustStore.isPresent() || keyStore.isPresent();
        }

        @Override
        public String toString() {
            return "trust store " + trustStore.orElse("(JVM default)") + ", key store " + keyStore.orElse("(none)");
        }
    }

    StoreSettings {
        requireText(cluster, "cluster");
        requireText(node, "node");
        requireText(clientId, "clientId");
        brokerUrls = List.copyOf(brokerUrls);
        if (brokerUrls.isEmpty()) {
            throw new IllegalArgumentException("brokerUrls: at least one broker URL is needed");
        }
        brokerUrls.forEach(StoreSettings::checkUrl);
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        requirePositive(keepAlive, "keepAliveSeconds");
        requirePositive(connectionTimeout, "connectionTimeoutSeconds");
        requirePositive(reconnectMaxDelay, "reconnectMaxDelaySeconds");
        if (historySize < 1 || outcomesSize < 1) {
            throw new IllegalArgumentException("historySize and outcomesSize must be at least 1");
        }
        Objects.requireNonNull(tls, "tls");
    }

    static StoreSettings from(StoreConfig c) {
        String node = blankToEmpty(c.node()).orElseGet(StoreSettings::hostName);
        String cluster = c.cluster().trim();
        List<String> urls = new ArrayList<>();
        for (String value : c.brokerUrls()) {
            // a .cfg file gives one comma-separated text; Config Admin may give an array
            for (String url : value.split("[,\\s]+")) {
                if (!url.isBlank()) {
                    urls.add(url.trim());
                }
            }
        }
        Tls tls = new Tls(blankToEmpty(c.trustStore()), c.trustStorePassword(), c.trustStoreType().trim(),
                blankToEmpty(c.keyStore()), c.keyStorePassword(), c.keyStoreType().trim(), c.tlsHostnameVerification());
        return new StoreSettings(cluster, node, blankToEmpty(c.clientId()).orElse("baton-" + cluster + "-" + node),
                urls, blankToEmpty(c.username()), secret(c.password()), Duration.ofSeconds(c.keepAliveSeconds()),
                Duration.ofSeconds(c.connectionTimeoutSeconds()), Duration.ofSeconds(c.reconnectMaxDelaySeconds()),
                c.historySize(), c.outcomesSize(), tls);
    }

    /** Settings for a test or a tool: one broker, no credentials, the given timings. */
    static StoreSettings of(String cluster, String node, String url, Duration keepAlive, Duration reconnectMaxDelay) {
        return new StoreSettings(cluster, node, "baton-" + cluster + "-" + node, List.of(url), Optional.empty(),
                Optional.empty(), keepAlive, Duration.ofSeconds(5), reconnectMaxDelay, 100, 100, Tls.DEFAULT);
    }

    /**
     * How long, after a reconnection that found the broker's retained state gone, this node waits for the other
     * nodes to reconnect and re-publish their rows before it re-publishes what is still missing.
     */
    Duration settleWindow() {
        return reconnectMaxDelay.plus(keepAlive.multipliedBy(2));
    }

    /** How long a node that shows online in the retained state has to answer the presence probe. */
    Duration probeTimeout() {
        return keepAlive.multipliedBy(2);
    }

    @Override
    public String toString() {
        // never the passwords
        return "cluster " + cluster + ", node " + node + ", client id " + clientId + ", brokers " + brokerUrls
                + username.map(u -> ", user " + u).orElse("") + ", keep-alive " + keepAlive.toSeconds() + " s";
    }

    private static void checkUrl(String url) {
        String scheme;
        try {
            URI uri = new URI(url);
            scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("brokerUrls: " + url + " names no host");
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("brokerUrls: " + url + " is not a URL: " + e.getMessage(), e);
        }
        if (!scheme.equals("tcp") && !scheme.equals("ssl")) {
            throw new IllegalArgumentException("brokerUrls: " + url + " must start with tcp:// or ssl://");
        }
    }

    private static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
        // rule files name servers by their short names; an address is kept whole
        return name.matches("[0-9.]+") || name.indexOf('.') < 0 ? name : name.substring(0, name.indexOf('.'));
    }

    private static Optional<String> blankToEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Optional<String> secret(String value) {
        // a password is taken as written, spaces included
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    private static void requirePositive(Duration value, String what) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be at least 1");
        }
    }
}
