package io.baton.itests.campaign;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a campaign found: faults by kind with the longest outage of an app per round (the takeover, p50 and p99) and
 * the time to recover (fault, heal and settle), and every violation with the seed and round that replay it.
 */
final class Report {
    /** A violation: its round (0: before the first) and what was wrong. */
    record Violation(int round, String fault, String problem) {
    }

    private final long seed;
    private final Map<Nemesis.Kind, List<Long>> outages = new EnumMap<>(Nemesis.Kind.class);
    private final Map<Nemesis.Kind, List<Long>> recoveries = new EnumMap<>(Nemesis.Kind.class);
    private final List<Violation> violations = new ArrayList<>();
    private Map<String, Integer> expectedErrors = Map.of();
    private int faults;
    private int compared; // rounds whose settled tables were compared with the simulator's

    private final String replayArgs;

    /** @param replayArgs what a replay command needs besides the seed and round (the kinds drawn from), or "" */
    Report(long seed, String replayArgs) {
        this.seed = seed;
        this.replayArgs = replayArgs;
    }

    void round(int round, Nemesis.Hit hit, long outageMillis, long recoveryMillis, List<String> problems) {
        faults++;
        outages.computeIfAbsent(hit.kind(), k -> new ArrayList<>()).add(outageMillis);
        recoveries.computeIfAbsent(hit.kind(), k -> new ArrayList<>()).add(recoveryMillis);
        problems.forEach(p -> violation(round, hit.kind().label() + " (" + hit.what() + ")", p));
    }

    void violation(int round, String fault, String problem) {
        violations.add(new Violation(round, fault, problem));
    }

    void expectedErrors(Map<String, Integer> seen) {
        this.expectedErrors = Map.copyOf(seen);
    }

    List<Violation> violations() {
        return List.copyOf(violations);
    }

    int faults() {
        return faults;
    }

    /** A round's settled tables were compared with what the simulator says of its events. */
    void compared() {
        compared++;
    }

    int comparedRounds() {
        return compared;
    }

    void print(PrintStream out, long seconds) {
        out.printf("%nfaults by kind (outage: the longest time an app ran nowhere in the round, on the OS; recovery: from"
                + " the fault, its heal included, to settled with every app running exactly once where the tables"
                + " say)%n");
        out.printf("  %-28s %6s %12s %12s %12s %12s%n", "kind", "faults", "outage p50", "outage p99", "recovery p50",
                "recovery p99");
        for (Nemesis.Kind kind : Nemesis.Kind.values()) {
            List<Long> o = outages.getOrDefault(kind, List.of());
            if (o.isEmpty()) {
                continue;
            }
            List<Long> s = recoveries.get(kind);
            out.printf("  %-28s %6d %9d ms %9d ms %10.1f s %10.1f s%n", kind.label(), o.size(), percentile(o, 50),
                    percentile(o, 99), percentile(s, 50) / 1000.0, percentile(s, 99) / 1000.0);
        }
        if (!expectedErrors.isEmpty()) {
            out.printf("expected ERROR lines (reviewed, see Checker):%n");
            new TreeMap<>(expectedErrors).forEach((pattern, n) -> out.printf("  %5d  %s%n", n, pattern));
        }
        out.printf("compared with the simulator: %d rounds (those whose events it can be told)%n", compared);
        Map<String, Integer> byKind = new TreeMap<>();
        violations.forEach(v -> byKind.merge(kindOf(v.problem()), 1, Integer::sum));
        out.printf("violations by kind: %s%n", byKind.isEmpty() ? "none" : byKind);
        for (Violation v : violations) {
            out.printf("  round %d, %s: %s%n    replay: -Dexec.args=\"--replay %d %d%s\"%n", v.round(), v.fault(),
                    v.problem(), seed, v.round(), replayArgs);
        }
        out.printf("seed %d, %d s%n", seed, seconds);
        out.printf("campaign: %d faults, %d violations%n", faults, violations.size());
    }

    private static String kindOf(String problem) {
        int colon = problem.indexOf(':');
        String head = colon < 0 ? problem : problem.substring(0, colon);
        return head.startsWith("not settled") ? "not settled" : head.startsWith("not whole") ? "not whole"
                : head.startsWith("ERROR") ? "ERROR line" : head;
    }

    /** The nearest-rank percentile. */
    static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
