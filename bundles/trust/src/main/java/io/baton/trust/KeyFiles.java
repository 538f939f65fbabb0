package io.baton.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key files in PEM, as OpenSSL writes them: a key pair is a {@code PRIVATE KEY} block (PKCS#8) followed by a
 * {@code PUBLIC KEY} block (X.509; the JDK cannot derive an Ed25519 public key from the private one), written
 * mode 600 and whole (a temporary file moved into place, so a crash never leaves half a key); a public key alone
 * is a {@code PUBLIC KEY} block. {@code openssl pkey -in node.key -text} reads both.
 */
public final class KeyFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private KeyFiles() {
    }

    /** Writes a key pair, mode 600; an existing file is replaced only when {@code replace}. */
    public static void writePair(Path file, KeyPair pair, boolean replace) throws IOException {
        write(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                OWNER_ONLY, replace);
    }

    /** Writes a public key, mode 644 (it is no secret). */
    public static void writePublic(Path file, PublicKey key, boolean replace) throws IOException {
        write(file, pem("PUBLIC KEY", key.getEncoded()), READABLE, replace);
    }

    /** Reads a key pair written by {@link #writePair}; errors name the file and what is wrong. */
    public static KeyPair readPair(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(block(text, "PRIVATE KEY", file)));
            PublicKey publicKey = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(block(text, "PUBLIC KEY", file)));
            if (!Ed25519.matches(privateKey, publicKey)) {
                throw new IOException(file + ": its PUBLIC KEY is not the one of its PRIVATE KEY");
            }
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": not an Ed25519 key pair (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a public key: a {@code PUBLIC KEY} block (alone, or after a private key). */
    public static PublicKey readPublic(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(block(text, "PUBLIC KEY", file)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": not an Ed25519 public key (" + e.getMessage() + ")", e);
        }
    }

    /** Whether the file can be read by anyone but its owner (a private key must not be). */
    static boolean exposed(Path file) throws IOException {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    }

    static void write(Path file, String text, Set<PosixFilePermission> mode, boolean replace) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (!replace && Files.exists(file)) {
            throw new FileAlreadyExistsException(file + " exists already; remove it first to make a new key");
        }
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".new", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(temp, mode);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] block(String text, String type, Path file) {
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(m.group(2));
            }
        }
        throw new IllegalArgumentException("no " + type + " block in " + file);
    }
}
