package io.baton.trust;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Ed25519 through the JDK (no other provider). A public key travels as its 32 raw bytes in base64 (44 characters):
 * short enough to ride in every message and in a rule file.
 */
public final class Ed25519 {
    /** The DER of an X.509 SubjectPublicKeyInfo for Ed25519, before the 32 key bytes (RFC 8410). */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final int KEY_BYTES = 32;
    private static final int SIGNATURE_BYTES = 64;

    private Ed25519() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519 (Java 15 or later has)", e);
        }
    }

    /** The key's 32 bytes in base64. */
    public static String text(PublicKey key) {
        byte[] der = key.getEncoded();
        if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())
                || der.length != X509_PREFIX.length + KEY_BYTES) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, X509_PREFIX.length, der.length));
    }

    /** The public key whose 32 bytes {@code text} holds in base64; rejects anything else saying why. */
    public static PublicKey publicKey(String text) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + abbreviate(text), e);
        }
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_BYTES);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, KEY_BYTES);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + abbreviate(text), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    /** Signs the concatenation of {@code parts}. */
    public static byte[] sign(PrivateKey key, byte[]... parts) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            for (byte[] part : parts) {
                s.update(part);
            }
            return s.sign();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    /** Whether {@code signature} is {@code key}'s over the concatenation of {@code parts}. */
    public static boolean verify(PublicKey key, byte[] signature, byte[]... parts) {
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            for (byte[] part : parts) {
                s.update(part);
            }
            return s.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    /** Whether {@code pair}'s private half signs what its public half verifies. */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        byte[] probe = "baton key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return verify(publicKey, sign(privateKey, probe), probe);
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
