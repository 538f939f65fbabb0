package io.baton.trust;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;
import java.util.Properties;

/**
 * The operator key's word that {@code key} speaks for node {@code node} of cluster {@code cluster}: a signature over
 * the three. It rides in every message the node writes, so a receiver needs only the operator's public key to
 * know every node's key: no key exchange before the first rule file, nothing a broker could swap. Kept next to the
 * node key as {@code node.cert} (properties: cluster, node, key, signature).
 */
public record NodeCertificate(String cluster, String node, String key, String signature) {

    public NodeCertificate {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(signature, "signature");
    }

    /** The operator's certificate of {@code nodeKey} as node {@code node} of {@code cluster}. */
    public static NodeCertificate issue(String cluster, String node, PublicKey nodeKey, PrivateKey operator) {
        String key = Ed25519.text(nodeKey);
        byte[] sig = Ed25519.sign(operator, signed(cluster, node, key));
        return new NodeCertificate(cluster, node, key, Base64.getEncoder().encodeToString(sig));
    }

    /** Whether {@code operator} signed this certificate. */
    public boolean signedBy(PublicKey operator) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Ed25519.verify(operator, sig, signed(cluster, node, key));
    }

    /** The node's public key; rejects a malformed one saying why. */
    public PublicKey publicKey() {
        return Ed25519.publicKey(key);
    }

    public void write(Path file) throws IOException {
        String text = "# Baton: the operator key's certificate of this node's key (etc/baton/node.key)\n"
                + "cluster = " + escape(cluster) + "\nnode = " + escape(node) + "\nkey = " + key
                + "\nsignature = " + signature + "\n";
        KeyFiles.write(file, text, PosixFilePermissions.fromString("rw-r--r--"), true);
    }

    /** Reads {@code file}; errors name it and the missing field. */
    public static NodeCertificate read(Path file) throws IOException {
        Properties p = new Properties();
        try (StringReader in = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
            p.load(in);
        }
        return new NodeCertificate(field(p, "cluster", file), field(p, "node", file), field(p, "key", file),
                field(p, "signature", file));
    }

    private static String field(Properties p, String name, Path file) throws IOException {
        String value = p.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IOException(file + ": no " + name);
        }
        return value.trim();
    }

    private static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '=' || c == ':' || c == '#' || c == '!' || Character.isWhitespace(c)) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** What the operator signs: a domain, then the three fields, NUL-separated (no field holds a NUL). */
    private static byte[] signed(String cluster, String node, String key) {
        return ("baton node certificate\0" + cluster + "\0" + node + "\0" + key).getBytes(StandardCharsets.UTF_8);
    }
}
