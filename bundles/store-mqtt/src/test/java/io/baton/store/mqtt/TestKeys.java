package io.baton.store.mqtt;

import io.baton.trust.Ed25519;
import io.baton.trust.Keyring;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;

/** The operator key of the tests, and node keys it certifies, made in memory. */
final class TestKeys {
    /** The operator of every test cluster. */
    static final KeyPair OPERATOR = Ed25519.generate();

    private TestKeys() {
    }

    /** A new key for {@code node}, certified by {@link #OPERATOR}; the node may sign as the operator too. */
    static Keyring of(String cluster, String node) {
        return Keyring.issue(cluster, node, OPERATOR, true);
    }

    /** A node that holds no operator key. */
    static Keyring withoutOperatorKey(String cluster, String node) {
        return Keyring.issue(cluster, node, OPERATOR, false);
    }

    /** {@code json} signed as node {@code node} would sign it for {@code topic}. */
    static String signedBy(String cluster, String node, String topic, String json) {
        return new String(new Sealer(of(cluster, node)).asNode(topic, json.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }
}
