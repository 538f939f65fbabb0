package io.baton.store.mqtt;

import io.baton.store.mqtt.Membership.Beat;
import io.baton.store.mqtt.Membership.Timing;
import io.baton.store.mqtt.Membership.View;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The membership rules on a simulated network with a simulated clock: every node beats each 250 ms through one
 * broker, whose deliveries the test cuts between chosen pairs of nodes. The lease is 2 s.
 */
class MembershipTest {
    private static final Timing TIMING = new Timing(Duration.ofSeconds(2), Duration.ofMillis(250));
    private static final long BEAT = TIMING.beat().toNanos();
    private static final long LEASE = TIMING.leaseNanos();

    /** Nodes, a clock and a broker that delivers each beat to the nodes it may reach, at once. */
    private static final class Net {
        final AtomicLong clock = new AtomicLong(1_000_000_000L);
        final Map<String, Membership> nodes = new LinkedHashMap<>();
        final Set<String> cut = new HashSet<>();        // "x>y": y does not hear x
        final Set<String> silent = new HashSet<>();     // neither heard nor hearing, no echo
        final Map<String, Integer> data = new HashMap<>();
        long runs = 1;

        Net(String... names) {
            for (String n : names) {
                add(n);
            }
            nodes.values().forEach(m -> m.servers(List.of(names)));
        }

        Membership add(String name) {
            Membership m = new Membership(name, TIMING, clock::get, runs++);
            m.listening(true);
            nodes.put(name, m);
            if (!nodes.isEmpty()) {
                m.servers(nodes.values().iterator().next().servers());
            }
            return m;
        }

        void restart(String name) {
            List<String> servers = nodes.get(name).servers();
            Membership m = new Membership(name, TIMING, clock::get, runs++ * 1000);
            m.listening(true);
            m.servers(servers);
            nodes.put(name, m);
        }

        void cutBoth(String a, String b) {
            cut.add(a + ">" + b);
            cut.add(b + ">" + a);
        }

        /** One beat interval: every node beats, the broker delivers. */
        void tick() {
            clock.addAndGet(BEAT);
            List<Beat> beats = new java.util.ArrayList<>();
            nodes.forEach((name, m) -> {
                if (!silent.contains(name)) {
                    Beat b = m.beat(Map.of(0, name + "-conn-" + m.run()), data.getOrDefault(name, 0));
                    if (!m.quiet()) { // as the store: a node whose lease just ran out keeps its new run to itself
                        beats.add(b);
                    }
                }
            });
            for (Beat b : beats) {
                nodes.get(b.node()).echoed(0, b.run(), b.seq());
                nodes.forEach((name, m) -> {
                    if (!name.equals(b.node()) && !silent.contains(name) && !cut.contains(b.node() + ">" + name)) {
                        m.receive(b);
                    }
                });
            }
        }

        void run(Duration d) {
            for (long t = 0; t < d.toNanos(); t += BEAT) {
                tick();
            }
        }

        View view(String n) {
            return nodes.get(n).view();
        }

        long now() {
            return clock.get();
        }
    }

    @Test
    void three_nodes_that_hear_each_other_are_leased_quorate_and_members() {
        Net net = new Net("a", "b", "c");
        net.run(Duration.ofMillis(1500));
        for (String n : List.of("a", "b", "c")) {
            View v = net.view(n);
            assertThat(v.leased()).as(n + " leased").isTrue();
            assertThat(v.quorate()).as(n + " quorate " + v + " " + net.nodes.get(n).describe() + " claimed " + net.nodes.get(n).claimed()).isTrue();
            assertThat(v.live()).containsExactly("a", "b", "c");
            assertThat(v.departed()).isEmpty();
            assertThat(v.standings().get("b")).isEqualTo(new Membership.Standing(0, true));
            assertThat(net.nodes.get(n).deadline() - net.now()).as("renewed by the latest beats")
                    .isGreaterThan(LEASE - 2 * BEAT);
        }
    }

