package io.baton.store.mqtt;

import com.google.gson.JsonObject;
import io.baton.store.mqtt.Decoder.Decoded;
import io.baton.store.mqtt.Topics.Address;
import io.baton.store.mqtt.Writers.Signer;
import io.baton.trust.Envelope;
import io.baton.trust.Keyring;
import io.baton.trust.NodeCertificate;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks every message before the store acts on it: signed (a node's key certified by the operator key, or the
 * operator key itself), for this very topic, by a writer {@link Writers} allows. The broker only carries bytes: a
 * message it made up, changed, or moved to another topic fails here and is never acted on.
 *
 * <p>A signature costs about a millisecond to check on Java 17, so the same bytes are checked once: a heartbeat
 * arrives through every broker, and certificates are remembered once checked. Store thread only.
 */
final class Guard {
    private static final int CERTIFICATES = 256;
    private static final int ROWS = 1024;

    private final String cluster;
    private final PublicKey operator;
    private final Map<String, PublicKey> certified = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PublicKey> eldest) {
            return size() > CERTIFICATES;
        }
    };
    private final Map<String, byte[]> lastBeat = new HashMap<>(); // topic -> the last heartbeat checked there
    // topic -> the last row whose signature checked out there, with its signer: a row held back is judged again
    private final Map<String, Checked> lastRow = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Checked> eldest) {
            return size() > ROWS;
        }
    };

    private record Checked(byte[] payload, Signer signer) {
    }

    Guard(String cluster, Keyring keys) {
        this.cluster = cluster;
        this.operator = keys.operator();
    }

    /** Why the row {@code payload} at {@code at} is not to be believed; empty when it is. */
    Optional<String> row(String topic, Address at, byte[] payload, Decoded decoded, List<String> servers) {
        try {
            Checked last = lastRow.get(topic);
            Signer signer = last != null && Arrays.equals(last.payload(), payload) ? last.signer() : signer(topic, payload);
            lastRow.put(topic, new Checked(payload, signer));
            if (!signer.operator() && !decoded.by().map(signer.node()::equals).orElse(false)) {
                return Optional.of("signed by node " + signer.node() + " but says it is by " + decoded.by().orElse("nobody"));
            }
            return Writers.problem(at, decoded.value().isEmpty(), signer, servers);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Why a heartbeat on {@code topic} is not {@code node}'s; empty when it is. */
    Optional<String> beat(String topic, String node, byte[] payload) {
        byte[] last = lastBeat.get(topic);
        if (last != null && Arrays.equals(last, payload)) {
            return Optional.empty();
        }
        try {
            Optional<String> problem = Writers.beat(node, signer(topic, payload));
            if (problem.isEmpty()) {
                lastBeat.put(topic, payload);
            }
            return problem;
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** A heartbeat this node signed itself: its echo needs no check. */
    void sent(String topic, byte[] payload) {
        lastBeat.put(topic, payload);
    }

    /** Who signed {@code payload} for {@code topic}; rejects, saying why, what no one known signed. */
    Signer signer(String topic, byte[] payload) {
        Envelope.Opened opened = Envelope.open(payload);
        JsonObject body = Json.object(opened.body());
        Optional<String> key = Json.optionalText(body, "key");
        if (key.isEmpty()) {
            if (!Envelope.verify(topic, opened, operator)) {
                throw new IllegalArgumentException("its signature is not the operator key's (nor does it name a node key)");
            }
            return Signer.OPERATOR;
        }
        String by = Json.text(body, "by");
        String cert = Json.text(body, "cert");
        String id = by + "\0" + key.get() + "\0" + cert;
        PublicKey nodeKey = certified.get(id);
        if (nodeKey == null) {
            NodeCertificate c = new NodeCertificate(cluster, by, key.get(), cert);
            if (!c.signedBy(operator)) {
                throw new IllegalArgumentException("the key it names for node " + by + " is not certified by the operator key");
            }
            nodeKey = c.publicKey();
            certified.put(id, nodeKey);
        }
        if (!Envelope.verify(topic, opened, nodeKey)) {
            throw new IllegalArgumentException("its signature is not the key of node " + by + " (changed, or moved from another topic)");
        }
        return Signer.node(by);
    }
}
