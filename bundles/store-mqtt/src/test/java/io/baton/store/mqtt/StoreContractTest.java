package io.baton.store.mqtt;

import io.baton.api.model.AppStatus;
import io.baton.api.model.HistoryEntry;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.ControllerLease;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.KeyValueChannel;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.RequestOutcome;
import io.baton.api.spi.StoreSnapshot;
import io.baton.api.testing.Await;
import io.baton.api.testing.LogCapture;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.baton.store.mqtt.Nodes.awaitLive;
import static io.baton.store.mqtt.Nodes.awaitSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared store's contract, run against a real broker (each subclass names one). Every test has its own
 * cluster on the shared broker; keep-alive is 1 s.
 */
abstract class StoreContractTest {
    private static final Logger LOG = LoggerFactory.getLogger(StoreContractTest.class);
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final String RULES = "{\"cluster\":\"x\",\"servers\":[\"b\",\"a\",\"c\"],\"apps\":{\"AP2\":{},\"AP1\":{}}}";

    Nodes nodes;

    abstract Broker broker();

    @BeforeEach
    void cluster(TestInfo test) {
        broker().beforeTest();
        nodes = new Nodes(broker(), test.getTestMethod().orElseThrow().getName().replace('_', '-'));
    }

    @AfterEach
    void stopNodes() {
        nodes.close();
    }

    @Test
    void two_nodes_see_each_others_rows_in_the_order_written_and_identical_mirrors() {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        MqttSharedStore a = ab.get(0);
        MqttSharedStore b = ab.get(1);
        List<Optional<String>> backupsSeenByB = new CopyOnWriteArrayList<>();
        Set<String> listenerThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        b.addListener(s -> {
            listenerThreads.add(Thread.currentThread().getName());
            AppStatus ap1 = s.tables().apps().get("AP1");
            if (ap1 != null && (backupsSeenByB.isEmpty() || !backupsSeenByB.get(backupsSeenByB.size() - 1).equals(ap1.backup()))) {
                backupsSeenByB.add(ap1.backup());
            }
        });

        a.putRules(new DeployedRules("rules.json", RULES, 1, T0));
        a.putServer(ServerStatus.up("a"));
        b.putServer(ServerStatus.up("b"));
        b.putLoad(new ServerLoad("b", 12.5, 40, 1, 12.5, T0));
        a.putController(new ControllerLease("a", 1));
        a.putApp(AppStatus.of("AP2", "b", "a")); // the controller's rows: the lease holder's
        for (String backup : List.of("b", "c", "b", "c")) {
            a.putApp(AppStatus.of("AP1", "a", backup));
        }

        for (MqttSharedStore n : ab) {
            awaitSnapshot(n, "every row", s -> s.rules().isPresent() && s.tables().servers().size() == 2
                    && s.tables().loads().containsKey("b") && s.controller().isPresent()
                    && s.tables().apps().size() == 2 && s.tables().app("AP1").backup().equals(Optional.of("c")));
        }
        Await.until("identical mirrors", Nodes.WAIT, () -> tables(a.snapshot()).equals(tables(b.snapshot())));
        // a snapshot is readable a moment before the listeners are told of it: wait for them to hear the last write
        Await.until("b's listener told of AP1's last backup", Nodes.WAIT, () -> !backupsSeenByB.isEmpty()
                && backupsSeenByB.get(backupsSeenByB.size() - 1).equals(Optional.of("c")) && backupsSeenByB.size() >= 4);
        StoreSnapshot s = b.snapshot();
        assertThat(s.tables().servers().keySet()).as("servers in the rule file's order").containsExactly("b", "a");
        assertThat(s.tables().apps().keySet()).as("apps in the rule file's order").containsExactly("AP2", "AP1");
        assertThat(s.tables().loads().get("b")).isEqualTo(new ServerLoad("b", 12.5, 40, 1, 12.5, T0));
        assertThat(s.controller()).contains(new ControllerLease("a", 1));
        assertThat(s.rules()).contains(new DeployedRules("rules.json", RULES, 1, T0));
        assertThat(backupsSeenByB).as("AP1's backups as b saw them change: each write, in the order written")
                .containsExactly(Optional.of("b"), Optional.of("c"), Optional.of("b"), Optional.of("c"));
        assertThat(listenerThreads).singleElement().asString().startsWith("baton-store-");
    }

