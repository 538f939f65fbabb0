package io.baton.store.mqtt;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxTest {
    private final Outbox outbox = new Outbox();

    @Test
    void writes_are_due_in_order_latest_value_per_topic() {
        outbox.write("t1", bytes("1"));
        outbox.write("t2", bytes("2"));
        outbox.write("t1", bytes("3"));
        assertThat(outbox.due()).extracting(Outbox.Due::topic).containsExactly("t2", "t1");
        assertThat(outbox.due().get(1).payload()).isEqualTo(bytes("3"));
    }

    @Test
    void what_the_broker_did_not_confirm_is_sent_again_after_a_connection_loss() {
        outbox.write("t1", bytes("1"));
        outbox.write("t2", bytes("2"));
        java.util.List<Outbox.Due> due = outbox.due();
        due.forEach(outbox::sent);
        outbox.acknowledged(due.get(0));
        assertThat(outbox.hasDue()).isFalse();
        outbox.connectionLost();
        assertThat(outbox.due()).extracting(Outbox.Due::topic).containsExactly("t2");
    }

    @Test
    void an_acknowledgement_of_an_older_write_does_not_count_for_a_newer_one() {
        outbox.write("t", bytes("1"));
        Outbox.Due first = outbox.due().get(0);
        outbox.sent(first);
        outbox.write("t", bytes("2"));
        outbox.acknowledged(first);
        outbox.connectionLost();
        assertThat(outbox.due()).singleElement().extracting(d -> new String(d.payload(), StandardCharsets.UTF_8))
                .isEqualTo("2");
    }

    @Test
    void a_burst_of_latest_only_writes_sends_the_latest_once_the_one_in_flight_is_confirmed() {
        outbox.write("history", bytes("1"), true);
        Outbox.Due first = outbox.due().get(0);
        outbox.sent(first);
        outbox.write("other", bytes("x"));
        for (int i = 2; i <= 50; i++) {
            outbox.write("history", bytes(Integer.toString(i)), true);
        }
        assertThat(outbox.due()).as("history waits for its write in flight; other topics do not")
                .extracting(Outbox.Due::topic).containsExactly("other");
        outbox.acknowledged(first);
        assertThat(outbox.due()).filteredOn(d -> d.topic().equals("history")).singleElement()
                .extracting(d -> new String(d.payload(), StandardCharsets.UTF_8)).isEqualTo("50");
    }

    @Test
    void ordinary_writes_are_each_sent_even_with_an_earlier_one_in_flight() {
        outbox.write("t", bytes("1"));
        outbox.sent(outbox.due().get(0));
        outbox.write("t", bytes("2"));
        assertThat(outbox.due()).singleElement().extracting(d -> new String(d.payload(), StandardCharsets.UTF_8))
                .isEqualTo("2");
    }

    @Test
    void a_row_another_node_wrote_later_is_no_longer_owned_nor_re_published() {
        outbox.write("t", bytes("mine"));
        sendAndConfirm();
        assertThat(outbox.owns("t")).isTrue();
        outbox.observed("t", bytes("theirs"), false);
        assertThat(outbox.owns("t")).isFalse();
        outbox.republish("t");
        assertThat(outbox.due()).isEmpty();
        assertThat(outbox.size()).as("forgotten").isZero();
    }

    @Test
    void own_rows_from_before_a_restart_are_adopted_and_re_published_when_the_broker_lost_them() {
        outbox.observed("t", bytes("from my last run"), true);
        assertThat(outbox.owned("t")).contains(bytes("from my last run"));
        assertThat(outbox.due()).isEmpty();
        outbox.republish("t");
        assertThat(outbox.due()).extracting(Outbox.Due::topic).containsExactly("t");
    }

    @Test
    void a_removal_is_a_row_of_its_writer_until_another_writes_the_topic() {
        byte[] tombstone = new Codec("me", new Versions()).removed();
        outbox.write("t", bytes("row"));
        outbox.write("t", tombstone);
        assertThat(outbox.owns("t")).as("its tombstone keeps the row removed on every broker").isTrue();
        assertThat(outbox.recent("t")).containsKey("t");
        sendAndConfirm();
        outbox.observed("t", bytes("theirs"), false);
        assertThat(outbox.size()).isZero();
    }

    private void sendAndConfirm() {
        for (Outbox.Due d : outbox.due()) {
            outbox.sent(d);
            outbox.acknowledged(d);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
