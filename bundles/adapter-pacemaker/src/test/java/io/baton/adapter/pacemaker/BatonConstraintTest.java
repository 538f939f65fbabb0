package io.baton.adapter.pacemaker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The constraint XML Baton writes with cibadmin, and reading it back. */
class BatonConstraintTest {
    private static final PacemakerSettings.Scores SCORES = new PacemakerSettings.Scores(200, 100, 150, true);

    @Test
    void runBackupAndOnlyRulesInOneElement() {
        BatonConstraint c = new BatonConstraint("AP1", Optional.of("n2"), Optional.of("n3"));
        assertThat(c.xml(SCORES)).isEqualTo("<rsc_location id=\"baton-AP1\" rsc=\"AP1\">"
                + "<rule id=\"baton-run-AP1\" score=\"200\"><expression id=\"baton-run-AP1-node\" attribute=\"#uname\" operation=\"eq\" value=\"n2\"/></rule>"
                + "<rule id=\"baton-backup-AP1\" score=\"100\"><expression id=\"baton-backup-AP1-node\" attribute=\"#uname\" operation=\"eq\" value=\"n3\"/></rule>"
                + "<rule id=\"baton-only-AP1\" score=\"-INFINITY\" boolean-op=\"and\">"
                + "<expression id=\"baton-only-AP1-0\" attribute=\"#uname\" operation=\"ne\" value=\"n2\"/>"
                + "<expression id=\"baton-only-AP1-1\" attribute=\"#uname\" operation=\"ne\" value=\"n3\"/></rule>"
                + "</rsc_location>");
    }

    @Test
    void withoutBackupOnlyTheRunningServerIsAllowed() {
        String xml = new BatonConstraint("AP1", Optional.of("n2"), Optional.empty()).xml(SCORES);
        assertThat(xml).contains("baton-run-AP1").doesNotContain("baton-backup-AP1")
                .contains("<expression id=\"baton-only-AP1-0\" attribute=\"#uname\" operation=\"ne\" value=\"n2\"/></rule>");
    }

    @Test
    void notExclusiveLeavesOtherNodesToPacemaker() {
        String xml = new BatonConstraint("AP1", Optional.of("n2"), Optional.of("n3"))
                .xml(new PacemakerSettings.Scores(300, 50, 0, false));
        assertThat(xml).contains("score=\"300\"").contains("score=\"50\"").doesNotContain("INFINITY");
    }

    @Test
    void noServerAtAllMeansNowhere() {
        String xml = new BatonConstraint("AP1", Optional.empty(), Optional.empty())
                .xml(new PacemakerSettings.Scores(300, 50, 0, false));
        assertThat(xml).contains("score=\"-INFINITY\"").contains("operation=\"defined\"");
    }

    @Test
    void aBackupEqualToTheRunningServerIsNone() {
        assertThat(new BatonConstraint("AP1", Optional.of("n1"), Optional.of("n1")).backup()).isEmpty();
    }

    @Test
    void valuesAreEscaped() {
        assertThat(new BatonConstraint("a", Optional.of("x\"<&'"), Optional.empty()).xml(SCORES))
                .contains("value=\"x&quot;&lt;&amp;&apos;\"");
    }

    @Test
    void readsBackWhatItWritesAndIgnoresOthersConstraints() throws Exception {
        BatonConstraint a = new BatonConstraint("AP1", Optional.of("n2"), Optional.of("n3"));
        BatonConstraint b = new BatonConstraint("AP2", Optional.of("n1"), Optional.empty());
        String xml = "<constraints>" + a.xml(SCORES) + b.xml(SCORES)
                + "<rsc_location id=\"cli-prefer-AP3\" rsc=\"AP3\" node=\"n1\" score=\"INFINITY\"/>"
                + "<rsc_location id=\"baton-other\" rsc=\"AP4\" node=\"n1\" score=\"10\"/>"
                + "</constraints>";
        Map<String, BatonConstraint> read = ConstraintReader.parse(xml);
        assertThat(read).containsExactly(Map.entry("AP1", a), Map.entry("AP2", b));
    }

    @Test
    void readsCibadminsRealOutput() throws Exception {
        Map<String, BatonConstraint> read = ConstraintReader.parse(resource("/constraints.xml"));
        assertThat(read).containsExactly(Map.entry("AP1",
                new BatonConstraint("AP1", Optional.of("n2"), Optional.of("n3"))));
        assertThat(ConstraintReader.parse("<constraints/>")).isEmpty();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BatonConstraintTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
