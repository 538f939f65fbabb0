package io.baton.benchmark;

import io.baton.api.decision.Decision;
import io.baton.api.decision.Trigger;
import io.baton.api.model.AppRule;
import io.baton.api.model.AppStatus;
import io.baton.api.model.BackupRule;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Placement;
import io.baton.api.model.Rules;
import io.baton.api.model.ServerLoad;
import io.baton.core.ClusterManagerTakeover;
import io.baton.core.DecisionEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One decision of the core at cluster scale (servers x apps). Every app has the defaults of a rule
 * file: backup {@code auto}, allowed on all servers, no primary; with {@code constraints=capacity} a demand on
 * every app and a capacity on every server. The steady state is what the core
 * itself settles on at cluster start, so every input is one the controller could really see.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed, pre-touched heap: on this VM first touches of heap pages are slow, and a heap still growing
// into fresh memory made the large sizes 10-40x slower and erratic.
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class DecisionCoreBenchmark {

    /** Hysteresis of the rule table, in load percentage points. */
    static final double HYSTERESIS = 5;

    @State(Scope.Benchmark)
    public static class Cluster {
        @Param({"100x1000", "1000x10000"})
        public String size;

        /**
         * {@code none}: the rule file's defaults. {@code capacity}: every server has a capacity (cpu 100, mem 400) and
         * every app a demand (cpu 1-8, mem 1-32; ~45 % of a server for its ten apps), so every placement and every
         * backup is checked for room, takeover headroom included (SPEC "Capacity, separation and priority").
         */
        @Param({"none", "capacity"})
        public String constraints;

        /** One engine per cluster, as in the controller: it keeps the compiled rules by identity. */
        DecisionEngine engine;
        Rules rules;
        /** No servers up yet, loads known. */
        ClusterState beforeStart;
        List<String> allServers;
        /** Every app running, every backup chosen by the rules. */
        ClusterState steady;
        String failing;
        Placement observedAfterFailure;
        /** The steady state after a load update that makes a better backup available to most apps. */
        ClusterState loadsChanged;

        @Setup(Level.Trial)
        public void setUp() {
            String[] dims = size.split("x");
            int servers = Integer.parseInt(dims[0]);
            int apps = Integer.parseInt(dims[1]);
            engine = new DecisionEngine();

            allServers = new ArrayList<>(servers);
            for (int s = 0; s < servers; s++) {
                allServers.add(String.format("srv%04d", s));
            }
            boolean capacity = constraints.equals("capacity");
            Random random = new Random(42);
            List<AppRule> appRules = new ArrayList<>(apps);
            for (int a = 0; a < apps; a++) {
                Map<String, Double> demand = capacity
                        ? Map.of("cpu", 1.0 + random.nextInt(8), "mem", 1.0 + random.nextInt(32)) : Map.of();
                appRules.add(new AppRule(String.format("app%05d", a), Optional.empty(), BackupRule.AUTO,
                        false, false, allServers, Optional.empty(), demand, List.of(), 0));
            }
            Map<String, Map<String, Double>> capacities = new LinkedHashMap<>();
            if (capacity) {
                allServers.forEach(s -> capacities.put(s, Map.of("cpu", 100.0, "mem", 400.0)));
            }
            rules = new Rules("bench", allServers, HYSTERESIS, appRules, List.of(), Optional.empty(), capacities);

            // Varied loads, 10..90 % in tenths, fixed seed so every run sees the same cluster.
            Map<String, ServerLoad> loads = new LinkedHashMap<>();
            for (String s : allServers) {
                loads.put(s, ServerLoad.ofScore(s, 10 + random.nextInt(801) / 10.0));
            }
            beforeStart = new ClusterState(Map.of(), loads, Map.of());

            // Cluster start spreads the apps evenly (servers x apps / servers each), so no server is
            // idle and every backup is the lowest-load server other than the app's own.
            steady = engine.decide(rules, beforeStart, new Trigger.ClusterStarted(allServers)).settled();
            requireAllRunningWithBackup(steady);

            // Worst case for a failure: the server that backs up the most apps, so its own apps move
            // and every other app needs a new backup.
            failing = mostUsedBackup(steady);
            observedAfterFailure = ClusterManagerTakeover
                    .afterServerFailure(ClusterManagerTakeover.viewOf(steady), failing).placement();

            // The common backup gets busy and another server goes nearly idle: the load check
            // switches (almost) every backup.
            String quiet = allServers.get(servers / 2).equals(failing) ? allServers.get(servers / 2 + 1)
                    : allServers.get(servers / 2);
            loadsChanged = steady.withLoad(ServerLoad.ofScore(failing, 95)).withLoad(ServerLoad.ofScore(quiet, 1));
            Decision check = engine.decide(rules, loadsChanged, new Trigger.LoadTick());
            if (check.instructions().size() < apps / 2) {
                throw new IllegalStateException("load check switched only " + check.instructions().size() + " backups");
            }
        }

        private static void requireAllRunningWithBackup(ClusterState state) {
            for (AppStatus app : state.apps().values()) {
                if (app.running().isEmpty() || app.backup().isEmpty()) {
                    throw new IllegalStateException("steady state is not steady: " + app);
                }
            }
        }

        private static String mostUsedBackup(ClusterState state) {
            Map<String, Integer> count = new HashMap<>();
            state.apps().values().forEach(a -> a.backup().ifPresent(b -> count.merge(b, 1, Integer::sum)));
            return count.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
    }

    /** SPEC "Server leaves": re-plan after the cluster manager took over a failed server's apps. */
    @Benchmark
    public Decision serverFailed(Cluster c) {
        return c.engine.decide(c.rules, c.steady, new Trigger.ServerFailed(c.failing, c.observedAfterFailure));
    }

    /** SPEC "Periodic load check" after a load update that makes most backups switch. */
    @Benchmark
    public Decision loadTick(Cluster c) {
        return c.engine.decide(c.rules, c.loadsChanged, new Trigger.LoadTick());
    }

    /** SPEC "Initial start": every app placed and backed up from nothing. */
    @Benchmark
    public Decision clusterStarted(Cluster c) {
        return c.engine.decide(c.rules, c.beforeStart, new Trigger.ClusterStarted(c.allServers));
    }
}
