package io.baton.trust;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node signs and verifies with: its own key pair and certificate, the operator's public key every message
 * is checked against, and, on a node where operators deploy, the operator's private key.
 */
public record Keyring(KeyPair node, NodeCertificate certificate, PublicKey operator, Optional<PrivateKey> operatorKey) {

    public Keyring {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(operatorKey, "operatorKey");
        if (!certificate.key().equals(Ed25519.text(node.getPublic()))) {
            throw new IllegalArgumentException("the certificate of " + certificate.node() + " is for another key");
        }
        if (!certificate.signedBy(operator)) {
            throw new IllegalArgumentException("the certificate of " + certificate.node() + " is not signed by the "
                    + "operator key " + Ed25519.text(operator));
        }
    }

    /** A node's keyring made in memory: its key, certified by {@code operator} (tests, tools). */
    public static Keyring issue(String cluster, String node, KeyPair operator, boolean holdsOperatorKey) {
        KeyPair pair = Ed25519.generate();
        return new Keyring(pair, NodeCertificate.issue(cluster, node, pair.getPublic(), operator.getPrivate()),
                operator.getPublic(), holdsOperatorKey ? Optional.of(operator.getPrivate()) : Optional.empty());
    }

    @Override
    public String toString() {
        return "keys of " + certificate.node() + " (" + certificate.key() + "), operator " + Ed25519.text(operator)
                + (operatorKey.isPresent() ? ", holding the operator key" : "");
    }
}
