package io.baton.simulator.cli;

import io.baton.trust.KeyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorKeyTest {

    @Test
    void makesThePairOnceOwnerOnlyAndKeepsItAfterwards(@TempDir Path dir) throws IOException {
        var first = OperatorKey.ensure(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("operator.key"))))
                .isEqualTo("rw-------");
        assertThat(KeyFiles.readPublic(dir.resolve("operator.pub"))).isEqualTo(first);
        Files.delete(dir.resolve("operator.pub"));
        assertThat(OperatorKey.ensure(dir)).as("the same pair, its public key written again").isEqualTo(first);
        assertThat(KeyFiles.readPublic(dir.resolve("operator.pub"))).isEqualTo(first);
    }
}
