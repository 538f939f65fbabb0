package io.baton.store.mqtt;

import io.baton.api.model.AppStatus;
import io.baton.api.model.ServerLoad;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.Membership;
import io.baton.api.testing.Await;
import io.baton.api.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's rules against brokers in memory: no network, no timing but the store's own. */
class StoreEngineTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(1);
    private final Topics topics = new Topics("c");
    private final List<MqttSharedStore> stores = new ArrayList<>();

    @AfterEach
    void stop() {
        stores.forEach(MqttSharedStore::stop);
    }

    private MqttSharedStore store(String node, FakeBroker... brokers) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < brokers.length; i++) {
            urls.add("tcp://127.0.0.1:" + (1 + i));
        }
        MqttSharedStore s = new MqttSharedStore(StoreSettings.of("c", node, urls, KEEP_ALIVE, Duration.ofSeconds(1)),
                TestKeys.of("c", node), FakeBroker.of(brokers), null);
        stores.add(s);
        return s;
    }

    @Test
    void writes_made_before_the_first_connection_are_sent_once_in_sync_in_the_order_written() {
        FakeBroker broker = new FakeBroker();
        broker.refuseConnections = true;
        MqttSharedStore store = store("me", broker);
        store.putApp(AppStatus.stopped("A2"));
        store.putApp(AppStatus.stopped("A1"));
        Await.until("a refused attempt", WAIT, () -> broker.connects.get() >= 1);
        assertThat(store.snapshot().connected()).isFalse();
        broker.refuseConnections = false;
        Await.until("both rows mirrored", WAIT, () -> store.snapshot().tables().apps().size() == 2);
        List<String> order = broker.routed.stream().map(p -> p.substring(0, p.indexOf(' ')))
                .filter(t -> t.startsWith("baton/")).toList();
        assertThat(order).containsSubsequence(topics.sync("me"), topics.app("A2"), topics.app("A1"));
    }

    @Test
    void each_broker_gets_a_presence_connection_for_heartbeats_and_wills_and_the_first_one_the_tables() {
        FakeBroker b0 = new FakeBroker();
        FakeBroker b1 = new FakeBroker();
        MqttSharedStore store = store("me", b0, b1);
        Await.until("in sync", WAIT, () -> store.snapshot().connected());
        assertThat(b0.clients).extracting(c -> c.clientId).containsExactlyInAnyOrder("baton-c-me-p0", "baton-c-me");
        assertThat(b1.clients).extracting(c -> c.clientId).containsExactly("baton-c-me-p1");
        FakeBroker.Client presence = b0.clients.stream().filter(c -> c.clientId.endsWith("-p0")).findFirst().orElseThrow();
        FakeBroker.Client data = b0.clients.stream().filter(c -> c.clientId.equals("baton-c-me")).findFirst().orElseThrow();
        assertThat(presence.subscriptions).as("made once, at connection: the heartbeats and the presences")
                .containsExactly(List.of(new Transport.Filter("baton-beat/c/+", false),
                        new Transport.Filter("baton/c/nodes/+/presence/0", false)));
        assertThat(data.subscriptions.get(0)).containsExactly(new Transport.Filter("baton/c/#", true),
                new Transport.Filter("baton-beat/c/me", false), new Transport.Filter("baton-echo/c/me", false));
        assertThat(new String(b1.retained.get(topics.presence("me", 1)))).contains("\"online\":true");
        Membership m = store.snapshot().membership();
        assertThat(m.brokers()).extracting(Membership.Broker::inUse).containsExactly(true, false);
        assertThat(store.snapshot().liveNodes()).containsExactly("me");
    }

    @Test
    void the_echo_has_a_lossy_subscription_of_its_own_is_sent_only_in_sync_and_bypasses_the_mirror() {
        FakeBroker broker = new FakeBroker();
        broker.refuseConnections = true;
        MqttSharedStore store = store("me", broker);
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.echo().addListener(heard::add);
        store.echo().send("early");
        Await.until("a refused attempt", WAIT, () -> broker.connects.get() >= 1);
        broker.refuseConnections = false;
        Await.until("in sync", WAIT, () -> store.snapshot().connected());
        store.echo().send("beat 1");
        Await.until("the echo heard", WAIT, () -> !heard.isEmpty());
        assertThat(heard).as("sent before the store was in step: dropped").containsExactly("beat 1");
        assertThat(broker.routed).contains("baton-echo/c/me beat 1");
        assertThat(broker.retained.keySet()).noneMatch(t -> t.contains("echo"));
        assertThat(store.channel("native").entries()).isEmpty();
    }

    @Test
    void a_refused_subscription_drops_the_connection_and_tries_again() {
        FakeBroker broker = new FakeBroker();
        broker.refuseNextSubscription = true;
        MqttSharedStore store = store("me", broker);
        Await.until("in sync", WAIT, () -> store.snapshot().connected());
        assertThat(broker.clients.stream().mapToInt(c -> c.resets.get()).sum())
                .as("the next attempt with a fresh client").isEqualTo(1);
    }

    @Test
    void a_connection_attempt_that_gets_no_answer_is_abandoned_and_retried_with_a_fresh_client() {
        FakeBroker broker = new FakeBroker();
        broker.silent = true;
        MqttSharedStore store = new MqttSharedStore(new StoreSettings("c", "me", "baton-c-me",
                List.of("tcp://127.0.0.1:1"), Optional.empty(), Optional.empty(), KEEP_ALIVE, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 100, 100, StoreSettings.Tls.DEFAULT), TestKeys.of("c", "me"), FakeBroker.of(broker), null);
        stores.add(store);
        Await.until("the silent attempt abandoned", WAIT, () -> broker.clients.stream().anyMatch(c -> c.resets.get() > 0));
        broker.silent = false;
        Await.until("in sync on a later attempt", WAIT, () -> store.snapshot().connected());
    }

    @Test
    void a_retried_request_that_was_answered_meanwhile_is_hidden_and_taken_back() {
        FakeBroker broker = new FakeBroker();
        MqttSharedStore store = store("me", broker);
        Await.until("in sync", WAIT, () -> store.snapshot().connected());
        broker.inject(topics.outcome("r1"), TestKeys.signedBy("c", "b", topics.outcome("r1"), "{\"schema\":2,\"by\":\"b\","
                + "\"v\":5,\"id\":\"r1\",\"accepted\":true,\"message\":\"done\",\"at\":\"2026-01-01T00:00:00Z\"}"), true);
        store.submitRequest(new io.baton.api.spi.OperatorRequest("r1", io.baton.api.spi.OperatorRequest.Action.DETACH,
                "b", Optional.empty(), "me", Instant.EPOCH));
        Await.until("the row taken back", WAIT, () -> broker.routed(topics.request("r1") + " {")
                && new String(broker.retained.get(topics.request("r1"))).contains("\"removed\":true"));
        assertThat(store.snapshot().requests()).isEmpty();
        assertThat(store.snapshot().outcomes()).containsKey("r1");
    }

    @Test
    void an_older_value_from_the_broker_never_replaces_a_newer_one_and_its_owner_publishes_the_newer_again() {
        FakeBroker broker = new FakeBroker();
        MqttSharedStore store = store("me", broker);
        Await.until("in sync", WAIT, () -> store.snapshot().connected());
        store.putLoad(ServerLoad.ofScore("me", 10));
        Await.until("the load", WAIT, () -> store.snapshot().tables().loads().containsKey("me"));
        String mine = new String(broker.retained.get(topics.load("me")));
        // a replay of an old row of this node's (a version of 1999)
        // (validly signed: a replay is the broker's one attack that signatures do not stop; versions do)
        broker.inject(topics.load("me"), TestKeys.signedBy("c", "me", topics.load("me"), "{\"schema\":2,\"by\":\"me\","
                + "\"v\":1000,\"server\":\"me\",\"cpu\":99,\"memory\":0,\"network\":0,\"score\":99,"
                + "\"measuredAt\":\"1999-01-01T00:00:00Z\"}"), true);
        Await.until("the newer value back on the broker", WAIT, () -> mine.equals(new String(broker.retained.get(topics.load("me")))));
        assertThat(store.snapshot().tables().loads().get("me").score()).isEqualTo(10);
    }

    @Test
    void a_removed_row_stays_removed_on_a_broker_that_still_holds_it() {
        FakeBroker b0 = new FakeBroker();
        FakeBroker b1 = new FakeBroker();
        MqttSharedStore store = store("me", b0, b1);
        Await.until("in sync", WAIT, () -> store.snapshot().connected());
        store.putApp(AppStatus.of("A", "me", null));
        Await.until("A", WAIT, () -> store.snapshot().tables().apps().containsKey("A"));
        b1.retained.put(topics.app("A"), b0.retained.get(topics.app("A"))); // b1 kept A from a stint earlier
        store.removeApp("A");
        Await.until("A gone", WAIT, () -> store.snapshot().tables().apps().isEmpty());
        b0.crash();
        Await.until("in sync on b1", WAIT, () -> store.snapshot().connected()
                && store.snapshot().membership().brokerInUse().equals(Optional.of("tcp://127.0.0.1:2")));
        Await.until("the tombstone on b1", WAIT, () -> new String(b1.retained.get(topics.app("A"))).contains("removed"));
        assertThat(store.snapshot().tables().apps()).isEmpty();
    }

    @Test
    void when_the_tables_broker_dies_they_move_to_the_next_one_whole_and_nothing_leaves_the_mirror_meanwhile() {
        FakeBroker b0 = new FakeBroker();
        FakeBroker b1 = new FakeBroker();
        MqttSharedStore a = store("a", b0, b1);
        MqttSharedStore b = store("b", b0, b1);
        Await.until("both live on both", WAIT, () -> a.snapshot().connected() && a.snapshot().liveNodes().equals(Set.of("a", "b"))
                && b.snapshot().liveNodes().equals(Set.of("a", "b")));
        a.putRules(new DeployedRules("r.json", "{\"cluster\":\"c\",\"servers\":[\"a\",\"b\"],\"apps\":{}}", 1, Instant.EPOCH));
        a.putApp(AppStatus.of("A", "a", "b"));
        b.putLoad(ServerLoad.ofScore("b", 3));
        Await.until("every row at b", WAIT, () -> b.snapshot().tables().apps().containsKey("A")
                && b.snapshot().tables().loads().containsKey("b") && b.snapshot().rules().isPresent());
        List<io.baton.api.spi.StoreSnapshot> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        b.addListener(seen::add);

        b0.crash();
        Await.until("both in step on b1", WAIT, () -> a.snapshot().connected() && b.snapshot().connected()
                && b.snapshot().membership().brokerInUse().equals(Optional.of("tcp://127.0.0.1:2")));
        Await.until("b1 holds every row", WAIT, () -> b1.retained.containsKey(topics.app("A"))
                && b1.retained.containsKey(topics.load("b")) && b1.retained.containsKey(topics.rules()));
        assertThat(seen).as("no view of b's lost a row").allSatisfy(s -> {
            assertThat(s.tables().apps()).containsKey("A");
            assertThat(s.rules()).isPresent();
        });
        assertThat(b.snapshot().liveNodes()).containsExactly("a", "b");
    }

    @Test
    void a_single_broker_is_named_a_single_point_of_failure_in_the_log() {
        try (LogCapture log = new LogCapture()) {
            MqttSharedStore store = store("me", new FakeBroker());
            Await.until("in sync", WAIT, () -> store.snapshot().connected());
            assertThat(log.text()).contains("one broker configured (tcp://127.0.0.1:1): it is a single point of failure");
        }
    }

    @Test
    void the_mirror_kept_on_disk_fills_brokers_that_lost_everything(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        FakeBroker before = new FakeBroker();
        MqttSharedStore first = new MqttSharedStore(StoreSettings.of("c", "me", List.of("tcp://127.0.0.1:1"), KEEP_ALIVE,
                Duration.ofSeconds(1)).withStateDirectory(dir), TestKeys.of("c", "me"), FakeBroker.of(before), null);
        Await.until("in sync", WAIT, () -> first.snapshot().connected());
        first.putRules(new DeployedRules("r.json", "{\"cluster\":\"c\",\"servers\":[\"me\",\"other\"],\"apps\":{}}", 4,
                Instant.EPOCH));
        first.channel("native").put("assign.web", "{\"server\":\"me\"}");
        before.inject(topics.app("A"), TestKeys.signedBy("c", "other", topics.app("A"),
                "{\"schema\":2,\"by\":\"other\",\"v\":7,\"name\":\"A\",\"processing\":false}"), true);
        Await.until("every row mirrored", WAIT, () -> first.snapshot().rules().isPresent()
                && first.snapshot().tables().apps().containsKey("A") && !first.channel("native").entries().isEmpty());
        first.stop();
        java.nio.file.Path file = dir.resolve("mirror-c.json");
        assertThat(file).exists();
        assertThat(java.nio.file.Files.getPosixFilePermissions(file)).as("the rules hold command lines")
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        FakeBroker empty = new FakeBroker(); // every broker lost its state
        MqttSharedStore again = new MqttSharedStore(StoreSettings.of("c", "me", List.of("tcp://127.0.0.1:1"), KEEP_ALIVE,
                Duration.ofSeconds(1)).withStateDirectory(dir), TestKeys.of("c", "me"), FakeBroker.of(empty), null);
        stores.add(again);
        Await.until("its own rows published again at once", WAIT, () -> empty.retained.containsKey(topics.rules())
                && empty.retained.containsKey(topics.channel("native", "assign.web")));
        assertThat(again.snapshot().rules().map(DeployedRules::revision)).contains(4L);
        Await.until("the row of a writer that is gone, after the settle window", Duration.ofSeconds(15),
                () -> empty.retained.containsKey(topics.app("A")));
        assertThat(again.snapshot().tables().apps()).containsKey("A");
    }
}
