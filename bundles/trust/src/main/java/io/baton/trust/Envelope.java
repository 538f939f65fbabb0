package io.baton.trust;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * A signed JSON message: the writer's JSON object with {@code "sig"} added as its last field, the writer's
 * signature over the topic it is published on and the object's bytes before that field. Signing the bytes as
 * written needs no canonical JSON; signing the topic stops a broker from filing a valid message under another row.
 * <pre>{"schema":2,"by":"n1",…,"sig":"BASE64"}</pre>
 */
public final class Envelope {
    private static final byte[] FIELD = ",\"sig\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOMAIN = "baton signed message\0".getBytes(StandardCharsets.US_ASCII);

    /**
     * A message taken apart.
     *
     * @param body      the JSON object as it was signed (without its {@code "sig"})
     * @param signature the signature's bytes
     */
    public record Opened(byte[] body, byte[] signature) {
    }

    private Envelope() {
    }

    /** {@code body} (a JSON object with at least one field, as UTF-8) signed with {@code key} for {@code topic}. */
    public static byte[] seal(String topic, byte[] body, PrivateKey key) {
        int end = body.length - 1;
        if (end < 1 || body[0] != '{' || body[end] != '}' || body[end - 1] == '{') {
            throw new IllegalArgumentException("only a JSON object with fields can be sealed");
        }
        byte[] sig = Base64.getEncoder().encode(Ed25519.sign(key, DOMAIN, topic(topic), body));
        byte[] out = Arrays.copyOf(body, end + FIELD.length + sig.length + 2);
        System.arraycopy(FIELD, 0, out, end, FIELD.length);
        System.arraycopy(sig, 0, out, end + FIELD.length, sig.length);
        out[out.length - 2] = '"';
        out[out.length - 1] = '}';
        return out;
    }

    /** Takes a sealed message apart; a message without a signature as its last field is rejected. */
    public static Opened open(byte[] payload) {
        int n = payload.length;
        if (n < FIELD.length + 3 || payload[n - 1] != '}' || payload[n - 2] != '"') {
            throw new IllegalArgumentException("not signed (no \"sig\" at its end)");
        }
        int at = lastIndexOf(payload, FIELD, n - 2);
        if (at < 0) {
            throw new IllegalArgumentException("not signed (no \"sig\" at its end)");
        }
        byte[] text = Arrays.copyOfRange(payload, at + FIELD.length, n - 2);
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("its signature is not base64", e);
        }
        // one text per signature: the decoder also takes it without padding or with other unused low bits
        if (!Arrays.equals(Base64.getEncoder().encode(sig), text)) {
            throw new IllegalArgumentException("its signature is not base64 as written by a signer (padded, canonical)");
        }
        byte[] body = Arrays.copyOf(payload, at + 1);
        body[at] = '}';
        return new Opened(body, sig);
    }

    /** Whether {@code key} signed {@code opened} for {@code topic}. */
    public static boolean verify(String topic, Opened opened, PublicKey key) {
        return Ed25519.verify(key, opened.signature(), DOMAIN, topic(topic), opened.body());
    }

    private static byte[] topic(String topic) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(t, t.length + 1); // NUL-terminated: no topic holds a NUL
    }

    /** Where {@code needle} starts when it ends within the last 128 bytes before {@code end} (a signature is 88), or -1. */
    private static int lastIndexOf(byte[] hay, byte[] needle, int end) {
        for (int i = end - needle.length; i >= Math.max(0, end - needle.length - 128); i--) {
            int j = 0;
            while (j < needle.length && hay[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        return -1;
    }
}
