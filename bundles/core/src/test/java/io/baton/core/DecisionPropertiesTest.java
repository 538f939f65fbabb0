package io.baton.core;

import io.baton.api.decision.Decision;
import io.baton.api.decision.Instruction;
import io.baton.api.decision.Trigger;
import io.baton.api.model.AppOverride;
import io.baton.api.model.AppRule;
import io.baton.api.model.AppStatus;
import io.baton.api.model.BackupRule;
import io.baton.api.model.ClusterState;
import io.baton.api.model.ConfigurationRule;
import io.baton.api.model.Rules;
import io.baton.api.model.ServerLoad;
import io.baton.core.RandomEvents.Step;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.baton.core.RandomEvents.decide;
import static io.baton.core.RandomEvents.pick;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariants over random clusters (rules with every backup kind, allowed sets and configuration
 * entries) and random valid event sequences. {@link TestCluster} also checks after every decision
 * that the instructions never start a running app and lead exactly to the settled placement.
 */
class DecisionPropertiesTest {


    record Case(Rules rules, Map<String, Integer> loads, Set<String> up, List<Step> steps) {
    }

    @Property(tries = 400)
    void every_decision_keeps_the_invariants(@ForAll("cases") Case c) {
        TestCluster cluster = TestCluster.of(c.rules());
        c.loads().forEach((s, l) -> cluster.loads(s, l));
        check(cluster, cluster.start(c.up().toArray(String[]::new)));
        for (Step step : c.steps()) {
            Trigger trigger = pick(cluster, step);
            if (trigger == null) {
                continue;
            }
            ClusterState before = cluster.state;
            Decision decision = decide(cluster, trigger);
            check(cluster, decision);
            if (trigger instanceof Trigger.LoadTick) {
                fixedBackupsUnchanged(cluster.rules, before, decision.settled());
            }
        }
    }

    @Property(tries = 200)
    void the_same_input_always_gives_the_same_decision(@ForAll("cases") Case c) {
        TestCluster cluster = TestCluster.of(c.rules());
        c.loads().forEach((s, l) -> cluster.loads(s, l));
        cluster.start(c.up().toArray(String[]::new));
        for (Step step : c.steps()) {
            Trigger trigger = pick(cluster, step);
            if (trigger == null) {
                continue;
            }
            ClusterState before = cluster.state;
            Decision first = decide(cluster, trigger);
            Decision again = new DecisionEngine().decide(cluster.rules, before, first.trigger());
            assertThat(again).isEqualTo(first);
        }
    }


    private static void check(TestCluster cluster, Decision decision) {
        ClusterState s = decision.settled();
        Set<String> up = s.upServers();
        for (AppStatus app : s.apps().values()) {
            AppRule rule = cluster.rules.effectiveRule(app.name(), up);
            app.running().ifPresent(r -> assertThat(up).as("running server of %s", app.name()).contains(r));
            app.backup().ifPresent(b -> {
                assertThat(b).as("backup of %s", app.name()).isNotEqualTo(app.running().orElseThrow());
                assertThat(up).as("backup of %s is up", app.name()).contains(b);
                assertThat(rule.allowed()).as("backup of %s is allowed", app.name()).contains(b);
                assertThat(rule.backup().kind()).as("backup rule of %s", app.name()).isNotEqualTo(BackupRule.Kind.NONE);
            });
            assertThat(app.processing()).isFalse();
        }
        Set<String> instructed = new HashSet<>();
        decision.instructions().forEach(i -> instructed.add(i.app()));
        decision.intended().apps().values().forEach(a ->
                assertThat(a.processing()).as("processing flag of %s", a.name()).isEqualTo(instructed.contains(a.name())));
        assertThat(decision.intended().apps().values()).map(a -> a.withProcessing(false))
                .containsExactlyElementsOf(s.apps().values());
        long placementSteps = decision.instructions().stream().filter(i -> !(i instanceof Instruction.SetBackup)).count();
        assertThat(decision.instructions().subList(0, (int) placementSteps))
                .as("placement instructions come before backup instructions")
                .noneMatch(i -> i instanceof Instruction.SetBackup);
    }

