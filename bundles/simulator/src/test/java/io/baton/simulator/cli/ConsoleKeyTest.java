package io.baton.simulator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleKeyTest {

    @Test
    void the_private_key_is_owner_only_pkcs8_and_the_public_line_matches_it(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("console.key");
        String line = ConsoleKey.create(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String pem = Files.readString(file);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));

        assertThat(line).startsWith("ssh-rsa ");
        DataInputStream blob = new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(line.substring(8))));
        assertThat(new String(field(blob), StandardCharsets.US_ASCII)).isEqualTo("ssh-rsa");
        assertThat(new BigInteger(field(blob))).isEqualTo(key.getPublicExponent());
        assertThat(new BigInteger(field(blob))).isEqualTo(key.getModulus());
        assertThat(blob.available()).isZero();
    }

    @Test
    void an_existing_key_is_never_overwritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("console.key");
        Files.writeString(file, "mine");
        assertThatThrownBy(() -> ConsoleKey.create(file)).hasMessageContaining("exists already");
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    private static byte[] field(DataInputStream in) throws Exception {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
