package io.baton.store.mqtt;

import io.baton.trust.Envelope;
import io.baton.trust.Keyring;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Signs what this node sends. A node's message carries its key and the operator's certificate of it ({@code "key"},
 * {@code "cert"}) before the signature, so that any node holding the operator's public key can check it; a rule file
 * or an operator request is signed by the operator key itself and carries neither. Thread-safe.
 */
final class Sealer {
    private final Keyring keys;
    private final byte[] identity;

    Sealer(Keyring keys) {
        this.keys = keys;
        this.identity = (",\"key\":\"" + keys.certificate().key() + "\",\"cert\":\"" + keys.certificate().signature()
                + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code body} (a JSON object from {@link Codec}) signed by this node for {@code topic}. */
    byte[] asNode(String topic, byte[] body) {
        byte[] withIdentity = Arrays.copyOf(body, body.length - 1 + identity.length + 1);
        System.arraycopy(identity, 0, withIdentity, body.length - 1, identity.length);
        withIdentity[withIdentity.length - 1] = '}';
        return Envelope.seal(topic, withIdentity, keys.node().getPrivate());
    }

    /** {@code body} signed by the operator key; refused, saying where the key goes, on a node that holds none. */
    byte[] asOperator(String topic, byte[] body) {
        return Envelope.seal(topic, body, keys.operatorKey().orElseThrow(() -> new IllegalStateException(
                "this node holds no operator key (etc/baton/operator.key): rule files and operator requests are "
                        + "signed by the operator. Deploy and make requests from a node that holds it")));
    }

    boolean holdsOperatorKey() {
        return keys.operatorKey().isPresent();
    }
}
