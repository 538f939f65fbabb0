package io.baton.itests.campaign;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's campaign: a short seeded one (its seed and size in the pom: campaign.seed, campaign.faults). Its
 * report goes to target/campaign-report.txt as well as to the test's output; every violation fails the build.
 */
class CampaignIT {

    @Test
    void aSeededCampaignEndsWithoutViolations() throws Exception {
        long seed = Long.getLong("campaign.seed", 20261207L);
        int faults = Integer.getInteger("campaign.faults", 32);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new TeeStream(text, System.out), true, StandardCharsets.UTF_8);
        Report report = new Campaign(seed, Campaign.numbered(faults), List.of(Nemesis.Kind.values()),
                Network.available(), Campaign.home(), 19300, both).run();
        Files.writeString(Campaign.home().resolveSibling("campaign-report.txt"), text.toString(StandardCharsets.UTF_8));

        assertThat(report.faults()).as("rounds run").isEqualTo(faults);
        assertThat(report.comparedRounds()).as("rounds compared with the simulator").isPositive();
        assertThat(report.violations()).as("violations (replay each with --replay %d ROUND)", seed).isEmpty();
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("campaign: " + faults + " faults, 0 violations");
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
