package io.baton.core;

import io.baton.api.decision.Decision;
import io.baton.api.decision.InvalidTriggerException;
import io.baton.api.decision.Trigger;
import io.baton.api.model.AppRule;
import io.baton.api.model.AppStatus;
import io.baton.api.model.BackupRule;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;
import io.baton.core.RandomEvents.Step;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.baton.core.RandomEvents.decide;
import static io.baton.core.RandomEvents.pick;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC "Capacity, separation and priority" over random clusters with capacities, demands, apart pairs and
 * priorities, after every event: no up server over capacity; for every pair of servers R, S the apps on R backed
 * by S fit on S beside what S runs, none of them apart from an app on S or from each other; no two apart apps on
 * one server; the same input gives the same decision. {@link TestCluster} checks the instructions as well.
 */
class CapacityPropertiesTest {
    private static final double EPSILON = 1e-9;
    private static final List<String> DIMENSIONS = List.of("cpu", "mem");


    record Case(Rules rules, Map<String, Integer> loads, Set<String> up, List<Step> steps) {
    }

    @Property(tries = 500)
    void no_single_failure_overloads_a_server_or_brings_apart_apps_together(@ForAll("cases") Case c) {
        TestCluster cluster = TestCluster.of(c.rules());
        c.loads().forEach((s, l) -> cluster.loads(s, l));
        cluster.start(c.up().toArray(String[]::new));
        check(c.rules(), cluster.state, "start");
        for (Step step : c.steps()) {
            Trigger trigger = pick(cluster, step);
            if (trigger == null) {
                continue;
            }
            ClusterState before = cluster.state;
            Decision decision;
            try {
                decision = decide(cluster, trigger);
            } catch (InvalidTriggerException e) {
                assertThat(trigger).as(e.getMessage()).isInstanceOf(Trigger.MoveRequested.class);
                continue; // a move to a server without room is refused, and nothing changes
            }
            check(c.rules(), decision.settled(), trigger.toString());
            Decision again = new DecisionEngine().decide(c.rules(), before, decision.trigger());
            assertThat(again).as("the same input, the same decision").isEqualTo(decision);
        }
    }


    private static void check(Rules rules, ClusterState s, String after) {
        Map<String, AppRule> apps = rules.appsByName();
        Map<String, double[]> used = new HashMap<>();
        for (AppStatus a : s.apps().values()) {
            a.running().ifPresent(r -> add(used.computeIfAbsent(r, k -> new double[DIMENSIONS.size()]), apps.get(a.name())));
        }
        used.forEach((server, u) -> assertThat(fits(rules, server, u))
                .as("after %s: %s runs %s, within its capacity %s", after, server, names(s, server), rules.capacity().get(server))
                .isTrue());
        for (AppStatus a : s.apps().values()) {
            if (a.running().isEmpty()) {
                continue;
            }
            for (String x : apps.get(a.name()).apart()) {
                assertThat(s.app(x).running()).as("after %s: %s and %s are apart", after, a.name(), x)
                        .isNotEqualTo(a.running());
            }
        }
        // every (running server R, backup S): what S would run if R failed
        Map<String, List<String>> landing = new LinkedHashMap<>();
        for (AppStatus a : s.apps().values()) {
            if (a.running().isPresent() && a.backup().isPresent()) {
                landing.computeIfAbsent(a.running().get() + ">" + a.backup().get(), k -> new ArrayList<>()).add(a.name());
            }
        }
        landing.forEach((pair, moving) -> {
            String target = pair.substring(pair.indexOf('>') + 1);
            double[] landed = used.getOrDefault(target, new double[DIMENSIONS.size()]).clone();
            moving.forEach(m -> add(landed, apps.get(m)));
            assertThat(fits(rules, target, landed)).as("after %s: if %s failed, %s would run %s beside %s within %s", after,
                    pair.substring(0, pair.indexOf('>')), target, moving, names(s, target), rules.capacity().get(target)).isTrue();
            List<String> together = new ArrayList<>(moving);
            together.addAll(names(s, target));
            for (String m : moving) {
                assertThat(apps.get(m).apart()).as("after %s: %s would land on %s with %s", after, m, target, together)
                        .doesNotContainAnyElementsOf(together);
            }
        });
    }

    private static List<String> names(ClusterState s, String server) {
        return s.apps().values().stream().filter(a -> a.running().equals(Optional.of(server))).map(AppStatus::name).toList();
    }

    private static void add(double[] sum, AppRule app) {
        for (int d = 0; d < DIMENSIONS.size(); d++) {
            sum[d] += app.demand().getOrDefault(DIMENSIONS.get(d), 0.0);
        }
    }

