package io.baton.adapter.pacemaker;

import io.baton.api.spi.ClusterManagerException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser against crm_mon --output-as=xml as Pacemaker 2.1.5 printed it on a 3-node test cluster. */
class CrmMonParserTest {

    static String sample(String name) {
        try (InputStream in = CrmMonParserTest.class.getResourceAsStream("/crm_mon/" + name)) {
            assertThat(in).as("test resource crm_mon/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void threeNodesWithPrimitivesAndAGroup() throws Exception {
        PacemakerStatus s = CrmMonParser.parse(sample("three-nodes-running.xml"));

        assertThat(s.dc()).contains("n1");
        assertThat(s.quorate()).isTrue();
        assertThat(s.members()).containsExactly("n1", "n2", "n3");
        assertThat(s.resources()).containsOnlyKeys("AP1", "AP2", "AP3", "G1");
        assertThat(s.resources().get("AP1").runningOn()).contains("n2");
        assertThat(s.resources().get("AP1").targetRole()).contains("Started");
        assertThat(s.resources().get("AP2").runningOn()).contains("n1");
        assertThat(s.resources().get("AP3").runningOn()).isEmpty();
        assertThat(s.resources().get("AP3").disabled()).isTrue();
        PacemakerStatus.Resource group = s.resources().get("G1");
        assertThat(group.group()).isTrue();
        assertThat(group.runningOn()).contains("n3");
        assertThat(group.disabled()).isFalse();
        assertThat(group.managed()).isTrue();
    }

    @Test
    void aLostNodeIsNoMemberAndItsResourceIsStoppedUntilTakenOver() throws Exception {
        PacemakerStatus pending = CrmMonParser.parse(sample("node-lost-takeover-pending.xml"));
        assertThat(pending.members()).containsExactly("n1", "n3");
        assertThat(pending.node("n2")).hasValueSatisfying(n -> assertThat(n.online()).isFalse());
        PacemakerStatus.Resource ap1 = pending.resources().get("AP1");
        assertThat(ap1.runningOn()).isEmpty();
        assertThat(ap1.disabled()).isFalse(); // target-role Started: Pacemaker is about to start it elsewhere

        PacemakerStatus done = CrmMonParser.parse(sample("node-lost-taken-over.xml"));
        assertThat(done.members()).containsExactly("n1", "n3");
        assertThat(done.resources().get("AP1").runningOn()).contains("n3"); // pending="Monitoring" is still running
    }

    @Test
    void aPartitionWithoutQuorumIsReadAsSuch() throws Exception {
        PacemakerStatus s = CrmMonParser.parse(sample("non-quorate.xml"));
        assertThat(s.quorate()).isFalse();
        assertThat(s.dc()).contains("n1");
        assertThat(s.members()).containsExactly("n1");
    }

    @Test
    void theErrorReportOfAnUnreachableClusterIsExtracted() {
        assertThat(CrmMonParser.errors(sample("unreachable.xml")))
                .isEqualTo("Not connected / error: Could not connect to launcher: Connection refused"
                        + " / crm_mon: Connection to cluster failed: Connection refused");
        assertThat(CrmMonParser.errors(sample("three-nodes-running.xml"))).isEmpty();
        assertThat(CrmMonParser.errors("plain text")).isEmpty();
    }

    @Test
    void anErrorReportIsNoStatus() {
        assertThatThrownBy(() -> CrmMonParser.parse(sample("unreachable.xml")))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("Connection to cluster failed");
    }

    @Test
    void garbageIsRejectedWithTheStartOfTheText() {
        assertThatThrownBy(() -> CrmMonParser.parse("Connection to cluster failed"))
                .isInstanceOf(ClusterManagerException.class)
                .hasMessageContaining("not well-formed XML").hasMessageContaining("Connection to cluster failed");
        assertThatThrownBy(() -> CrmMonParser.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"))
                .isInstanceOf(ClusterManagerException.class);
    }

    @Test
    void aGroupPartlyStartedOrSpreadIsNotRunning() throws Exception {
        String xml = """
                <pacemaker-result api-version="2.25"><summary><current_dc present="true" name="n1" with_quorum="true"/></summary>
                <nodes><node name="n1" online="true"/><node name="n2" online="true" standby="true"/></nodes>
                <resources>
                  <group id="half" number_resources="2" managed="true" disabled="false">
                    <resource id="h1" role="Started" active="true" failed="false" nodes_running_on="1"><node name="n1"/></resource>
                    <resource id="h2" role="Stopped" active="false" failed="false" nodes_running_on="0"/>
                  </group>
                  <group id="off" number_resources="1" managed="true" disabled="true">
                    <resource id="o1" role="Stopped" active="false" failed="false"/>
                  </group>
                  <resource id="bad" role="Started" active="true" failed="true" nodes_running_on="1"><node name="n1"/></resource>
                  <resource id="gone" role="Started" active="true" orphaned="true"><node name="n1"/></resource>
                  <resource id="twice" role="Started" active="true" failed="false" nodes_running_on="2"><node name="n1"/><node name="n2"/></resource>
                  <clone id="c1"><resource id="c1i" role="Started" active="true"><node name="n1"/></resource></clone>
                </resources></pacemaker-result>""";
        PacemakerStatus s = CrmMonParser.parse(xml);
        assertThat(s.members()).containsExactly("n1"); // standby is no member
        assertThat(s.resources()).containsOnlyKeys("bad", "twice", "half", "off");
        assertThat(s.resources().get("twice").runningOn()).isEmpty();
        assertThat(s.resources().get("half").runningOn()).isEmpty();
        assertThat(s.resources().get("off").disabled()).isTrue();
        assertThat(s.resources().get("bad").runningOn()).isEmpty();
        assertThat(s.resources().get("bad").failed()).isTrue();
        assertThat(s.resources().get("bad").targetRole()).isEqualTo(Optional.empty());
    }
}
