package io.baton.store.mqtt;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The store's configuration, checked and with every default filled in.
 *
 * @param brokerUrls        the brokers, in priority order
 * @param keepAlive         MQTT keep-alive; the broker publishes a dead node's Will after 1.5 times this
 * @param reconnectMaxDelay the longest pause between two connection attempts
 * @param timing            the lease and the heartbeat interval
 * @param stateDirectory    where the mirror is kept on disk, if anywhere
 * @param maxMessageBytes   the largest message accepted from a broker; a larger one is ignored unread
 */
record StoreSettings(String cluster, String node, String clientId, List<String> brokerUrls,
                     Optional<String> username, Optional<String> password, Duration keepAlive,
                     Duration connectionTimeout, Duration reconnectMaxDelay, int historySize, int outcomesSize,
                     Tls tls, Membership.Timing timing, Optional<Path> stateDirectory, int maxMessageBytes) {
    /** 4 MiB: a rule file of thousands of apps, or the history at its limit (256 KB), fits many times over. */
    static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    static final Membership.Timing DEFAULT_TIMING = new Membership.Timing(Duration.ofMillis(2000),
            Duration.ofMillis(250));

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
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        if (maxMessageBytes < 64 * 1024) {
            throw new IllegalArgumentException("maxMessageBytes (" + maxMessageBytes + ") must be at least 65536: "
                    + "the history alone may take 262144");
        }
        if (new java.util.HashSet<>(brokerUrls).size() != brokerUrls.size()) {
            throw new IllegalArgumentException("brokerUrls: a broker is listed twice in " + brokerUrls);
        }
        // a node cut off must have fenced before its connections' Wills (1.5 keep-alives of silence) can make the
        // others take its apps over
        if (timing.lease().multipliedBy(2).compareTo(keepAlive.multipliedBy(3)) >= 0) {
            throw new IllegalArgumentException("leaseMillis (" + timing.lease().toMillis() + ") must be below 1.5 x "
                    + "keepAliveSeconds (" + keepAlive.toSeconds() + " s), when a silent node's Will comes");
        }
    }

    /** Settings without the older constructor's timing: the default lease and heartbeat. */
    StoreSettings(String cluster, String node, String clientId, List<String> brokerUrls, Optional<String> username,
                  Optional<String> password, Duration keepAlive, Duration connectionTimeout, Duration reconnectMaxDelay,
                  int historySize, int outcomesSize, Tls tls) {
        this(cluster, node, clientId, brokerUrls, username, password, keepAlive, connectionTimeout, reconnectMaxDelay,
                historySize, outcomesSize, tls, timingFor(keepAlive), Optional.empty(), DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** The default timing, shortened for a keep-alive too short for it (tests use 1 s). */
    static Membership.Timing timingFor(Duration keepAlive) {
        Duration lease = DEFAULT_TIMING.lease();
        Duration limit = keepAlive.multipliedBy(3).dividedBy(2).minusMillis(200);
        if (lease.compareTo(limit) > 0) {
            lease = limit;
        }
        Duration beat = DEFAULT_TIMING.beat().compareTo(lease.dividedBy(4)) > 0 ? lease.dividedBy(4) : DEFAULT_TIMING.beat();
        return new Membership.Timing(lease, beat);
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
        Membership.Timing timing;
        try {
            timing = new Membership.Timing(Duration.ofMillis(c.leaseMillis()), Duration.ofMillis(c.beatIntervalMillis()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("leaseMillis / beatIntervalMillis: " + e.getMessage(), e);
        }
        return new StoreSettings(cluster, node, blankToEmpty(c.clientId()).orElse("baton-" + cluster + "-" + node),
                urls, blankToEmpty(c.username()), secret(c.password()), Duration.ofSeconds(c.keepAliveSeconds()),
                Duration.ofSeconds(c.connectionTimeoutSeconds()), Duration.ofSeconds(c.reconnectMaxDelaySeconds()),
                c.historySize(), c.outcomesSize(), tls, timing, blankToEmpty(c.stateDirectory()).map(Path::of)
                        .or(() -> Optional.ofNullable(System.getProperty("karaf.data"))
                                .map(data -> Path.of(data, "baton", "store"))), c.maxMessageBytes());
    }

    /** Settings for a test or a tool: one broker, no credentials, the given timings. */
    static StoreSettings of(String cluster, String node, String url, Duration keepAlive, Duration reconnectMaxDelay) {
        return of(cluster, node, List.of(url), keepAlive, reconnectMaxDelay);
    }

    /** These settings with the mirror kept in {@code directory}. */
    StoreSettings withStateDirectory(Path directory) {
        return new StoreSettings(cluster, node, clientId, brokerUrls, username, password, keepAlive, connectionTimeout,
                reconnectMaxDelay, historySize, outcomesSize, tls, timing, Optional.of(directory), maxMessageBytes);
    }

    /** These settings with another lease and heartbeat interval. */
    StoreSettings withTiming(Membership.Timing other) {
        return new StoreSettings(cluster, node, clientId, brokerUrls, username, password, keepAlive, connectionTimeout,
                reconnectMaxDelay, historySize, outcomesSize, tls, other, stateDirectory, maxMessageBytes);
    }

    /** These settings with another limit on the size of a message. */
    StoreSettings withMaxMessageBytes(int limit) {
        return new StoreSettings(cluster, node, clientId, brokerUrls, username, password, keepAlive, connectionTimeout,
                reconnectMaxDelay, historySize, outcomesSize, tls, timing, stateDirectory, limit);
    }

    /** Settings for a test or a tool: these brokers, no credentials, the given timings. */
    static StoreSettings of(String cluster, String node, List<String> urls, Duration keepAlive,
                            Duration reconnectMaxDelay) {
        return new StoreSettings(cluster, node, "baton-" + cluster + "-" + node, urls, Optional.empty(),
                Optional.empty(), keepAlive, Duration.ofSeconds(5), reconnectMaxDelay, 100, 100, Tls.DEFAULT);
    }

    /**
     * How long, after a connection that found the broker lacking rows (a restart without persistence, a standby
     * broker), this node waits for their writers to re-publish them before it re-publishes what is still missing.
     */
    Duration settleWindow() {
        return reconnectMaxDelay.plus(keepAlive.multipliedBy(2));
    }


    @Override
    public String toString() {
        // never the passwords
        return "cluster " + cluster + ", node " + node + ", client id " + clientId + ", brokers " + brokerUrls
                + username.map(u -> ", user " + u).orElse("") + ", keep-alive " + keepAlive.toSeconds() + " s, lease "
                + timing.lease().toMillis() + " ms, heartbeat every " + timing.beat().toMillis() + " ms";
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
