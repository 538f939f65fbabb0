package io.baton.store.mqtt;

import io.baton.api.model.AppStatus;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.StoreSnapshot;
import io.baton.store.mqtt.Mirror.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MirrorTest {
    private final Topics topics = new Topics("demo");
    private final Codec codec = new Codec("a", new Versions());

    @Test
    void rows_are_listed_in_the_rule_files_order_whatever_order_they_arrived_in() {
        Mirror m = Mirror.EMPTY;
        for (String s : List.of("e", "a", "c")) {
            m = put(m, topics.server(s), codec.server(ServerStatus.up(s)));
        }
        m = put(m, topics.app("AP1"), codec.app(AppStatus.of("AP1", "a", null)));
        m = put(m, topics.app("AP0"), codec.app(AppStatus.stopped("AP0")));
        assertThat(m.snapshot(true).tables().servers().keySet()).as("by name without rules").containsExactly("a", "c", "e");

        String rules = "{\"servers\":[\"c\",\"a\",\"b\"],\"apps\":{\"AP1\":{},\"AP0\":{}}}";
        m = put(m, topics.rules(), codec.rules(new DeployedRules("r.json", rules, 1, Instant.EPOCH)));
        StoreSnapshot s = m.snapshot(true);
        assertThat(s.tables().servers().keySet()).containsExactly("c", "a", "e");
        assertThat(s.tables().apps().keySet()).containsExactly("AP1", "AP0");

        m = m.without(topics.rules());
        assertThat(m.snapshot(true).tables().servers().keySet()).containsExactly("a", "c", "e");
    }

    @Test
    void the_same_payload_again_is_no_change() {
        byte[] row = codec.app(AppStatus.stopped("AP1"));
        Mirror m = put(Mirror.EMPTY, topics.app("AP1"), row);
        assertThat(put(m, topics.app("AP1"), row.clone())).isSameAs(m);
        assertThat(m.without("baton/demo/apps/none")).isSameAs(m);
    }

    @Test
    void an_older_value_never_replaces_a_newer_one_and_a_tombstone_hides_its_row() {
        byte[] older = codec.app(AppStatus.stopped("AP1"));
        byte[] newer = codec.app(AppStatus.of("AP1", "a", null));
        Mirror m = put(Mirror.EMPTY, topics.app("AP1"), newer);
        assertThat(put(m, topics.app("AP1"), older)).as("a replay or a stale broker").isSameAs(m);
        Mirror removed = put(m, topics.app("AP1"), codec.removed());
        assertThat(removed.snapshot(true).tables().apps()).isEmpty();
        assertThat(removed.rows()).containsKey(topics.app("AP1"));
        assertThat(put(removed, topics.app("AP1"), newer)).as("the row of before the removal").isSameAs(removed);
    }

    @Test
    void of_two_values_with_the_same_version_the_later_writer_wins_on_every_node() {
        Versions fixed = new Versions(() -> 5);
        byte[] byA = new Codec("a", fixed).app(AppStatus.stopped("X"));
        byte[] byB = new Codec("b", new Versions(() -> 5)).app(AppStatus.of("X", "b", null));
        Mirror one = put(put(Mirror.EMPTY, topics.app("X"), byA), topics.app("X"), byB);
        Mirror other = put(put(Mirror.EMPTY, topics.app("X"), byB), topics.app("X"), byA);
        assertThat(one.snapshot(true)).isEqualTo(other.snapshot(true));
        assertThat(one.snapshot(true).tables().apps().get("X").running()).contains("b");
    }

    @Test
    void channels_group_their_entries_by_name() {
        Mirror m = put(Mirror.EMPTY, topics.channel("native", "b"), codec.channelValue("2"));
        m = put(m, topics.channel("native", "a"), codec.channelValue("1"));
        m = put(m, topics.channel("other", "x"), codec.channelValue("{}"));
        assertThat(m.channels()).isEqualTo(Map.of("native", Map.of("a", "1", "b", "2"), "other", Map.of("x", "{}")));
        assertThat(m.channels().get("native").keySet()).containsExactly("a", "b");
        assertThat(m.snapshot(true)).isEqualTo(Mirror.EMPTY.snapshot(true));
    }

    private Mirror put(Mirror m, String topic, byte[] payload) {
        Topics.Address at = topics.parse(topic).orElseThrow();
        Decoder.Decoded d = Decoder.decode(at, payload);
        return m.with(topic, new Row(at, payload, d.value().orElse(null), d.version(), d.by().orElse("")));
    }
}