    private static void fixedBackupsUnchanged(Rules rules, ClusterState before, ClusterState after) {
        Set<String> up = before.upServers();
        for (AppStatus app : after.apps().values()) {
            if (rules.effectiveRule(app.name(), up).fixed()) {
                assertThat(app.backup()).as("backup of fixed %s on a tick", app.name()).isEqualTo(before.app(app.name()).backup());
            }
        }
    }



    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers().between(1, 7).flatMap(servers -> Arbitraries.integers().between(0, 9)
                .flatMap(apps -> caseFor(servers, apps)));
    }

    private Arbitrary<Case> caseFor(int serverCount, int appCount) {
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < serverCount; i++) {
            servers.add("s" + i);
        }
        Arbitrary<List<AppRule>> apps = appRule(servers).list().ofSize(appCount).map(list -> {
            List<AppRule> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                AppRule r = list.get(i);
                named.add(new AppRule("AP" + i, r.primary(), r.backup(), r.fixed(), r.autoMove(), r.allowed(), r.launch()));
            }
            return named;
        });
        Arbitrary<Set<String>> subset = Arbitraries.of(servers).set().ofMaxSize(serverCount);
        Arbitrary<List<Set<String>>> configurationSets = subset.list().ofMaxSize(3).uniqueElements();
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
        Arbitrary<Double> hysteresis = Arbitraries.of(0.0, 0.0, 5.0, 20.0);
        Arbitrary<List<AppOverride>> overrides = appOverride(servers).list().ofSize(appCount * 3);
        return Combinators.combine(apps, configurationSets, overrides, loads, subset, steps, hysteresis)
                .as((appRules, sets, ov, l, up, st, h) -> {
                    List<ConfigurationRule> configurations = new ArrayList<>();
                    int next = 0;
                    for (Set<String> set : sets) {
                        if (set.isEmpty()) {
                            continue;
                        }
                        Map<String, AppOverride> byApp = new LinkedHashMap<>();
                        for (AppRule a : appRules) {
                            byApp.put(a.name(), ov.get(next++ % Math.max(1, ov.size())));
                        }
                        configurations.add(new ConfigurationRule(set, byApp));
                    }
                    Rules rules = new Rules("prop", servers, h, appRules, configurations, Optional.empty());
                    return new Case(rules, l, up, st);
                });
    }

    private static Arbitrary<BackupRule> backupRule(List<String> servers) {
        return Arbitraries.oneOf(Arbitraries.of(BackupRule.AUTO, BackupRule.IDLE, BackupRule.NONE),
                Arbitraries.of(servers).list().ofMinSize(1).ofMaxSize(3).uniqueElements().map(BackupRule::named));
    }

    private static Arbitrary<List<String>> allowed(List<String> servers) {
        return Arbitraries.oneOf(Arbitraries.just(servers),
                Arbitraries.of(servers).list().ofMinSize(1).ofMaxSize(servers.size()).uniqueElements());
    }

    private static Arbitrary<AppRule> appRule(List<String> servers) {
        return Combinators.combine(Arbitraries.of(servers).optional(), backupRule(servers), Arbitraries.of(true, false),
                        Arbitraries.of(true, false), allowed(servers))
                .as((primary, backup, fixed, autoMove, allowed) -> new AppRule("tmp", primary, backup, fixed, autoMove,
                        allowed, Optional.empty()));
    }

    private static Arbitrary<AppOverride> appOverride(List<String> servers) {
        return Combinators.combine(Arbitraries.of(servers).optional(0.3), backupRule(servers).optional(0.3),
                        Arbitraries.of(true, false).optional(0.3), Arbitraries.of(true, false).optional(0.3),
                        allowed(servers).optional(0.3))
                .as(AppOverride::new);
    }

}