    private static boolean fits(Rules rules, String server, double[] used) {
        Map<String, Double> cap = rules.capacity().getOrDefault(server, Map.of());
        for (int d = 0; d < DIMENSIONS.size(); d++) {
            if (used[d] > cap.getOrDefault(DIMENSIONS.get(d), Double.POSITIVE_INFINITY) + EPSILON) {
                return false;
            }
        }
        return true;
    }



    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers().between(1, 6).flatMap(servers -> Arbitraries.integers().between(0, 8)
                .flatMap(apps -> caseFor(servers, apps)));
    }

    private Arbitrary<Case> caseFor(int serverCount, int appCount) {
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < serverCount; i++) {
            servers.add("s" + i);
        }
        Arbitrary<Map<String, Double>> amounts = Combinators.combine(
                        Arbitraries.integers().between(0, 6).optional(0.7), Arbitraries.integers().between(0, 6).optional(0.4))
                .as((cpu, mem) -> {
                    Map<String, Double> m = new LinkedHashMap<>();
                    cpu.ifPresent(v -> m.put("cpu", v.doubleValue()));
                    mem.ifPresent(v -> m.put("mem", v.doubleValue()));
                    return m;
                });
        Arbitrary<List<Map<String, Double>>> capacities = amounts.map(m -> {
            Map<String, Double> scaled = new LinkedHashMap<>();
            m.forEach((k, v) -> scaled.put(k, v * 2));
            return scaled;
        }).list().ofSize(serverCount);
        Arbitrary<List<AppRule>> apps = Combinators.combine(appRule(servers).list().ofSize(appCount),
                        amounts.list().ofSize(appCount), Arbitraries.integers().between(0, 99).list().ofSize(appCount),
                        Arbitraries.of(-1, 0, 0, 0, 2).list().ofSize(appCount))
                .as((rules, demands, apartPicks, priorities) -> {
                    List<AppRule> named = new ArrayList<>();
                    for (int i = 0; i < rules.size(); i++) {
                        AppRule r = rules.get(i);
                        int other = apartPicks.get(i) % Math.max(1, appCount);
                        List<String> apart = apartPicks.get(i) < 30 && other != i ? List.of("AP" + other) : List.of();
                        named.add(new AppRule("AP" + i, r.primary(), r.backup(), r.fixed(), r.autoMove(), r.allowed(),
                                r.launch(), demands.get(i), apart, priorities.get(i)));
                    }
                    return named;
                });
        Arbitrary<Set<String>> subset = Arbitraries.of(servers).set().ofMaxSize(serverCount);
        Arbitrary<Map<String, Integer>> loads = Arbitraries.integers().between(0, 100).list().ofSize(serverCount)
                .map(l -> {
                    Map<String, Integer> m = new LinkedHashMap<>();
                    for (int i = 0; i < l.size(); i++) {
                        m.put(servers.get(i), l.get(i));
                    }
                    return m;
                });
        Arbitrary<List<Step>> steps = Combinators.combine(Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 100)).as(Step::new)
                .list().ofMaxSize(14);
        return Combinators.combine(apps, capacities, loads, subset, steps).as((appRules, caps, l, up, st) -> {
            Map<String, Map<String, Double>> capacity = new LinkedHashMap<>();
            for (int i = 0; i < serverCount; i++) {
                if (!caps.get(i).isEmpty()) {
                    capacity.put(servers.get(i), caps.get(i));
                }
            }
            Rules rules = new Rules("prop", servers, 0, appRules, List.of(), Optional.empty(), capacity);
            return new Case(rules, l, up, st);
        });
    }

    private static Arbitrary<AppRule> appRule(List<String> servers) {
        Arbitrary<BackupRule> backup = Arbitraries.oneOf(Arbitraries.of(BackupRule.AUTO, BackupRule.AUTO, BackupRule.IDLE,
                BackupRule.NONE), Arbitraries.of(servers).list().ofMinSize(1).ofMaxSize(2).uniqueElements().map(BackupRule::named));
        Arbitrary<List<String>> allowed = Arbitraries.oneOf(Arbitraries.just(servers),
                Arbitraries.of(servers).list().ofMinSize(1).ofMaxSize(servers.size()).uniqueElements());
        return Combinators.combine(Arbitraries.of(servers).optional(), backup, Arbitraries.of(true, false),
                        Arbitraries.of(true, false), allowed)
                .as((primary, b, fixed, autoMove, a) -> new AppRule("tmp", primary.filter(a::contains),
                        b, fixed, autoMove, a, Optional.empty()));
    }
}
