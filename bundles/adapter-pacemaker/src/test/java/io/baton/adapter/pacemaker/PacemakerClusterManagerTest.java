package io.baton.adapter.pacemaker;

import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.Registration;
import io.baton.api.testing.Await;
import io.baton.api.testing.Configs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The component against fake crm_mon / cibadmin / crm_resource scripts that replay captured output. */
class PacemakerClusterManagerTest {
    @TempDir
    Path dir;
    private PacemakerClusterManager cm;

    @BeforeEach
    void tools() throws IOException {
        for (String tool : List.of("crm_mon", "cibadmin", "crm_resource")) {
            try (InputStream in = getClass().getResourceAsStream("/fake/" + tool)) {
                Path target = dir.resolve(tool);
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        status("three-nodes-running.xml");
        Files.writeString(dir.resolve("constraints.xml"), "<constraints>" + new BatonConstraint("AP1", Optional.of("n2"),
                Optional.of("n3")).xml(new PacemakerSettings.Scores(200, 100, 150, true)) + "</constraints>");
        cm = manager(Map.of());
    }

    @AfterEach
    void close() {
        cm.close();
    }

    private PacemakerClusterManager manager(Map<String, Object> extra) {
        Map<String, Object> values = new HashMap<>(Map.of("toolDirectory", dir.toString(),
                "environment", new String[]{"FAKE=" + dir}, "pollIntervalMillis", 100,
                "commandTimeoutMillis", 5000, "settleTimeoutMillis", 300));
        values.putAll(extra);
        return new PacemakerClusterManager(Configs.of(PacemakerConfig.class, values));
    }

    private void status(String sample) throws IOException {
        Files.writeString(dir.resolve("status.xml"), CrmMonParserTest.sample(sample));
    }

    private List<String> calls() throws IOException {
        Path log = dir.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void viewHasMembersPlacementAndBatonBackups() throws Exception {
        ClusterView view = cm.view();
        assertThat(view.members()).containsExactly("n1", "n2", "n3");
        assertThat(view.placement().running()).containsExactly(Map.entry("AP1", "n2"), Map.entry("AP2", "n1"),
                Map.entry("G1", "n3"));
        assertThat(view.backups()).containsExactly(Map.entry("AP1", "n3"));
        assertThat(calls()).containsExactly("crm_mon --one-shot --output-as=xml", "cibadmin --query --scope constraints");
    }

    @Test
    void aPrefixMapsNamesAndHidesOtherResources() throws Exception {
        cm.close();
        cm = manager(Map.of("resourcePrefix", "AP"));
        ClusterView view = cm.view();
        assertThat(view.placement().running()).containsExactly(Map.entry("1", "n2"), Map.entry("2", "n1"));
        assertThat(view.backups()).containsExactly(Map.entry("1", "n3"));
    }

    @Test
    void aNonQuoratePartitionIsAnErrorNotFewerMembers() throws Exception {
        status("non-quorate.xml");
        assertThatThrownBy(cm::view).isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("not quorate").hasMessageContaining("crm_mon");
    }

    @Test
    void anUnreachableClusterIsAnErrorNamingCrmMonAndItsReason() throws Exception {
        status("unreachable.xml");
        Files.writeString(dir.resolve("status.rc"), "102");
        assertThatThrownBy(cm::view).isInstanceOf(ClusterManagerException.class)
                .hasMessageStartingWith("Pacemaker cluster unreachable: " + dir.resolve("crm_mon"))
                .hasMessageContaining("exited with code 102")
                .hasMessageContaining("Connection to cluster failed: Connection refused");
    }

    @Test
    void withACibFileNoQuorumIsNeeded() throws Exception {
        cm.close();
        cm = manager(Map.of("cibFile", dir.resolve("cib.xml").toString()));
        status("non-quorate.xml");
        assertThat(cm.view().members()).containsExactly("n1");
    }

    @Test
    void setBackupWritesOneConstraintWithTheRealRunningServerAndStickiness() throws Exception {
        cm.setBackup("AP2", Optional.of("n3"));
        String xml = new BatonConstraint("AP2", Optional.of("n1"), Optional.of("n3"))
                .xml(new PacemakerSettings.Scores(200, 100, 150, true));
        assertThat(calls()).contains("cibadmin --replace --scope constraints --xml-text " + xml,
                "crm_resource --resource AP2 --meta --set-parameter resource-stickiness --parameter-value 150");
    }

    @Test
    void aMissingConstraintIsCreated() throws Exception {
        Files.writeString(dir.resolve("replace.rc"), "105");
        cm.setBackup("AP2", Optional.of("n3"));
        assertThat(calls()).anyMatch(c -> c.startsWith("cibadmin --replace"))
                .anyMatch(c -> c.startsWith("cibadmin --create --scope constraints --xml-text <rsc_location id=\"baton-AP2\""));
    }

    @Test
    void aFailedWriteNamesTheConstraintAndCibadmin() throws Exception {
        Files.writeString(dir.resolve("replace.rc"), "1");
        assertThatThrownBy(() -> cm.setBackup("AP2", Optional.of("n3"))).isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("writing constraint baton-AP2 failed")
                .hasMessageContaining("cibadmin --replace").hasMessageContaining("exited with code 1: Call cib_replace failed");
    }

    @Test
    void anUnchangedBackupWritesNothing() throws Exception {
        cm.setBackup("AP1", Optional.of("n3"));
        assertThat(calls()).noneMatch(c -> c.startsWith("cibadmin --replace") || c.startsWith("cibadmin --create"));
    }

    @Test
    void unknownResourcesAndNodesAreRefused() {
        assertThatThrownBy(() -> cm.setBackup("nope", Optional.of("n3"))).hasMessageContaining("no primitive or group nope");
        assertThatThrownBy(() -> cm.setBackup("AP2", Optional.of("n9"))).hasMessageContaining("n9 is not a Pacemaker node");
        assertThatThrownBy(() -> cm.start("AP1", "n1")).hasMessageContaining("refused: AP1 runs on n2");
    }

    @Test
    void startingWhatRunsThereOnlyRecordsTheConstraint() throws Exception {
        cm.start("AP2", "n1");
        assertThat(calls()).anyMatch(c -> c.startsWith("cibadmin --replace --scope constraints --xml-text <rsc_location id=\"baton-AP2\""))
                .noneMatch(c -> c.contains("target-role"));
    }

    @Test
    void anUnconfirmedStartFailsNamingTheState() {
        assertThatThrownBy(() -> cm.start("AP3", "n1")).isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("start of AP3 on n1 not confirmed by Pacemaker within 300 ms");
    }

    @Test
    void releaseRemovesTheConstraintAndStickiness() throws Exception {
        assertThat(cm.placedApps()).containsExactly("AP1");
        assertThat(cm.retainOnly(List.of("AP2"))).containsExactly("AP1");
        assertThat(calls()).contains("cibadmin --delete --scope constraints --xml-text <rsc_location id=\"baton-AP1\"/>")
                .noneMatch(c -> c.contains("--delete-parameter"));
        cm.release("AP1", true);
        assertThat(calls()).contains("crm_resource --resource AP1 --meta --delete-parameter resource-stickiness");
    }

    @Test
    void listenersHearTheViewAndItsChanges() throws Exception {
        AtomicReference<ClusterView> seen = new AtomicReference<>();
        try (Registration ignored = cm.addListener(seen::set)) {
            Await.until("first view", Duration.ofSeconds(5), () -> seen.get() != null);
            assertThat(seen.get().members()).containsExactly("n1", "n2", "n3");
            status("node-lost-taken-over.xml");
            Await.until("the view without n2", Duration.ofSeconds(5), seen::get,
                    v -> v.members().equals(java.util.Set.of("n1", "n3")));
            assertThat(seen.get().placement().running()).containsEntry("AP1", "n3");
            // a failing poll tells nobody "no members"
            Files.writeString(dir.resolve("status.rc"), "102");
            ClusterView last = seen.get();
            Await.until("a few failed polls", Duration.ofSeconds(5), () -> {
                try {
                    return calls().stream().filter(c -> c.startsWith("crm_mon")).count() > 10;
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(seen.get()).isSameAs(last);
        }
    }

    private static final PacemakerSettings.Scores SCORES = new PacemakerSettings.Scores(200, 100, 150, true);

    private void constraints(BatonConstraint... cs) throws IOException {
        StringBuilder xml = new StringBuilder("<constraints>");
        for (BatonConstraint c : cs) {
            xml.append(c.xml(SCORES));
        }
        Files.writeString(dir.resolve("constraints.xml"), xml.append("</constraints>").toString());
    }

    private List<String> callsQuietly() {
        try {
            return calls();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String written(BatonConstraint c) {
        return "cibadmin --replace --scope constraints --xml-text " + c.xml(SCORES);
    }

    @Test
    void aStoppedAppsConstraintPrefersNoNode() {
        String xml = BatonConstraint.nowhere("AP1").xml(SCORES);
        assertThat(xml).doesNotContain("baton-run-AP1").doesNotContain("baton-backup-AP1")
                .contains("<rule id=\"baton-only-AP1\" score=\"-INFINITY\" boolean-op=\"and\">"
                        + "<expression id=\"baton-only-AP1-any\" attribute=\"#uname\" operation=\"defined\"/></rule>");
    }

    @Test
    void batonsStopDropsTheRunningServerAndBackupRulesSoThatTheOldNodeDoesNotRestartIt() throws Exception {
        // AP1 runs on n2 with backup n3; target-role=Stopped stops it (the fake's next crm_mon)
        String stopped = CrmMonParserTest.sample("three-nodes-running.xml").replaceFirst(
                "(?s)<resource id=\"AP1\"[^>]*>\\s*<node [^>]*/>\\s*</resource>",
                "<resource id=\"AP1\" resource_agent=\"ocf:pacemaker:Dummy\" role=\"Stopped\" target_role=\"Stopped\" "
                        + "active=\"false\" orphaned=\"false\" blocked=\"false\" managed=\"true\" failed=\"false\" "
                        + "failure_ignored=\"false\" nodes_running_on=\"0\"/>");
        assertThat(stopped).contains("role=\"Stopped\" target_role=\"Stopped\" active=\"false\" orphaned=\"false\" blocked=\"false\" managed=\"true\" failed=\"false\" failure_ignored=\"false\" nodes_running_on=\"0\"/>\n    <resource id=\"AP2\"");
        Files.writeString(dir.resolve("status-after-crm_resource.xml"), stopped);

        cm.stop("AP1", "n2");

        List<String> calls = calls();
        int role = calls.indexOf("crm_resource --resource AP1 --meta --set-parameter target-role --parameter-value Stopped");
        int nowhere = calls.indexOf(written(BatonConstraint.nowhere("AP1")));
        assertThat(role).as("target-role Stopped set").isNotNegative();
        assertThat(nowhere).as("the constraint preferring no node written after the stop: %s", calls).isGreaterThan(role);
        assertThat(calls).noneMatch(c -> c.startsWith("cibadmin --replace") && c.contains("baton-run-AP1"));
    }

    @Test
    void aStoppedAppsBackupIsNoneAndItsOldRunningServerIsNotKept() throws Exception {
        // AP3 is stopped (target-role Stopped) but its constraint still names n1 and n2
        constraints(new BatonConstraint("AP3", Optional.of("n1"), Optional.of("n2")));
        cm.setBackup("AP3", Optional.empty());
        assertThat(calls()).contains(written(BatonConstraint.nowhere("AP3")));
        Files.delete(dir.resolve("calls.log"));
        cm.setBackup("AP3", Optional.of("n2"));
        assertThat(calls()).contains(written(BatonConstraint.nowhere("AP3")))
                .noneMatch(c -> c.startsWith("cibadmin --replace") && c.contains("baton-backup-AP3"));
    }

    @Test
    void aStoppedAppThatBatonNeverPlacedGetsNoConstraintFromSetBackup() throws Exception {
        cm.setBackup("AP3", Optional.empty());
        assertThat(calls()).noneMatch(c -> c.startsWith("cibadmin --replace") || c.startsWith("cibadmin --create"));
    }

    @Test
    void thePollerMakesAnAppLeftStoppedPreferNoNodeButLeavesATakeoverUnderWayAlone() throws Exception {
        // n2 is gone; AP1 (ran there) is being taken over to its backup n3; AP3 is disabled but still names n1
        status("node-lost-takeover-pending.xml");
        constraints(new BatonConstraint("AP1", Optional.of("n2"), Optional.of("n3")),
                new BatonConstraint("AP3", Optional.of("n1"), Optional.of("n2")));
        AtomicReference<ClusterView> seen = new AtomicReference<>();
        try (Registration ignored = cm.addListener(seen::set)) {
            Await.until("AP3's constraint preferring no node", Duration.ofSeconds(5),
                    () -> callsQuietly().contains(written(BatonConstraint.nowhere("AP3"))));
            assertThat(calls()).noneMatch(c -> c.startsWith("cibadmin --replace") && c.contains("baton-AP1"));
            // its backup was down too: nothing will start AP1, and n2 must not get it back by itself
            constraints(new BatonConstraint("AP1", Optional.of("n2"), Optional.empty()),
                    BatonConstraint.nowhere("AP3"));
            Await.until("AP1's constraint preferring no node", Duration.ofSeconds(5),
                    () -> callsQuietly().contains(written(BatonConstraint.nowhere("AP1"))));
        }
    }
}
