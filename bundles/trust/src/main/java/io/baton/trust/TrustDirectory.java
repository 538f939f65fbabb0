package io.baton.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node's keys on disk, by default {@code etc/baton/} of its Karaf:
 * <ul>
 * <li>{@code operator.pub} — the operator's public key: every rule file, operator request and node certificate is
 *     checked against it. The same file on every node.</li>
 * <li>{@code operator.key} — the operator's key pair, mode 600: only where operators deploy rules and make
 *     requests (and, once, on a node that has no certificate yet).</li>
 * <li>{@code node.key} — this node's key pair, mode 600, made at its first start.</li>
 * <li>{@code node.cert} — the operator's certificate of it, made at start where {@code operator.key} is.</li>
 * </ul>
 * A node started with none of them makes an operator key pair of its own (a one-node install works as it comes);
 * for more nodes, {@code bin/baton up} shares one operator key, or the operator copies {@code operator.pub} to every
 * node and {@code operator.key} for one start to each node to certify.
 */
public final class TrustDirectory {
    public static final String OPERATOR_PUBLIC = "operator.pub";
    public static final String OPERATOR_KEY = "operator.key";
    public static final String NODE_KEY = "node.key";
    public static final String NODE_CERTIFICATE = "node.cert";

    /** The keys found or made, and what was made (for the log). */
    public record Opened(Keyring keyring, List<String> made) {
    }

    private TrustDirectory() {
    }

    /** Finds or makes node {@code node}'s keys in {@code dir}; explains, naming the file, what is missing. */
    public static Opened open(Path dir, String cluster, String node) throws IOException {
        List<String> made = new ArrayList<>();
        Path operatorPublic = dir.resolve(OPERATOR_PUBLIC);
        Path operatorKeyFile = dir.resolve(OPERATOR_KEY);
        Optional<KeyPair> operatorPair = Files.exists(operatorKeyFile) ? Optional.of(readPrivate(operatorKeyFile))
                : Optional.empty();
        PublicKey operator;
        if (Files.exists(operatorPublic)) {
            operator = KeyFiles.readPublic(operatorPublic);
            if (operatorPair.isPresent() && !operatorPair.get().getPublic().equals(operator)) {
                throw new IOException(operatorKeyFile + " is not the key of " + operatorPublic
                        + ": copy both from the same pair");
            }
        } else if (operatorPair.isPresent()) {
            operator = operatorPair.get().getPublic();
            KeyFiles.writePublic(operatorPublic, operator, false);
            made.add(operatorPublic + " (from " + operatorKeyFile + ")");
        } else {
            KeyPair pair = Ed25519.generate();
            KeyFiles.writePair(operatorKeyFile, pair, false);
            KeyFiles.writePublic(operatorPublic, pair.getPublic(), false);
            operatorPair = Optional.of(pair);
            operator = pair.getPublic();
            made.add(operatorKeyFile + " and " + operatorPublic + ": a new operator key, as no " + OPERATOR_PUBLIC
                    + " was there. A node of another cluster key trusts none of this node's messages: give every "
                    + "node the same " + OPERATOR_PUBLIC);
        }

        Path nodeKeyFile = dir.resolve(NODE_KEY);
        KeyPair nodeKey;
        if (Files.exists(nodeKeyFile)) {
            nodeKey = readPrivate(nodeKeyFile);
        } else {
            nodeKey = Ed25519.generate();
            KeyFiles.writePair(nodeKeyFile, nodeKey, false);
            made.add(nodeKeyFile + ": this node's key");
        }

        Path certFile = dir.resolve(NODE_CERTIFICATE);
        Optional<NodeCertificate> cert = Files.exists(certFile) ? Optional.of(NodeCertificate.read(certFile))
                : Optional.empty();
        String problem = cert.map(c -> problem(c, cluster, node, nodeKey.getPublic(), operator)).orElse("there is none");
        if (!problem.isEmpty()) {
            if (operatorPair.isEmpty()) {
                throw new IOException(certFile + ": no valid certificate of node " + node + " of cluster " + cluster
                        + " (" + problem + "). Put the operator's " + OPERATOR_KEY + " in " + dir
                        + " for one start (the node signs its certificate with it), then remove it unless operators "
                        + "deploy from this node");
            }
            NodeCertificate issued = NodeCertificate.issue(cluster, node, nodeKey.getPublic(), operatorPair.get().getPrivate());
            issued.write(certFile);
            cert = Optional.of(issued);
            made.add(certFile + ": this node's certificate by the operator key");
        }
        return new Opened(new Keyring(nodeKey, cert.get(), operator, operatorPair.map(KeyPair::getPrivate)), made);
    }

    private static KeyPair readPrivate(Path file) throws IOException {
        if (KeyFiles.exposed(file)) {
            throw new IOException(file + " is readable by other users: chmod 600 " + file
                    + " (and make a new key if anyone may have read it)");
        }
        return KeyFiles.readPair(file);
    }

    private static String problem(NodeCertificate c, String cluster, String node, PublicKey key, PublicKey operator) {
        if (!c.cluster().equals(cluster) || !c.node().equals(node)) {
            return "it is for node " + c.node() + " of cluster " + c.cluster();
        }
        if (!c.key().equals(Ed25519.text(key))) {
            return "it is for another key than " + NODE_KEY + "'s";
        }
        return c.signedBy(operator) ? "" : "it is not signed by the key in " + OPERATOR_PUBLIC;
    }

    /** For tools: the private key of a key pair file, checked to be owner-only. */
    public static PrivateKey operatorKey(Path file) throws IOException {
        return readPrivate(file).getPrivate();
    }
}
