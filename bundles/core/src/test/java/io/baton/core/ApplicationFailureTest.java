package io.baton.core;

import io.baton.api.decision.InvalidTriggerException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC "Application failure". */
class ApplicationFailureTest {

    @Test
    void the_app_restarts_on_its_backup_and_only_its_backup_is_recomputed() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b", "c", "d").app("X").app("Y").build())
                .given("a b c d", "X@a>c", "Y@b>c").loads("a", 10, "b", 20, "d", 30);
        c.appFail("X");
        // a is idle now and lighter than d; Y keeps c although c now runs X: only X's backup is recomputed
        assertThat(c.apps()).isEqualTo("X@c>a Y@b>c");
        assertThat(c.last.reasons()).singleElement().hasToString(
                "X: running a → c (failed on a: the cluster manager restarted it on its backup c); backup c → a (the lowest-load idle server, load 10)");
    }

    @Test
    void an_app_without_backup_up_is_stopped_and_loses_its_backup() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").app("X").build()).given("a", "X@a>-");
        c.appFail("X");
        assertThat(c.apps()).isEqualTo("X@-");
    }

    @Test
    void failing_a_stopped_or_unknown_app_is_rejected() {
        TestCluster c = TestCluster.of(RulesBuilder.servers("a", "b").app("X").build()).given("a", "X@-");
        assertThatThrownBy(() -> c.appFail("X")).isInstanceOf(InvalidTriggerException.class)
                .hasMessage("cannot fail app X: it is stopped");
        assertThatThrownBy(() -> c.appFail("Q")).isInstanceOf(InvalidTriggerException.class)
                .hasMessage("cannot fail app Q: unknown app Q (apps: X)");
    }
}
