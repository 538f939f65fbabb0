package io.baton.itests.campaign;

import io.baton.itests.cluster.Tables;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The randomized fault campaign (issue 15): a seeded {@link Nemesis} takes a real local cluster through one fault
 * per round — alone or two at once — heals it, and the {@link Checker} proves the invariants over the whole run.
 * Run it, after {@code mvn -B -q install -DskipTests}, as
 * <pre>mvn -B -q test-compile exec:java -pl itests/campaign -Dexec.args="--seed SEED --faults N"</pre>
 * It prints each round, then the {@link Report}, and ends with {@code campaign: N faults, V violations}; the exit
 * code is 0 only when V is 0. {@code --replay SEED ROUND} runs that one round again on a fresh cluster: each round
 * draws from its own random source, made of the seed and the round's number. {@code --kinds crash-point,freeze}
 * draws only those kinds of fault (their labels, as the report prints them). As root, every machine runs in a
 * network namespace of its own ({@link Network}) and link cuts are drawn too; {@code --no-netns} runs on the loopback.
 */
public final class Campaign {
    /** A round's time of day (UTC), always with its milliseconds (Instant.toString drops a fraction of zero). */
    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss.SSS").withZone(java.time.ZoneOffset.UTC);
    private final long seed;
    private final List<Integer> rounds;
    private final List<Nemesis.Kind> kinds;
    private final boolean namespaces;
    private final Path home;
    private final int portBase;
    private final PrintStream out;

    Campaign(long seed, List<Integer> rounds, List<Nemesis.Kind> kinds, boolean namespaces, Path home, int portBase,
             PrintStream out) {
        this.seed = seed;
        this.namespaces = namespaces;
        this.rounds = rounds;
        this.kinds = kinds;
        this.home = home;
        this.portBase = portBase;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        long seed = System.currentTimeMillis();
        int faults = 40;
        List<Integer> rounds = null;
        List<Nemesis.Kind> kinds = List.of(Nemesis.Kind.values());
        boolean namespaces = Network.available();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-netns" -> namespaces = false;
                case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed SEED"));
                case "--faults" -> faults = Integer.parseInt(value(args, ++i, "--faults N"));
                case "--replay" -> {
                    seed = Long.parseLong(value(args, ++i, "--replay SEED ROUND"));
                    rounds = List.of(Integer.parseInt(value(args, ++i, "--replay SEED ROUND")));
                }
                case "--kinds" -> {
                    try {
                        kinds = Nemesis.Kind.ofLabels(value(args, ++i, "--kinds KIND,KIND..."));
                    } catch (IllegalArgumentException e) {
                        System.err.println("campaign: " + e.getMessage());
                        System.exit(2);
                    }
                }
                default -> {
                    System.err.println("campaign: unknown argument " + args[i]
                            + " (--seed SEED --faults N | --replay SEED ROUND, and --kinds KIND,... --no-netns)");
                    System.exit(2);
                }
            }
        }
        Report report = new Campaign(seed, rounds == null ? numbered(faults) : rounds, kinds, namespaces, home(),
                Integer.getInteger("campaign.portBase", 19300), System.out).run();
        System.exit(report.violations().isEmpty() ? 0 : 1);
    }

    static Path home() {
        return Path.of(System.getProperty("baton.work", "target/campaign")).toAbsolutePath();
    }

    static List<Integer> numbered(int faults) {
        List<Integer> all = new ArrayList<>();
        for (int r = 1; r <= faults; r++) {
            all.add(r);
        }
        return all;
    }

    /** Runs the rounds; the report, printed. */
    Report run() throws Exception {
        // without namespaces, the network faults cannot be made: the others are drawn (a replay says so)
        List<Nemesis.Kind> usable = namespaces ? kinds : kinds.stream().filter(k -> !k.network).toList();
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("every kind asked for needs network namespaces (root): " + kinds);
        }
        Report report = new Report(seed, (kinds.size() == Nemesis.Kind.values().length ? ""
                : " --kinds " + String.join(",", kinds.stream().map(Nemesis.Kind::label).toList()))
                + (namespaces ? "" : " --no-netns"));
        long started = System.currentTimeMillis();
        out.printf("campaign: seed %d, %d rounds, a local cluster of %s with two embedded brokers%s under %s%n", seed,
                rounds.size(), Stage.NODES, namespaces ? ", each machine in a network namespace of its own"
                        : " on this machine's loopback (no network faults: namespaces need root)", home);
        try (Stage stage = Stage.up(home, portBase, namespaces)) {
            Nemesis nemesis = new Nemesis(stage);
            Checker checker = new Checker(stage);
            Oracle oracle = new Oracle(stage);
            boolean settledBefore = true;
            List<String> start = new ArrayList<>(checker.settled());
            start.addAll(checker.newErrors());
            start.forEach(p -> report.violation(0, "start", p));
            for (int round : rounds) {
                if (!start.isEmpty()) {
                    break; // a cluster that never settled proves nothing
                }
                Random random = new Random(seed ^ (round * 0x9E3779B97F4A7C15L));
                Nemesis.Kind kind = Nemesis.Kind.draw(random, usable);
                Nemesis.Hit hit;
                List<String> problems = new ArrayList<>();
                Map<String, Tables.AppRow> before = stage.tables.apps();
                Path rulesBefore = stage.deployed;
                try {
                    hit = nemesis.strike(kind, random);
                    problems.addAll(hit.problems());
                } catch (Exception | AssertionError e) {
                    hit = new Nemesis.Hit(kind, "failed to strike: " + e.getMessage(), System.currentTimeMillis(),
                            System.currentTimeMillis(), List.of(), Optional.empty());
                    problems.add("the fault itself failed: " + e.getMessage());
                }
                try {
                    nemesis.healAll();
                } catch (AssertionError | IllegalStateException e) {
                    problems.add("healing failed: " + e.getMessage());
                }
                problems.addAll(checker.settled());
                long recovery = System.currentTimeMillis() - hit.hitMillis();
                if (settledBefore && problems.isEmpty() && hit.told().isPresent()) {
                    problems.addAll(oracle.compare(rulesBefore, before, hit.told().get()));
                    report.compared();
                }
                settledBefore = problems.isEmpty();
                problems.addAll(checker.twiceSince(hit.hitMillis()));
                problems.addAll(checker.newErrors());
                long outage = checker.longestOutageSince(hit.hitMillis());
                report.round(round, hit, outage, recovery, problems);
                out.printf("round %d: %-27s %-58s outage %5d ms, recovered in %5.1f s (at %s)%s%n", round,
                        kind.label(), hit.what(), outage, recovery / 1000.0,
                        CLOCK.format(java.time.Instant.ofEpochMilli(hit.hitMillis())),
                        problems.isEmpty() ? "" : "  VIOLATIONS: " + problems);
            }
            report.expectedErrors(checker.expectedSeen());
        }
        report.print(out, (System.currentTimeMillis() - started) / 1000);
        return report;
    }

    private static String value(String[] args, int i, String usage) {
        if (i >= args.length) {
            System.err.println("campaign: " + usage + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