    @Test
    void a_node_cut_off_fences_before_the_others_may_take_its_apps_over() {
        Net net = new Net("a", "b", "c");
        net.run(Duration.ofMillis(1500));
        net.silent.add("c");
        long cutAt = net.now();
        long cDeadline = net.nodes.get("c").deadline();
        long departedAt = -1;
        for (int i = 0; i < 40 && departedAt < 0; i++) {
            net.tick();
            if (net.view("a").departed().contains("c")) {
                departedAt = net.now();
            }
            assertThat(net.view("a").quorate()).as("a and b stay a quorum").isTrue();
        }
        assertThat(departedAt).as("c departed in a's view").isPositive();
        assertThat(net.view("c").leased()).as("c's lease ran out").isFalse();
        assertThat(cDeadline).as("c fenced by its deadline, before a may take over").isLessThan(departedAt);
        assertThat(departedAt - cDeadline).as("with at least the margin").isGreaterThanOrEqualTo(TIMING.margin());
        assertThat((departedAt - cutAt) / 1_000_000).as("departed within lease + margin + a beat of the cut (ms)")
                .isLessThanOrEqualTo((LEASE + TIMING.margin() + 2 * BEAT) / 1_000_000);
        assertThat(net.view("b").departed()).contains("c");
        assertThat(net.view("a").live()).containsExactly("a", "b");
    }

    @Test
    void the_minority_of_a_partition_fences_and_the_majority_acts_only_after_it_did() {
        Net net = new Net("a", "b", "c", "d", "e");
        net.run(Duration.ofMillis(1500));
        for (String x : List.of("a", "b")) {
            for (String y : List.of("c", "d", "e")) {
                net.cutBoth(x, y);
            }
        }
        long aDeadline = 0;
        long departedAt = -1;
        for (int i = 0; i < 40 && departedAt < 0; i++) {
            net.tick();
            aDeadline = Math.max(aDeadline, net.nodes.get("a").deadline());
            if (net.view("c").departed().containsAll(Set.of("a", "b"))) {
                departedAt = net.now();
            }
            assertThat(net.view("a").departed()).as("the minority decides nothing").isEmpty();
            if (i > 3) { // the others' last beats count for three beats
                assertThat(net.view("a").quorate() && net.view("c").quorate()).as("never both sides quorate").isFalse();
            }
        }
        assertThat(departedAt).isPositive();
        assertThat(net.view("a").leased()).isFalse();
        assertThat(net.view("b").leased()).isFalse();
        assertThat(aDeadline).as("a's lease ended before c may take its apps").isLessThan(departedAt);
        assertThat(net.view("c").quorate()).isTrue();
        assertThat(net.view("a").departed()).as("the minority decides nothing").isEmpty();
    }

    @Test
    void with_two_servers_the_first_keeps_its_lease_alone_and_the_second_does_not() {
        Net net = new Net("a", "b");
        net.run(Duration.ofMillis(1500));
        assertThat(net.view("b").quorate()).isTrue();
        net.cutBoth("a", "b");
        net.run(Duration.ofSeconds(4));
        assertThat(net.view("a").leased()).as("a holds the first server: half with it is a quorum").isTrue();
        assertThat(net.view("a").quorate()).isTrue();
        assertThat(net.view("b").leased()).isFalse();
        assertThat(net.view("a").departed()).containsExactly("b");
        assertThat(net.view("b").departed()).as("b alone decides nothing").isEmpty();
    }

    @Test
    void the_wills_of_every_connection_of_a_dead_node_confirmed_by_a_round_trip_make_it_depart_at_once() {
        Net net = new Net("a", "b", "c");
        net.run(Duration.ofMillis(1500));
        Membership a = net.nodes.get("a");
        String cConn = "c-conn-" + net.nodes.get("c").run();
        net.silent.add("c");
        a.will(0, "c", "c-conn-of-an-older-connection");
        assertThat(a.view().departed()).as("a Will of another connection").isEmpty();
        a.will(0, "c", cConn);
        assertThat(a.view().departed()).as("not confirmed yet").isEmpty();
        net.clock.addAndGet(1_000_000);
        Beat confirm = a.beat(Map.of(0, "a-conn"), 0);
        a.echoed(0, confirm.run(), confirm.seq());
        assertThat(a.view().departed()).as("confirmed by a beat sent after the Will").containsExactly("c");
        assertThat(a.view().live()).containsExactly("a", "b");
    }

