package io.baton.store.mqtt;

import io.baton.api.model.AppStatus;
import io.baton.api.model.ServerChange;
import io.baton.api.model.ServerState;
import io.baton.api.model.ServerStatus;
import io.baton.api.model.ServerLoad;
import io.baton.api.spi.ControllerLease;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.Membership;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.StoreSnapshot;
import io.baton.api.testing.Await;
import io.baton.api.testing.LogCapture;
import io.baton.trust.Ed25519;
import io.baton.trust.Keyring;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.baton.store.mqtt.Nodes.awaitLive;
import static io.baton.store.mqtt.Nodes.awaitSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whoever can publish to the broker (it holds the broker's password, or is the broker) tries to make the nodes act:
 * forged, re-signed, moved and replayed messages of every kind. None may change what a node shows; each is counted
 * and logged. A valid message of the same kind, sent alongside, shows that the test would see a change.
 */
class ForgedWriterTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static MoquetteBroker broker;

    private Nodes nodes;
    private String base;
    private MqttClient raw;
    private final Map<String, byte[]> onBroker = new ConcurrentHashMap<>();

    @BeforeAll
    static void startBroker() {
        broker = new MoquetteBroker();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void cluster(TestInfo test) throws Exception {
        broker.beforeTest();
        nodes = new Nodes(broker, test.getTestMethod().orElseThrow().getName().replace('_', '-'));
        base = "baton/" + nodes.cluster + "/";
        raw = new MqttClient(broker.url(), "forger-" + nodes.cluster, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        raw.connect(o);
        raw.subscribe("baton/" + nodes.cluster + "/#", 1, (topic, m) -> onBroker.put(topic, m.getPayload()));
    }

    @AfterEach
    void stop() throws Exception {
        nodes.close();
        raw.disconnect();
        raw.close();
    }

    @Test
    void a_forged_rule_file_is_never_taken_whoever_signed_it_but_the_operator() throws Exception {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        MqttSharedStore a = ab.get(0);
        a.putRules(rules(1, "true"));
        ab.forEach(n -> awaitSnapshot(n, "revision 1", s -> revision(s) == 1));

        try (LogCapture log = new LogCapture()) {
            String forged = "{\"schema\":2,\"by\":\"a\",\"v\":9007199254740000,\"source\":\"r.json\",\"text\":"
                    + "\"{\\\"cluster\\\":\\\"x\\\",\\\"servers\\\":[\\\"a\\\",\\\"b\\\"],\\\"apps\\\":{\\\"AP1\\\":"
                    + "{\\\"command\\\":\\\"rm -rf /\\\"}}}\",\"revision\":2,\"deployedAt\":\"2026-12-07T10:00:00Z\"}";
            publish(base + "rules", forged);                                                    // unsigned
            publish(base + "rules", TestKeys.signedBy(nodes.cluster, "a", base + "rules", forged)); // by a node
            publish(base + "rules", signedByAnotherOperator("a", base + "rules", forged));     // another cluster's key
            a.putRules(rules(3, "echo valid")); // the operator's own, after them: it is taken, so they were seen

            ab.forEach(n -> awaitSnapshot(n, "revision 3", s -> revision(s) == 3));
            assertThat(log.text())
                    .contains("ignoring a message on " + base + "rules")
                    .contains("a rule file must be signed by the operator key, not by node a");
            assertThat(a.rejectedMessages()).isGreaterThanOrEqualTo(3);
            assertThat(ab.get(1).rejectedMessages()).isGreaterThanOrEqualTo(3);
        }
        MqttSharedStore late = nodes.start("c");
        awaitSnapshot(late, "a node joining later reads the operator's rules", s -> s.connected() && revision(s) == 3);
    }

    @Test
    void a_signed_row_moved_to_another_topic_or_changed_by_one_byte_is_refused() throws Exception {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        MqttSharedStore a = ab.get(0);
        MqttSharedStore b = ab.get(1);
        a.putRules(rules(1, "true"));
        a.channel("native").put("assign.AP1", "{\"server\":\"a\"}");
        String realTopic = base + "ext/native/assign%2EAP1";
        Await.until("a's row on the broker", Nodes.WAIT, () -> onBroker.containsKey(realTopic));
        String real = new String(onBroker.get(realTopic), StandardCharsets.UTF_8);

        try (LogCapture log = new LogCapture()) {
            publish(base + "ext/native/assign%2EAP2", real);                                  // moved
            publish(realTopic, real.replace("\\\"a\\\"", "\\\"b\\\""));                        // changed
            a.channel("native").put("assign.AP3", "{\"server\":\"a\"}");                       // a valid one after

            awaitSnapshot(b, "the valid row", s -> b.channel("native").entries().containsKey("assign.AP3"));
            assertThat(b.channel("native").entries()).containsOnlyKeys("assign.AP1", "assign.AP3")
                    .containsEntry("assign.AP1", "{\"server\":\"a\"}");
            assertThat(log.text()).contains("is not the key of node a (changed, or moved from another topic)");
        }
    }

    @Test
    void each_node_writes_only_its_own_rows_and_the_controllers_rows_come_from_servers_of_the_rules() throws Exception {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        MqttSharedStore a = ab.get(0);
        a.putRules(rules(1, "true"));
        awaitSnapshot(a, "rules", s -> revision(s) == 1);

        try (LogCapture log = new LogCapture()) {
            // z holds a valid certificate but is not a server of the rules: revoked
            publish(base + "apps/AP1", TestKeys.signedBy(nodes.cluster, "z", base + "apps/AP1",
                    "{\"schema\":2,\"by\":\"z\",\"v\":9007199254740000,\"name\":\"AP1\",\"running\":\"z\",\"processing\":false}"));
            // b signs a's load
            publish(base + "servers/a/load", TestKeys.signedBy(nodes.cluster, "b", base + "servers/a/load",
                    "{\"schema\":2,\"by\":\"b\",\"v\":9007199254740000,\"server\":\"a\",\"cpu\":99,\"memory\":0,"
                            + "\"network\":0,\"score\":99,\"measuredAt\":\"2026-12-07T10:00:00Z\"}"));
            // a node's request: requests are the operator's
            publish(base + "requests/r1", TestKeys.signedBy(nodes.cluster, "b", base + "requests/r1",
                    "{\"schema\":2,\"by\":\"b\",\"v\":9007199254740000,\"id\":\"r1\",\"action\":\"detach\","
                            + "\"subject\":\"a\",\"requestedBy\":\"b\",\"at\":\"2026-12-07T10:00:00Z\"}"));
            a.putLoad(ServerLoad.ofScore("a", 5));
            a.putApp(AppStatus.of("AP2", "a", "b"));

            ab.forEach(n -> awaitSnapshot(n, "a's own writes", s -> s.tables().apps().containsKey("AP2")
                    && s.tables().loads().containsKey("a")));
            for (MqttSharedStore n : ab) {
                assertThat(n.snapshot().tables().apps()).containsOnlyKeys("AP2");
                assertThat(n.snapshot().tables().loads().get("a").score()).isEqualTo(5);
                assertThat(n.snapshot().requests()).isEmpty();
            }
            assertThat(log.text()).contains("node z is not a server of the rules in force")
                    .contains("only node a writes this, not node b")
                    .contains("an operator request must be signed by the operator key, not by node b");
        }
    }

    @Test
    void the_controllers_rows_count_only_from_the_lease_holder_and_a_lease_only_from_its_holder_or_taker() {
        List<MqttSharedStore> ab = aControlsAandB();
        MqttSharedStore a = ab.get(0);
        MqttSharedStore b = ab.get(1);

        try (LogCapture log = new LogCapture()) {
            // b holds a valid key and is a server of the rules, but not the controller
            b.putApp(AppStatus.of("AP1", "b", "a"));
            b.putController(new ControllerLease("a", 9)); // a hand-over of a lease b does not hold
            a.putApp(AppStatus.of("AP2", "a", "b"));      // the holder's, after them: taken, so they were seen
            ab.forEach(n -> awaitSnapshot(n, "the holder's row", s -> s.tables().apps().containsKey("AP2")));
            // b's messages and a's come through different connections: in any order
            Await.until("b's row and hand-over refused", Nodes.WAIT, () -> log.text()
                    .contains("written by node b while a held the controller lease (term 1)") && log.text()
                    .contains("node b hands the controller lease (term 9) to a but a held it (term 1)"));
            for (MqttSharedStore n : ab) {
                assertThat(n.snapshot().tables().apps()).containsOnlyKeys("AP2");
                assertThat(term(n.snapshot())).isEqualTo(1);
            }

            // a is detached (so the election passes it by) and b takes the lease; a, frozen meanwhile, writes on as if
            // it still held it: its rows are refused, b's are taken
            a.putServer(new ServerStatus("a", ServerState.DETACHED, ServerChange.DETACHED, false));
            ab.forEach(n -> awaitSnapshot(n, "a detached", s -> s.tables().server("a").state() == ServerState.DETACHED));
            b.putController(new ControllerLease("b", 2));
            ab.forEach(n -> awaitSnapshot(n, "b controls", s -> term(s) == 2));
            a.putApp(AppStatus.of("AP3", "a", "b"));
            b.putApp(AppStatus.of("AP4", "b", "a"));
            ab.forEach(n -> awaitSnapshot(n, "b's row", s -> s.tables().apps().containsKey("AP4")));
            Await.until("a's late row refused", Nodes.WAIT, () -> log.text()
                    .contains("written by node a while b held the controller lease (term 2)"));
            for (MqttSharedStore n : ab) {
                assertThat(n.snapshot().tables().apps()).containsOnlyKeys("AP2", "AP4");
            }
        }
        // a node starting now knows only the current lease: a's late row is above it, so refused there too
        MqttSharedStore late = nodes.start("c");
        awaitSnapshot(late, "a node joining later", s -> s.connected() && s.tables().apps().containsKey("AP4"));
        assertThat(late.snapshot().tables().apps()).doesNotContainKey("AP3");
    }

    @Test
    void a_nodes_key_does_not_take_the_lease_from_a_controller_that_is_up_and_first() {
        List<MqttSharedStore> ab = aControlsAandB();
        MqttSharedStore a = ab.get(0);
        MqttSharedStore b = ab.get(1);

        try (LogCapture log = new LogCapture()) {
            // b's key claims the lease (a stolen key, or a node that elects itself on a wrong view) and writes a row
            b.putController(new ControllerLease("b", 7));
            b.putApp(AppStatus.of("AP1", "b", "a"));
            Await.until("b's claim held back by both", Nodes.WAIT, () -> log.text().split("node b claims the controller"
                    + " lease, but a, which holds it \\(term 1\\), is up and comes first in the election", -1).length > 2);
            a.putApp(AppStatus.of("AP2", "a", "b")); // the holder's, after them: taken, so they were seen
            ab.forEach(n -> awaitSnapshot(n, "the holder's row", s -> s.tables().apps().containsKey("AP2")));
            for (MqttSharedStore n : ab) {
                assertThat(term(n.snapshot())).as(n.node() + "'s controller").isEqualTo(1);
                assertThat(n.snapshot().tables().apps()).as(n.node() + "'s tables").containsOnlyKeys("AP2");
            }
        }
        // the control: once a is gone, the election allows b, and its claim and row, held back, are taken
        a.abort();
        awaitSnapshot(b, "b's claim taken once a is gone", s -> s.controller().map(ControllerLease::server)
                .equals(Optional.of("b")) && s.tables().apps().containsKey("AP1"));
    }

    @Test
    void a_forged_offline_presence_or_heartbeat_of_a_live_node_never_takes_it_out() throws Exception {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        MqttSharedStore a = ab.get(0);
        a.putRules(rules(1, "true"));
        awaitSnapshot(a, "rules", s -> revision(s) == 1);
        List<StoreSnapshot> seen = new CopyOnWriteArrayList<>();
        a.addListener(seen::add);
        String presence = base + "nodes/b/presence/0";
        Await.until("b's presence on the broker", Nodes.WAIT, () -> onBroker.containsKey(presence));
        String online = new String(onBroker.get(presence), StandardCharsets.UTF_8);
        String conn = online.replaceAll(".*\"conn\":\"([^\"]+)\".*", "$1");
        String offline = "{\"schema\":2,\"by\":\"b\",\"online\":false,\"conn\":\"" + conn + "\"}";
        String beatTopic = "baton-beat/" + nodes.cluster + "/b";

        publish(presence, offline);
        publish(presence, signedByAnotherOperator("b", presence, offline));
        publish(presence, TestKeys.signedBy(nodes.cluster, "a", presence, offline.replace("\"by\":\"b\"", "\"by\":\"a\"")));
        for (int i = 0; i < 20; i++) {
            raw.publish(beatTopic, ("{\"schema\":2,\"by\":\"b\",\"run\":9007199254740000,\"seq\":" + i + ",\"links\":{},"
                    + "\"data\":-1,\"quorate\":false,\"heard\":{},\"departed\":{}}").getBytes(StandardCharsets.UTF_8), 0, false);
        }
        // each is ignored as it arrives, before it reaches the membership: once counted, none can act later
        Await.until("the 23 forgeries counted", Nodes.WAIT, a::rejectedMessages, n -> n >= 23);
        a.putLoad(ServerLoad.ofScore("a", 1));
        awaitSnapshot(a, "a write after them", s -> s.tables().loads().containsKey("a"));

        assertThat(seen).as("b never left a's members").allSatisfy(s -> assertThat(s.liveNodes()).contains("b"));
        assertThat(a.snapshot().liveNodes()).contains("b");
        // the control: b's real Will takes it out at once
        ab.get(1).abort();
        awaitLive(a, Set.of("a"));
    }

    @Test
    void a_replayed_older_rule_file_does_not_roll_any_node_back() throws Exception {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        MqttSharedStore a = ab.get(0);
        a.putRules(rules(1, "echo one"));
        Await.until("revision 1 on the broker", Nodes.WAIT, () -> onBroker.containsKey(base + "rules")
                && new String(onBroker.get(base + "rules"), StandardCharsets.UTF_8).contains("\"revision\":1"));
        byte[] first = onBroker.get(base + "rules");
        a.putRules(rules(2, "echo two"));
        ab.forEach(n -> awaitSnapshot(n, "revision 2", s -> revision(s) == 2));

        raw.publish(base + "rules", first, 1, true); // the operator's own, valid, older rule file

        Await.until("revision 2 back on the broker", Nodes.WAIT, () -> new String(onBroker.get(base + "rules"),
                StandardCharsets.UTF_8).contains("\"revision\":2"));
        ab.forEach(n -> assertThat(revision(n.snapshot())).isEqualTo(2));
        MqttSharedStore late = nodes.start("c");
        awaitSnapshot(late, "a node joining later", s -> s.connected() && revision(s) == 2);
    }

    /**
     * The storm a cluster test found: nodes that disagreed on the controller's lease answered each other's copies,
     * 3,000 messages in 20 s, and the store threads had no time left for the heartbeats (every node fenced). A flood of
     * older copies of a row is answered at most once per {@link StoreEngine#REPUBLISH_GAP}, and nobody rolls back.
     */
    @Test
    void a_flood_of_older_copies_of_a_row_is_answered_at_most_once_a_gap() throws Exception {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        MqttSharedStore a = ab.get(0);
        a.putApp(AppStatus.of("AP1", "a", "b"));
        Await.until("AP1 on the broker", Nodes.WAIT, () -> onBroker.containsKey(base + "apps/AP1"));
        byte[] older = onBroker.get(base + "apps/AP1");
        a.putApp(AppStatus.of("AP1", "b", "a"));
        ab.forEach(n -> awaitSnapshot(n, "AP1 on b", s -> s.tables().app("AP1").running().equals(Optional.of("b"))));

        java.util.concurrent.atomic.AtomicInteger answers = new java.util.concurrent.atomic.AtomicInteger();
        byte[] newer = onBroker.get(base + "apps/AP1");
        raw.subscribe(base + "apps/AP1", 1, (topic, m) -> {
            if (java.util.Arrays.equals(m.getPayload(), newer)) {
                answers.incrementAndGet();
            }
        });
        answers.set(0); // the retained copy delivered on subscribing
        long started = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            raw.publish(base + "apps/AP1", older, 0, true); // a node stuck on the old value, say, in a loop
            Thread.sleep(10);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Await.until("the newer row back on the broker", Nodes.WAIT, () -> java.util.Arrays.equals(
                onBroker.get(base + "apps/AP1"), newer));
        long most = Math.round(Math.ceil(seconds / (StoreEngine.REPUBLISH_GAP.toMillis() / 1000.0))) + 2;
        assertThat(answers.get()).as("answers to 200 older copies in %.1f s", seconds).isBetween(1, (int) most);
        ab.forEach(n -> assertThat(n.snapshot().tables().app("AP1").running()).contains("b"));
    }

    @Test
    void a_node_without_the_operator_key_cannot_deploy_or_request() {
        MqttSharedStore plain = nodes.start(nodes.settings("a"), TestKeys.withoutOperatorKey(nodes.cluster, "a"));
        awaitLive(plain, Set.of("a"));

        assertThatThrownBy(() -> plain.putRules(rules(1, "true"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("this node holds no operator key (etc/baton/operator.key)");
        assertThatThrownBy(() -> plain.submitRequest(new OperatorRequest("r1", OperatorRequest.Action.DETACH, "a",
                Optional.empty(), "a", T0))).isInstanceOf(IllegalStateException.class);
    }

    private static DeployedRules rules(long revision, String command) {
        return new DeployedRules("r.json", "{\"cluster\":\"x\",\"servers\":[\"a\",\"b\"],\"apps\":{\"AP1\":{\"command\":\""
                + command + "\"}}}", revision, T0);
    }

    private static long term(StoreSnapshot s) {
        return s.controller().map(ControllerLease::term).orElse(0L);
    }

    private static long revision(StoreSnapshot s) {
        return s.rules().map(DeployedRules::revision).orElse(0L);
    }

    /**
     * Nodes a and b, the rule file deployed, a holding the controller lease (term 1), both quorate as each sees the
     * other: the election would choose a.
     */
    private List<MqttSharedStore> aControlsAandB() {
        List<MqttSharedStore> ab = nodes.startAll("a", "b");
        ab.get(0).putRules(rules(1, "true"));
        ab.get(0).putController(new ControllerLease("a", 1));
        ab.forEach(n -> awaitSnapshot(n, "a controls and both are quorate", s -> term(s) == 1
                && s.membership().nodes().values().stream().filter(Membership.Standing::quorate).count() == 2));
        return ab;
    }

    private void publish(String topic, String payload) throws Exception {
        raw.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true);
    }

    /** Signed by node {@code node} of the same cluster name, certified by some other operator key. */
    private String signedByAnotherOperator(String node, String topic, String json) {
        Keyring foreign = Keyring.issue(nodes.cluster, node, Ed25519.generate(), false);
        return new String(new Sealer(foreign).asNode(topic, json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
