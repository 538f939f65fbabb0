package io.baton.broker.embedded;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeAclTest {

    @Test
    void aNodeWritesTheSharedRowsAndItsOwnButNoOtherNodesPresenceBeatEchoOrLoad() {
        for (String shared : new String[] {"baton/c/rules", "baton/c/controller", "baton/c/history", "baton/c/apps/web",
                "baton/c/requests/r1", "baton/c/outcomes/r1", "baton/c/servers/n2/state", "baton/c/ext/native/assign.web"}) {
            assertThat(NodeAcl.canWrite(shared, "n1")).as(shared).isTrue();
        }
        for (String own : new String[] {"baton/c/nodes/n1/presence/0", "baton/c/nodes/n1/sync", "baton-beat/c/n1",
                "baton-echo/c/n1", "baton/c/servers/n1/load"}) {
            assertThat(NodeAcl.canWrite(own, "n1")).as(own).isTrue();
            assertThat(NodeAcl.canWrite(own, "n2")).as(own + " by n2").isFalse();
        }
        for (String foreign : new String[] {"other/topic", "baton", "baton/c", "baton/c/unknown", "baton/c/apps/a/b",
                "baton/c/servers/n1/other", "$SYS/broker", "baton-beat/c/n1/x"}) {
            assertThat(NodeAcl.canWrite(foreign, "n1")).as(foreign).isFalse();
        }
    }

    @Test
    void aNodeReadsTheClusterAndEveryHeartbeatButOnlyItsOwnEcho() {
        assertThat(NodeAcl.canRead("baton/c/#", "n1")).isTrue();
        assertThat(NodeAcl.canRead("baton/c/nodes/+/presence/0", "n1")).isTrue();
        assertThat(NodeAcl.canRead("baton-beat/c/+", "n1")).isTrue();
        assertThat(NodeAcl.canRead("baton-echo/c/n1", "n1")).isTrue();
        assertThat(NodeAcl.canRead("baton-echo/c/n2", "n1")).isFalse();
        assertThat(NodeAcl.canRead("baton-echo/c/+", "n1")).isFalse();
        assertThat(NodeAcl.canRead("#", "n1")).isFalse();
        assertThat(NodeAcl.canRead("$SYS/#", "n1")).isFalse();
    }
}