    @Test
    void a_long_history_keeps_its_newest_entries_within_the_size_limit() {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        MqttSharedStore a = ab.get(0);
        String reason = "AP1: backup d → e (idle) ".repeat(250); // ~6 KB per entry: 100 entries ~600 KB
        for (int i = 0; i < 100; i++) {
            a.appendHistory(new HistoryEntry(T0, 1, "a", "tick " + i, List.of(reason), List.of(), Optional.empty()));
        }
        awaitSnapshot(ab.get(1), "the newest entry on b", s -> !s.history().isEmpty()
                && s.history().get(s.history().size() - 1).trigger().equals("tick 99"));
        StoreSnapshot seen = ab.get(1).snapshot();
        assertThat(seen.history().size()).as("entries kept").isBetween(2, 60);
        assertThat(new Codec("a", new Versions()).history(seen.history()).length).isLessThanOrEqualTo(MqttSharedStore.HISTORY_MAX_BYTES);
        assertThat(a.snapshot().connected()).as("the writer stays connected").isTrue();
    }

    @Test
    void a_late_joiner_gets_the_retained_state() {
        MqttSharedStore a = nodes.startAll("a").get(0);
        a.putRules(new DeployedRules("rules.json", RULES, 3, T0));
        a.putServer(ServerStatus.up("a"));
        a.putLoad(ServerLoad.ofScore("a", 7));
        a.putApp(AppStatus.of("AP1", "a", null));
        a.putController(new ControllerLease("a", 2));
        a.appendHistory(entry("fail b", Optional.of("oops")));
        a.submitRequest(request("r1", "AP1"));
        a.submitRequest(request("r2", "AP2"));
        a.completeRequest(new RequestOutcome("r2", false, "no such app AP2", T0.plusSeconds(5)));
        a.channel("native").put("a", "{\"pid\": 42}");
        awaitSnapshot(a, "all written", s -> s.outcomes().containsKey("r2") && s.history().size() == 1
                && a.channel("native").entries().containsKey("a") && s.requests().keySet().equals(Set.of("r1")));

        MqttSharedStore c = nodes.start("c");
        List<StoreSnapshot> seenByC = new CopyOnWriteArrayList<>();
        c.addListener(seenByC::add);
        StoreSnapshot first = awaitLive(c, Set.of("a", "c"));
        awaitLive(a, Set.of("a", "c"));
        assertThat(tables(c.snapshot())).as("the same tables and members (each node's own standing aside)")
                .isEqualTo(tables(a.snapshot()));
        assertThat(c.channel("native").entries()).isEqualTo(Map.of("a", "{\"pid\": 42}"));
        assertThat(first.history()).containsExactly(entry("fail b", Optional.of("oops")));
        StoreSnapshot firstInStep = seenByC.stream().filter(StoreSnapshot::connected).findFirst().orElseThrow();
        assertThat(firstInStep.tables().apps()).as("the listener's first snapshot in step holds the whole retained state")
                .containsKey("AP1");
        assertThat(seenByC).as("out of step, no table is shown half-filled").filteredOn(s -> !s.connected())
                .allSatisfy(s -> assertThat(s.tables().apps()).isEmpty());
    }

