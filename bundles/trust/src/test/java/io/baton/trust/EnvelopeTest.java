package io.baton.trust;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeTest {
    private static final KeyPair WRITER = Ed25519.generate();
    private static final String TOPIC = "baton/c/apps/web";
    private static final byte[] BODY = "{\"schema\":2,\"by\":\"n1\",\"name\":\"web\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealedMessageIsItsBodyWithTheSignatureAsLastFieldAndOpensToTheSameBody() {
        byte[] sealed = Envelope.seal(TOPIC, BODY, WRITER.getPrivate());

        String text = new String(sealed, StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"schema\":2,\"by\":\"n1\",\"name\":\"web\",\"sig\":\"").endsWith("\"}");
        Envelope.Opened opened = Envelope.open(sealed);
        assertThat(opened.body()).isEqualTo(BODY);
        assertThat(Envelope.verify(TOPIC, opened, WRITER.getPublic())).isTrue();
    }

    @Test
    void anyChangedByteAnotherTopicOrAnotherKeyFailsTheCheck() {
        byte[] sealed = Envelope.seal(TOPIC, BODY, WRITER.getPrivate());
        assertThat(Envelope.verify("baton/c/apps/db", Envelope.open(sealed), WRITER.getPublic())).isFalse();
        assertThat(Envelope.verify(TOPIC, Envelope.open(sealed), Ed25519.generate().getPublic())).isFalse();
        for (int i = 0; i < BODY.length - 1; i++) {
            byte[] changed = sealed.clone();
            changed[i] ^= 1;
            assertThat(Envelope.verify(TOPIC, Envelope.open(changed), WRITER.getPublic())).as("byte %d changed", i).isFalse();
        }
    }

    @Test
    void aSignatureWrittenAnotherWayThanTheSignersIsRefused() {
        String sealed = new String(Envelope.seal(TOPIC, BODY, WRITER.getPrivate()), StandardCharsets.UTF_8);
        assertThat(sealed).endsWith("==\"}");
        String unpadded = sealed.replace("==\"}", "\"}");
        char last = sealed.charAt(sealed.length() - 5); // 4 of its 6 bits are unused: another one decodes the same
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        char flipped = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String lowBits = sealed.substring(0, sealed.length() - 5) + flipped + "==\"}";
        assertThat(java.util.Base64.getDecoder().decode(lowBits.substring(lowBits.lastIndexOf(':') + 2,
                lowBits.length() - 2))).as("decodes the same").isEqualTo(java.util.Base64.getDecoder().decode(
                sealed.substring(sealed.lastIndexOf(':') + 2, sealed.length() - 2)));
        for (String other : java.util.List.of(unpadded, lowBits)) {
            assertThatThrownBy(() -> Envelope.open(other.getBytes(StandardCharsets.UTF_8)))
                    .as(other).hasMessageContaining("not base64 as written by a signer");
        }
    }

    @Test
    void aMessageWithoutSignatureIsRefusedSayingSo() {
        assertThatThrownBy(() -> Envelope.open(BODY)).hasMessageContaining("not signed");
        assertThatThrownBy(() -> Envelope.open("{\"a\":1,\"sig\":\"!!!\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not base64");
        assertThat(Envelope.verify(TOPIC, Envelope.open("{\"a\":1,\"sig\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8)),
                WRITER.getPublic())).isFalse();
        assertThatThrownBy(() -> Envelope.seal(TOPIC, "{}".getBytes(StandardCharsets.UTF_8), WRITER.getPrivate()))
                .hasMessageContaining("with fields");
    }
}
