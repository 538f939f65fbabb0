package io.baton.trust;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustDirectoryTest {

    @Test
    void aFirstStartMakesAnOperatorKeyANodeKeyAndItsCertificateAndTheNextStartReadsThem(@TempDir Path dir)
            throws IOException {
        TrustDirectory.Opened first = TrustDirectory.open(dir.resolve("baton"), "c", "n1");

        assertThat(first.made()).hasSize(3);
        Path keys = dir.resolve("baton");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("node.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("operator.key")))).isEqualTo("rw-------");
        assertThat(Files.readString(keys.resolve("node.key"))).contains("BEGIN PRIVATE KEY", "BEGIN PUBLIC KEY");

        TrustDirectory.Opened again = TrustDirectory.open(keys, "c", "n1");
        assertThat(again.made()).isEmpty();
        assertThat(again.keyring().certificate()).isEqualTo(first.keyring().certificate());
        assertThat(again.keyring().operator()).isEqualTo(first.keyring().operator());
        assertThat(again.keyring().operatorKey()).isPresent();
    }

    @Test
    void aNodeWithTheOperatorsPublicKeyOnlyAndNoCertificateIsToldWhatToDo(@TempDir Path dir) throws IOException {
        Path operatorDir = dir.resolve("operator");
        TrustDirectory.open(operatorDir, "c", "n1");
        Path n2 = dir.resolve("n2");
        Files.createDirectories(n2);
        Files.copy(operatorDir.resolve("operator.pub"), n2.resolve("operator.pub"));

        assertThatThrownBy(() -> TrustDirectory.open(n2, "c", "n2"))
                .hasMessageContaining(n2.resolve("node.cert").toString())
                .hasMessageContaining("Put the operator's operator.key in " + n2);

        // one start with the operator key certifies the node; without it afterwards the node starts
        Files.copy(operatorDir.resolve("operator.key"), n2.resolve("operator.key"));
        TrustDirectory.open(n2, "c", "n2");
        Files.delete(n2.resolve("operator.key"));
        TrustDirectory.Opened later = TrustDirectory.open(n2, "c", "n2");
        assertThat(later.keyring().operatorKey()).isEmpty();
        assertThat(later.keyring().certificate().node()).isEqualTo("n2");
    }

    @Test
    void aCertificateOfAnotherNodeOrClusterIsNotTaken(@TempDir Path dir) throws IOException {
        TrustDirectory.open(dir, "c", "n1");
        Files.delete(dir.resolve("operator.key"));

        assertThatThrownBy(() -> TrustDirectory.open(dir, "c", "n2")).hasMessageContaining("it is for node n1 of cluster c");
        assertThatThrownBy(() -> TrustDirectory.open(dir, "other", "n1")).hasMessageContaining("of cluster c");
    }

    @Test
    void aPrivateKeyOthersCanReadIsRefused(@TempDir Path dir) throws IOException {
        TrustDirectory.open(dir, "c", "n1");
        Files.setPosixFilePermissions(dir.resolve("node.key"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> TrustDirectory.open(dir, "c", "n1"))
                .hasMessageContaining("node.key is readable by other users: chmod 600");
    }

    @Test
    void anOperatorKeyThatIsNotThePublicKeysPairIsRefused(@TempDir Path dir) throws IOException {
        TrustDirectory.open(dir, "c", "n1");
        KeyFiles.writePair(dir.resolve("operator.key"), Ed25519.generate(), true);

        assertThatThrownBy(() -> TrustDirectory.open(dir, "c", "n1")).hasMessageContaining("is not the key of");
    }

    @Test
    void aCertificateSignedByAnotherOperatorFailsItsCheck() {
        var operator = Ed25519.generate();
        var node = Ed25519.generate();
        NodeCertificate cert = NodeCertificate.issue("c", "n1", node.getPublic(), operator.getPrivate());

        assertThat(cert.signedBy(operator.getPublic())).isTrue();
        assertThat(cert.signedBy(Ed25519.generate().getPublic())).isFalse();
        assertThat(new NodeCertificate("c", "n2", cert.key(), cert.signature()).signedBy(operator.getPublic())).isFalse();
        assertThatThrownBy(() -> Ed25519.publicKey("AAAA")).hasMessageContaining("32 bytes, not 3");
    }
}