    @Test
    void malformed_or_foreign_payloads_are_logged_and_ignored() throws Exception {
        String base = "baton/" + nodes.cluster + "/";
        try (LogCapture log = new LogCapture()) {
            MqttClient raw = rawClient();
            publish(raw, base + "apps/X", "not json {");
            publish(raw, base + "apps/Y", "{\"schema\":1,\"by\":\"tool\",\"v\":1,\"name\":\"Y\",\"processing\":false}");
            publish(raw, base + "apps/V", "{\"schema\":2,\"by\":\"tool\",\"name\":\"V\",\"processing\":false}");
            publish(raw, base + "servers/a/state", "{\"schema\":2,\"by\":\"tool\",\"v\":1,\"name\":\"b\",\"state\":\"up\",\"change\":\"none\",\"processing\":false}");
            publish(raw, base + "bogus/thing", "{}");
            publish(raw, base + "apps/Z", TestKeys.signedBy(nodes.cluster, "tool", base + "apps/Z",
                    "{\"schema\":2,\"by\":\"tool\",\"v\":1,\"name\":\"Z\",\"processing\":false}"));

            MqttSharedStore a = nodes.startAll("a").get(0);
            publish(raw, base + "controller", "{\"schema\":2,\"by\":\"tool\",\"v\":2,\"server\":\"a\",\"term\":0}");
            a.putApp(AppStatus.of("W", "a", null));
            awaitSnapshot(a, "W", s -> s.tables().apps().containsKey("W"));
            raw.disconnect();
            raw.close();

            assertThat(a.snapshot().tables().apps().keySet()).containsExactly("W", "Z");
            assertThat(a.snapshot().tables().servers()).isEmpty();
            assertThat(a.snapshot().controller()).isEmpty();
            Await.until("the warnings", Nodes.WAIT, log::text, t -> t.contains("controller"));
            String from = " from " + broker().url() + ": ";
            assertThat(log.text())
                    .contains("WARN").contains("ignoring a message on " + base + "apps/X" + from + "not JSON")
                    .contains("ignoring a message on " + base + "apps/Y" + from + "schema 1 is not 2")
                    .contains("ignoring a message on " + base + "apps/V" + from + "missing v")
                    .contains("ignoring a message on " + base + "servers/a/state" + from + "the row of b is filed under a")
                    .contains("ignoring a message on " + base + "controller" + from + "term must be >= 1")
                    .contains("ignoring a message on " + base + "bogus/thing" + from + "not a topic of the store's layout");
            assertThat(a.rejectedMessages()).as("each counted").isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void garbage_over_a_row_leaves_every_node_on_the_last_valid_value_and_the_broker_gets_it_back() throws Exception {
        String base = "baton/" + nodes.cluster + "/";
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        MqttSharedStore a = ab.get(0);
        MqttSharedStore b = ab.get(1);
        a.putApp(AppStatus.of("X", "a", "b"));
        b.putApp(AppStatus.of("Y", "b", "a"));
        for (MqttSharedStore n : ab) {
            awaitSnapshot(n, "X and Y", s -> s.tables().apps().keySet().equals(Set.of("X", "Y")));
        }
        Await.until("b's write confirmed", Nodes.WAIT, () -> b.unconfirmedWrites() == 0);
        b.abort(); // Y's writer is gone: a puts it back, after the settle window
        awaitLive(a, Set.of("a"));
        StoreSnapshot before = a.snapshot();

        MqttClient raw = rawClient();
        try {
            publish(raw, base + "apps/X", "garbage");
            publish(raw, base + "apps/Y", "{\"schema\":2,\"by\":\"b\",\"v\":\"high\"}");
        } finally {
            raw.disconnect();
            raw.close();
        }
        MqttSharedStore c = nodes.start("c");
        awaitSnapshot(c, "the valid X and Y back on the broker", s -> s.connected()
                && s.tables().apps().equals(before.tables().apps()));
        assertThat(a.snapshot().tables().apps()).as("a never left the valid rows").isEqualTo(before.tables().apps());
        assertThat(a.rejectedMessages()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void oversized_and_deeply_nested_messages_are_ignored_and_the_store_goes_on() throws Exception {
        String base = "baton/" + nodes.cluster + "/";
        MqttSharedStore a = nodes.start(nodes.settings("a").withMaxMessageBytes(64 * 1024));
        awaitLive(a, Set.of("a"));
        MqttClient raw = rawClient();
        try {
            String filler = "x".repeat(100 * 1024);
            publish(raw, base + "apps/BIG", "{\"schema\":2,\"by\":\"a\",\"v\":1,\"name\":\"BIG\",\"processing\":false,"
                    + "\"pad\":\"" + filler + "\"}");
            publish(raw, base + "apps/DEEP", "{\"schema\":2,\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
            publish(raw, "baton-beat/" + nodes.cluster + "/z", "[".repeat(10_000));
        } finally {
            raw.disconnect();
            raw.close();
        }
        Await.until("three messages ignored", Nodes.WAIT, a::rejectedMessages, n -> n >= 3);
        a.putApp(AppStatus.of("W", "a", null));
        awaitSnapshot(a, "its own write after them: the store thread goes on", s -> s.tables().apps().containsKey("W"));
        assertThat(a.snapshot().tables().apps()).containsOnlyKeys("W");
    }

    @Test
    void a_crashed_node_leaves_live_nodes_within_the_keep_alive_and_late_joiners_agree() {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        long start = System.nanoTime();
        ab.get(0).abort();
        awaitLive(ab.get(1), Set.of("b"));
        Duration detected = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("MEASURE {}: crash (socket closed) seen by another node after {} ms", broker().name(), detected.toMillis());
        assertThat(detected).isLessThan(Nodes.KEEP_ALIVE.multipliedBy(3).dividedBy(2).plusSeconds(1));

        MqttSharedStore c = nodes.start("c");
        List<StoreSnapshot> seenByC = new CopyOnWriteArrayList<>();
        c.addListener(seenByC::add);
        // c may be in sync before the listener is registered: its state at that moment counts too
        seenByC.add(0, c.snapshot());
        awaitLive(c, Set.of("b", "c"));
        assertThat(seenByC).as("no view of c's ever shows the crashed a as live")
                .allSatisfy(s -> assertThat(s.liveNodes()).doesNotContain("a"));
    }

    @Test
    void a_node_whose_network_freezes_is_detected_by_the_keep_alive_and_comes_back() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker().port())) {
            MqttSharedStore a = nodes.start("a", proxy.url());
            MqttSharedStore b = nodes.start("b");
            awaitLive(a, Set.of("a", "b"));
            awaitLive(b, Set.of("a", "b"));
            long start = System.nanoTime();
            proxy.freeze();
            Await.until("b sees a gone", Nodes.WAIT.plus(broker().keepAliveSlack()), b::snapshot,
                    s -> s.liveNodes().equals(Set.of("b")));
            Duration detected = Duration.ofNanos(System.nanoTime() - start);
            LOG.info("MEASURE {}: frozen network detected (Will) after {} ms, keep-alive {} s", broker().name(),
                    detected.toMillis(), Nodes.KEEP_ALIVE.toSeconds());
            assertThat(detected).isBetween(Nodes.KEEP_ALIVE, Nodes.KEEP_ALIVE.multipliedBy(3).dividedBy(2)
                    .plus(broker().keepAliveSlack()).plusMillis(500));

            proxy.cut();
            proxy.open();
            start = System.nanoTime();
            awaitLive(b, Set.of("a", "b"));
            LOG.info("MEASURE {}: node back {} ms after its network", broker().name(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
            awaitLive(a, Set.of("a", "b"));
        }
    }

    @Test
    void a_node_that_died_unwitnessed_is_not_live_for_a_late_joiner() {
        MqttSharedStore a = nodes.startAll("a").get(0);
        a.abort(); // nobody else is connected to see its Will
        MqttSharedStore b = nodes.start("b");
        List<StoreSnapshot> seenByB = new CopyOnWriteArrayList<>();
        b.addListener(seenByB::add);
        long start = System.nanoTime();
        awaitLive(b, Set.of("b"));
        LOG.info("MEASURE {}: late joiner in sync after {} ms (stale presence {})", broker().name(),
                Duration.ofNanos(System.nanoTime() - start).toMillis(),
                broker().retainsWills() ? "replaced by the broker" : "found by the probe");
        assertThat(seenByB.get(0).liveNodes()).as("b's first view").containsExactly("b");
        MqttSharedStore c = nodes.start("c");
        awaitLive(c, Set.of("b", "c"));
    }

    @Test
    void a_clean_stop_leaves_live_nodes_at_once() {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        ab.get(0).stop();
        awaitLive(ab.get(1), Set.of("b"));
        awaitLive(nodes.start("c"), Set.of("b", "c"));
    }

    @Test
    void after_a_broker_restart_without_persistence_every_table_is_whole_again() throws Exception {
        List<MqttSharedStore> abx = nodes.startAll("a", "b", "x");
        MqttSharedStore a = abx.get(0);
        MqttSharedStore b = abx.get(1);
        MqttSharedStore x = abx.get(2);
        a.putRules(new DeployedRules("rules.json", RULES, 1, T0));
        a.putServer(ServerStatus.up("a"));
        a.putServer(ServerStatus.up("b"));
        a.putApp(AppStatus.of("AP1", "a", "b"));
        a.putController(new ControllerLease("a", 4));
        a.appendHistory(entry("start", Optional.empty()));
        b.putLoad(ServerLoad.ofScore("b", 30));
        b.channel("native").put("b", "{}");
        b.submitRequest(request("r1", "AP1"));
        x.putLoad(ServerLoad.ofScore("x", 50));
        awaitSnapshot(a, "all rows", s -> s.tables().loads().size() == 2 && s.requests().size() == 1
                && s.history().size() == 1 && s.tables().apps().size() == 1 && s.tables().servers().size() == 2);
        x.stop(); // x's load row now has no writer connected: the others restore it
        awaitLive(a, Set.of("a", "b"));
        StoreSnapshot before = a.snapshot();

        long start = System.nanoTime();
        broker().restart();
        for (MqttSharedStore n : List.of(a, b)) {
            awaitSnapshot(n, "reconnected with its own rows back",
                    s -> s.connected() && withoutLive(s).equals(withoutLive(before)) && s.liveNodes().equals(before.liveNodes()));
        }
        LOG.info("MEASURE {}: broker restarted, both nodes back in sync after {} ms", broker().name(),
                Duration.ofNanos(System.nanoTime() - start).toMillis());

        // a late joiner's first view comes from the broker alone: the owners' rows are back there already ...
        MqttSharedStore c = nodes.start("c");
        List<StoreSnapshot> seenByC = new CopyOnWriteArrayList<>();
        c.addListener(seenByC::add);
        Await.until("c in sync", Nodes.WAIT, () -> seenByC.stream().anyMatch(StoreSnapshot::connected));
        StoreSnapshot first = seenByC.stream().filter(StoreSnapshot::connected).findFirst().orElseThrow();
        assertThat(first.rules()).isEqualTo(before.rules());
        assertThat(first.tables().servers()).isEqualTo(before.tables().servers());
        assertThat(first.tables().apps()).isEqualTo(before.tables().apps());
        assertThat(first.controller()).isEqualTo(before.controller());
        assertThat(first.history()).isEqualTo(before.history());
        assertThat(first.requests()).isEqualTo(before.requests());
        assertThat(first.tables().loads()).containsKey("b");
        // ... and x's row, whose writer is gone, comes back once the others' settle window has passed
        Await.until("every table, x's orphaned row included", Nodes.WAIT,
                () -> withoutLive(c.snapshot()), s -> s.equals(withoutLive(before)));
        assertThat(c.channel("native").entries()).containsOnlyKeys("b");
        awaitLive(c, Set.of("a", "b", "c"));
    }

    @Test
    void writes_made_while_disconnected_are_sent_on_reconnection() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker().port())) {
            MqttSharedStore a = nodes.start("a", proxy.url());
            MqttSharedStore b = nodes.start("b");
            awaitLive(a, Set.of("a", "b"));
            a.putApp(AppStatus.of("X", "a", null));
            for (MqttSharedStore n : List.of(a, b)) {
                awaitSnapshot(n, "X", s -> s.tables().apps().containsKey("X"));
            }
            Await.until("a's write confirmed", Nodes.WAIT, () -> a.unconfirmedWrites() == 0);

            proxy.cut();
            awaitSnapshot(a, "disconnected", s -> !s.connected());
            awaitLive(b, Set.of("b"));
            a.putApp(AppStatus.of("Y", "a", null));
            a.removeApp("X");
            a.channel("native").put("a", "[1]");
            assertThat(a.snapshot().tables().apps()).as("a's mirror waits for the broker").containsOnlyKeys("X");

            proxy.open();
            for (MqttSharedStore n : List.of(a, b)) {
                awaitSnapshot(n, "the writes made offline", s -> s.tables().apps().keySet().equals(Set.of("Y"))
                        && s.liveNodes().equals(Set.of("a", "b")));
            }
            Await.until("channel entry", Nodes.WAIT, () -> b.channel("native").entries().equals(Map.of("a", "[1]")));
        }
    }

    @Test
    void rows_removed_while_a_node_was_away_leave_its_mirror_and_stay_removed() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker().port())) {
            MqttSharedStore a = nodes.start("a", proxy.url());
            MqttSharedStore b = nodes.start("b");
            awaitLive(a, Set.of("a", "b"));
            a.submitRequest(request("r1", "AP1"));
            a.putApp(AppStatus.of("AP9", "a", null));
            awaitSnapshot(b, "r1", s -> s.requests().containsKey("r1") && s.tables().apps().containsKey("AP9"));
            // a write still unconfirmed when the network goes is sent again (QoS 1: at least once)
            Await.until("a's writes confirmed", Nodes.WAIT, () -> a.unconfirmedWrites() == 0);

            proxy.cut();
            awaitLive(b, Set.of("b"));
            b.completeRequest(new RequestOutcome("r1", true, "moved", T0));
            b.removeApp("AP9");
            awaitSnapshot(b, "r1 answered", s -> s.requests().isEmpty() && s.outcomes().containsKey("r1")
                    && s.tables().apps().isEmpty());

            proxy.open();
            awaitSnapshot(a, "the removals", s -> s.connected() && s.requests().isEmpty() && s.tables().apps().isEmpty()
                    && s.outcomes().containsKey("r1"));
            a.putLoad(ServerLoad.ofScore("a", 1)); // a later write of a: anything a re-published came before it
            awaitSnapshot(b, "a's later write", s -> s.tables().loads().containsKey("a"));
            assertThat(b.snapshot().requests()).as("a did not resurrect its answered request").isEmpty();
            assertThat(b.snapshot().tables().apps()).isEmpty();
        }
    }

    @Test
    void key_value_channels_replicate_exact_json_text() {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        KeyValueChannel onA = ab.get(0).channel("native");
        KeyValueChannel onB = ab.get(1).channel("native");
        assertThat(ab.get(0).channel("native")).isSameAs(onA);
        List<Map<String, String>> heardByB = new CopyOnWriteArrayList<>();
        onB.addListener(heardByB::add);

        onA.put("k1", "{ \"x\" : 1 }");
        onA.put("k2", "\"text\"");
        Await.until("both entries on b", Nodes.WAIT, () -> onB.entries().size() == 2);
        assertThat(onB.entries()).isEqualTo(Map.of("k1", "{ \"x\" : 1 }", "k2", "\"text\""));
        onB.remove("k1");
        Await.until("k1 removed on a", Nodes.WAIT, () -> onA.entries().equals(Map.of("k2", "\"text\"")));
        Await.until("b's listener told", Nodes.WAIT, () -> !heardByB.isEmpty()
                && heardByB.get(heardByB.size() - 1).equals(Map.of("k2", "\"text\"")));
        assertThat(ab.get(0).channel("other").entries()).isEmpty();

        assertThatThrownBy(() -> onA.put("k3", "{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> onA.put("a/b", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ab.get(0).channel("bad name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_nodes_echo_comes_back_to_that_node_alone_and_is_neither_retained_nor_mirrored() throws Exception {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        MqttSharedStore a = ab.get(0);
        MqttSharedStore b = ab.get(1);
        List<String> heardByA = new CopyOnWriteArrayList<>();
        List<String> heardByB = new CopyOnWriteArrayList<>();
        a.echo().addListener(heardByA::add);
        b.echo().addListener(heardByB::add);
        List<String> onTheBroker = new CopyOnWriteArrayList<>();
        MqttClient raw = rawClient();
        try {
            raw.subscribe("baton-echo/" + nodes.cluster + "/#", 1, (topic, m) -> onTheBroker.add(topic + " "
                    + new String(m.getPayload(), StandardCharsets.UTF_8)));
            StoreSnapshot before = b.snapshot();

            a.echo().send("{\"from\":\"a\"}");
            Await.until("a's echo back on a", Nodes.WAIT, () -> heardByA.equals(List.of("{\"from\":\"a\"}")));
            Await.until("a's echo seen on the broker", Nodes.WAIT, () -> !onTheBroker.isEmpty());
            assertThat(onTheBroker).containsExactly("baton-echo/" + nodes.cluster + "/a {\"from\":\"a\"}");
            b.echo().send("from b");
            Await.until("b's echo back on b", Nodes.WAIT, () -> !heardByB.isEmpty());
            // by then b would have had a's, sent earlier on the same broker
            assertThat(heardByB).containsExactly("from b");
            assertThat(heardByA).containsExactly("{\"from\":\"a\"}");
            assertThat(b.snapshot()).as("b's tables untouched").isEqualTo(before);
            assertThat(b.channel("native").entries()).isEmpty();
        } finally {
            raw.disconnect();
            raw.close();
        }

        List<String> heardLate = new CopyOnWriteArrayList<>();
        MqttClient late = rawClient();
        try {
            late.subscribe("baton-echo/" + nodes.cluster + "/#", 1,
                    (topic, m) -> heardLate.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            a.echo().send("after"); // comes after any retained message on the late subscriber's connection
            Await.until("the late subscriber hears a live echo", Nodes.WAIT, () -> heardLate.contains("after"));
            assertThat(heardLate).as("nothing retained").containsExactly("after");
        } finally {
            late.disconnect();
            late.close();
        }
    }

    @Test
    void requests_reach_every_node_and_their_outcomes_are_bounded() {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        MqttSharedStore a = ab.get(0);
        MqttSharedStore b = ab.get(1);
        for (int i = 1; i <= 5; i++) {
            a.submitRequest(request("r" + i, "AP" + i));
        }
        awaitSnapshot(b, "five requests", s -> s.requests().size() == 5);
        assertThat(b.snapshot().requests().get("r3")).isEqualTo(request("r3", "AP3"));
        for (int i = 1; i <= 5; i++) {
            b.completeRequest(new RequestOutcome("r" + i, i % 2 == 0, "done " + i, T0.plusSeconds(i)));
        }
        for (MqttSharedStore n : ab) {
            awaitSnapshot(n, "the newest " + Nodes.OUTCOMES + " outcomes", s -> s.requests().isEmpty()
                    && s.outcomes().keySet().equals(Set.of("r3", "r4", "r5")));
        }
        assertThat(a.snapshot().outcomes().keySet()).containsExactly("r3", "r4", "r5");
        assertThat(a.snapshot().outcomes().get("r4")).isEqualTo(new RequestOutcome("r4", true, "done 4", T0.plusSeconds(4)));
    }

    @Test
    void the_history_keeps_the_newest_entries_in_order() {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        List<HistoryEntry> written = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            HistoryEntry e = entry("step " + i, i == 3 ? Optional.of("failed") : Optional.empty());
            written.add(e);
            ab.get(0).appendHistory(e); // without waiting: each builds on the previous one
        }
        for (MqttSharedStore n : ab) {
            awaitSnapshot(n, "the last " + Nodes.HISTORY + " entries", s -> s.history().equals(written.subList(3, 8)));
        }
    }

    /** What every node in step shows alike: all but its own standing. */
    static StoreSnapshot tables(StoreSnapshot s) {
        return new StoreSnapshot(s.rules(), s.tables(), s.controller(), s.liveNodes(), s.history(), s.requests(),
                s.outcomes(), s.connected());
    }

    static StoreSnapshot withoutLive(StoreSnapshot s) {
        return new StoreSnapshot(s.rules(), s.tables(), s.controller(), Set.of(), s.history(), s.requests(),
                s.outcomes(), true);
    }

    static HistoryEntry entry(String trigger, Optional<String> error) {
        return new HistoryEntry(T0, 1, "a", trigger, List.of("AP1: backup d → e (idle)"), List.of("set backup AP1 e"),
                error);
    }

    static OperatorRequest request(String id, String app) {
        return new OperatorRequest(id, OperatorRequest.Action.MOVE, app, Optional.of("c"), "a", T0);
    }

    MqttClient rawClient() throws Exception {
        MqttClient raw = new MqttClient(broker().url(), "raw-" + nodes.cluster, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        raw.connect(o);
        return raw;
    }

    static void publish(MqttClient raw, String topic, String payload) throws Exception {
        raw.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true);
    }
}
