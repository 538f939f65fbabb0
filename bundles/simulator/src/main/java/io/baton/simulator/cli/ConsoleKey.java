package io.baton.simulator.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * The key {@code bin/baton} logs into its local cluster's consoles with, so that no password is ever on a process's
 * command line (Karaf's client takes a password only as an argument, visible to every user in {@code ps}). Writes
 * an RSA private key (PKCS#8 PEM, created mode 600) and prints its public key in OpenSSH's one-line form, whose
 * second field goes to each instance's {@code etc/keys.properties}.
 */
public final class ConsoleKey {
    private static final int BITS = 3072;

    private ConsoleKey() {
    }

    public static void main(String[] args) {
        // the one place that writes to the process's streams: bin/baton's helper, outside Karaf
        if (args.length != 1) {
            System.err.println("usage: ConsoleKey PRIVATE_KEY_FILE (prints the public key)");
            System.exit(OfflineCli.BAD_INPUT);
        }
        try {
            System.out.println(create(Path.of(args[0])));
        } catch (IOException e) {
            System.err.println("baton: cannot write the console key " + args[0] + ": " + e);
            System.exit(OfflineCli.FAILED);
        }
    }

    /** Writes a new private key to {@code file} (which must not exist) and returns the public key line. */
    static String create(Path file) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(BITS);
            pair = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has RSA", e);
        }
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("it exists already; remove it first to make a new key", e);
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return "ssh-rsa " + Base64.getEncoder().encodeToString(sshBlob((RSAPublicKey) pair.getPublic()));
    }

    /** The public key in the SSH wire format (RFC 4253, 6.6): "ssh-rsa", e, n. */
    static byte[] sshBlob(RSAPublicKey key) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] type = "ssh-rsa".getBytes(StandardCharsets.US_ASCII);
            out.writeInt(type.length);
            out.write(type);
            writeMpint(out, key.getPublicExponent());
            writeMpint(out, key.getModulus());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory", e);
        }
        return bytes.toByteArray();
    }

    private static void writeMpint(DataOutputStream out, BigInteger value) throws IOException {
        byte[] twosComplement = value.toByteArray(); // big-endian, with a leading 0 when the top bit is set
        out.writeInt(twosComplement.length);
        out.write(twosComplement);
    }
}
