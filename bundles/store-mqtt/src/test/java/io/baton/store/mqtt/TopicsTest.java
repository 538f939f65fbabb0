package io.baton.store.mqtt;

import io.baton.store.mqtt.Topics.Address;
import io.baton.store.mqtt.Topics.Kind;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {
    private final Topics topics = new Topics("demo");

    @Test
    void every_row_has_its_own_topic_under_the_cluster() {
        assertThat(topics.all()).isEqualTo("baton/demo/#");
        Map<String, Address> layout = Map.ofEntries(
                Map.entry("baton/demo/rules", new Address(Kind.RULES, "", "")),
                Map.entry("baton/demo/controller", new Address(Kind.CONTROLLER, "", "")),
                Map.entry("baton/demo/history", new Address(Kind.HISTORY, "", "")),
                Map.entry("baton/demo/servers/a/state", new Address(Kind.SERVER_STATE, "a", "")),
                Map.entry("baton/demo/servers/a/load", new Address(Kind.SERVER_LOAD, "a", "")),
                Map.entry("baton/demo/apps/AP1", new Address(Kind.APP, "AP1", "")),
                Map.entry("baton/demo/requests/r-1", new Address(Kind.REQUEST, "r-1", "")),
                Map.entry("baton/demo/outcomes/r-1", new Address(Kind.OUTCOME, "r-1", "")),
                Map.entry("baton/demo/nodes/a/presence/0", new Address(Kind.PRESENCE, "a", "0")),
                Map.entry("baton/demo/nodes/a/presence/12", new Address(Kind.PRESENCE, "a", "12")),
                Map.entry("baton/demo/nodes/a/sync", new Address(Kind.SYNC, "a", "")),
                Map.entry("baton/demo/ext/native/k%2E1", new Address(Kind.CHANNEL, "native", "k.1")));
        layout.forEach((topic, address) -> assertThat(topics.parse(topic)).as(topic).contains(address));
        assertThat(topics.server("a")).isEqualTo("baton/demo/servers/a/state");
        assertThat(topics.load("a")).isEqualTo("baton/demo/servers/a/load");
        assertThat(topics.app("AP1")).isEqualTo("baton/demo/apps/AP1");
        assertThat(topics.channel("native", "k.1")).as("no dot: NATS refuses them").isEqualTo("baton/demo/ext/native/k%2E1");
        assertThat(topics.presence("a", 1)).isEqualTo("baton/demo/nodes/a/presence/1");
        assertThat(topics.beat("a.b")).isEqualTo("baton-beat/demo/a%2Eb").doesNotStartWith("baton/demo/");
        assertThat(topics.beatOf(topics.beat("a.b"))).contains("a.b");
        assertThat(topics.beatOf("baton-beat/other/a")).isEmpty();
        // outside the tree: the subscription to all rows does not bring every node's echo to every node
        assertThat(topics.echo("a")).isEqualTo("baton-echo/demo/a").doesNotStartWith("baton/demo/");
        assertThat(topics.parse(topics.echo("a"))).isEmpty();
    }

    @Test
    void names_with_separators_or_wildcards_stay_one_level() {
        String odd = "a/b+c#d%e";
        assertThat(topics.app(odd)).isEqualTo("baton/demo/apps/a%2Fb%2Bc%23d%25e");
        assertThat(topics.parse(topics.app(odd))).contains(new Address(Kind.APP, odd, ""));
        assertThat(new Topics("x/y").all()).isEqualTo("baton/x%2Fy/#");
        assertThat(new Topics("x/y").echo("n#1")).isEqualTo("baton-echo/x%2Fy/n%231");
        assertThat(Topics.unescape(Topics.escape("ü %41 \0"))).isEqualTo("ü %41 \0");
        assertThat(Topics.escape("a.b c")).isEqualTo("a%2Eb%20c");
    }

    @Test
    void foreign_or_broken_topics_are_not_part_of_the_layout() {
        for (String topic : new String[]{"baton/other/rules", "baton/demo/bogus", "baton/demo/apps", "baton/demo/apps/",
                "baton/demo/apps/a/b", "baton/demo/servers/a/cpu", "baton/demo/apps/%zz", "baton/demo/apps/%4",
                "baton/demo/nodes/a/b/presence", "baton/demo", "baton/demo/nodes/a/presence",
                "baton/demo/nodes/a/presence/x", "baton/demo/nodes/a/marker"}) {
            assertThat(topics.parse(topic)).as(topic).isEqualTo(Optional.empty());
        }
    }
}