    @Test
    void a_node_that_is_still_heard_after_the_will_of_one_link_keeps_its_other_links() {
        Net net = new Net("a", "b", "c");
        net.tick();
        Membership a = net.nodes.get("a");
        Membership c = net.nodes.get("c");
        // c is connected through two brokers; one of them closes its connection
        Beat twoLinks = c.beat(Map.of(0, "c0", 1, "c1"), 0);
        a.receive(twoLinks);
        a.will(0, "c", "c0");
        Beat confirm = a.beat(Map.of(0, "a0", 1, "a1"), 0);
        a.echoed(0, confirm.run(), confirm.seq());
        a.echoed(1, confirm.run(), confirm.seq());
        assertThat(a.view().departed()).as("c's link to broker 1 is still up").isEmpty();
    }

    @Test
    void without_acknowledgements_the_lease_runs_out_and_a_new_run_starts_that_the_others_accept() {
        Net net = new Net("a", "b", "c");
        net.run(Duration.ofMillis(1500));
        long run = net.nodes.get("c").run();
        net.cut.add("a>c");
        net.cut.add("b>c"); // c hears nobody: its beats reach the others, their acknowledgements never reach c
        boolean sawDeparted = false;
        for (int i = 0; i < 12; i++) {
            net.tick();
            sawDeparted |= net.view("a").departed().contains("c");
        }
        assertThat(net.nodes.get("c").run()).as("a new run after the lapse").isGreaterThan(run);
        assertThat(sawDeparted).as("the others saw c's old run go").isTrue();
        net.cut.clear();
        net.run(Duration.ofMillis(1500));
        assertThat(net.view("c").leased()).isTrue();
        assertThat(net.view("c").quorate()).isTrue();
        assertThat(net.view("a").live()).containsExactly("a", "b", "c");
        assertThat(net.view("a").departed()).isEmpty();
    }

    @Test
    void a_node_that_heard_nobody_declared_nobody_so_after_the_heal_one_death_fences_no_other_node() {
        Net net = new Net("a", "b", "c");
        net.run(Duration.ofMillis(1500));
        net.cutBoth("a", "c");
        net.cutBoth("b", "c"); // c cut off from everyone, for three lease times
        net.run(Duration.ofSeconds(6));
        assertThat(net.view("a").departed()).as("a and b declared c's run, and it went").contains("c");
        net.cut.clear();
        net.run(Duration.ofSeconds(3));
        assertThat(net.view("c").quorate()).as("c is back").isTrue();

        net.silent.add("a"); // a dies: b must keep its lease through c's acknowledgements
        for (int i = 0; i < 24; i++) {
            net.tick();
            assertThat(net.view("b").leased()).as("b's lease, %d ms after a died", (i + 1) * 250).isTrue();
        }
        assertThat(net.view("b").departed()).as("b and c took a's departure").contains("a");
    }

    @Test
    void a_node_whose_lease_ran_out_is_heard_again_only_once_its_apps_are_stopped() {
        Net net = new Net("a", "b", "c");
        net.run(Duration.ofMillis(1500));
        Membership c = net.nodes.get("c");
        net.cut.add("a>c");
        net.cut.add("b>c");
        long lapsed = -1;
        long departed = -1;
        for (int i = 0; i < 16 && departed < 0; i++) {
            net.tick();
            if (lapsed < 0 && !c.view().leased()) {
                lapsed = net.clock.get();
                assertThat(c.quiet()).as("c keeps its new run to itself while its apps stop").isTrue();
            }
            if (net.view("a").departed().contains("c")) {
                departed = net.clock.get();
            }
        }
        assertThat(lapsed).as("c's lease ran out").isPositive();
        assertThat(departed).as("a saw c's old run go").isPositive();
        assertThat(departed - lapsed).as("not before the SIGKILL that follows the lease's end")
                .isGreaterThanOrEqualTo(TIMING.margin());
    }

    @Test
    void a_restarted_node_is_departed_for_a_moment_then_a_member_again() {
        Net net = new Net("a", "b", "c");
        net.run(Duration.ofMillis(1500));
        net.restart("c");
        net.tick();
        assertThat(net.view("a").departed()).as("c's old run is gone").containsExactly("c");
        net.run(Duration.ofMillis(1500));
        assertThat(net.view("a").departed()).isEmpty();
        assertThat(net.view("a").live()).containsExactly("a", "b", "c");
        assertThat(net.view("c").quorate()).isTrue();
    }

    @Test
    void a_server_that_was_never_heard_departs_once_a_quorum_declared_it_and_starts_anew_when_it_comes() {
        Net net = new Net("a", "b");
        net.nodes.values().forEach(m -> m.servers(List.of("a", "b", "c")));
        net.run(Duration.ofSeconds(2));
        assertThat(net.view("a").departed()).as("not yet: declared, then the lease time").isEmpty();
        net.run(Duration.ofMillis(2750));
        assertThat(net.view("a").departed()).containsExactly("c");
        Membership c = net.add("c");
        c.servers(List.of("a", "b", "c"));
        long first = c.run();
        net.run(Duration.ofMillis(1500));
        assertThat(c.run()).as("c saw its first run declared and started anew").isGreaterThan(first);
        assertThat(net.view("c").leased()).isTrue();
        assertThat(net.view("a").live()).containsExactly("a", "b", "c");
    }

    @Test
    void nodes_that_hear_each_other_only_through_a_third_stay_members_of_each_other() {
        Net net = new Net("a", "b", "c");
        net.cutBoth("a", "c");
        net.run(Duration.ofSeconds(6));
        assertThat(net.view("a").departed()).as("b relays what it hears of c").isEmpty();
        assertThat(net.view("a").live()).contains("c");
        assertThat(net.view("c").live()).contains("a");
        assertThat(net.view("a").leased()).isTrue();
        assertThat(net.view("c").leased()).isTrue();
    }

    @Test
    void a_node_names_a_new_broker_only_after_a_quarantine_and_acts_with_a_quorum_on_one_broker() {
        Net net = new Net("a", "b", "c");
        net.run(Duration.ofMillis(1500));
        net.data.put("a", 1);
        net.tick();
        assertThat(net.nodes.get("a").claimed()).as("no broker named during the quarantine").isEqualTo(-1);
        assertThat(net.view("a").quorate()).isFalse();
        assertThat(net.view("b").quorate()).as("b and c still a quorum on broker 0").isTrue();
        net.run(Duration.ofMillis(1000));
        assertThat(net.nodes.get("a").claimed()).isEqualTo(1);
        assertThat(net.view("a").quorate()).as("alone on broker 1").isFalse();
        net.data.put("b", 1);
        net.run(Duration.ofMillis(1500));
        assertThat(net.view("a").quorate()).as("a and b on broker 1").isTrue();
        assertThat(net.view("c").quorate()).as("c alone on broker 0").isFalse();
        assertThat(net.view("c").leased()).as("but c keeps its lease: its apps run on").isTrue();
    }

    @Test
    void a_node_that_stood_still_declares_nobody_for_the_time_it_heard_nothing() {
        Net net = new Net("a", "b", "c");
        net.run(Duration.ofMillis(1500));
        Membership b = net.nodes.get("b");
        net.silent.add("b"); // b's JVM is frozen: it neither beats nor hears
        net.run(Duration.ofSeconds(3));
        net.silent.remove("b");
        net.tick(); // thawed: the first thing it does is evaluate
        assertThat(b.describe().values()).as("b declared nobody on waking up").noneMatch(d -> d.contains("declared "));
        net.run(Duration.ofSeconds(1));
        assertThat(net.view("a").leased()).as("a keeps b's acknowledgements").isTrue();
        assertThat(b.describe().values()).noneMatch(d -> d.contains("declared "));
    }

    @Test
    void the_tables_go_to_the_first_broker_a_quorum_reaches_or_else_to_the_first_this_node_reaches() {
        Net net = new Net("a", "b", "c");
        net.run(Duration.ofMillis(1500)); // every node says it reaches broker 0 only (the simulated links)
        assertThat(net.nodes.get("a").choose(2, Set.of(0, 1))).isEqualTo(0);
        assertThat(net.nodes.get("a").choose(2, Set.of(1))).as("a cannot reach the quorum's broker").isEqualTo(1);
        assertThat(net.nodes.get("a").choose(2, Set.of())).isEqualTo(-1);
        Membership d = new Membership("d", TIMING, net.clock::get, 99);
        d.servers(List.of("d", "e", "f"));
        assertThat(d.choose(3, Set.of(2, 1))).as("no quorum heard of: the first it reaches").isEqualTo(1);
    }
}
