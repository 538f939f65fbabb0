package io.baton.itests.campaign;

import io.baton.api.testing.Await;
import io.baton.itests.cluster.OsWatch;
import io.baton.itests.cluster.Tables;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What must hold, checked against the OS truth rather than against what Baton says of itself:
 * <ul>
 *   <li>never two live copies of an app, at any moment of the whole campaign (the OS sampled every 25 ms);</li>
 *   <li>after each round, settled: every server up, nothing processing, a controller; each app with a running
 *       server and a backup that is up and not the running one; each app running exactly once, where the tables
 *       say;</li>
 *   <li>no ERROR line in a node's log but the reviewed ones ({@link #EXPECTED_ERRORS}), no thread ended by an
 *       exception.</li>
 * </ul>
 */
final class Checker {
    static final Duration SETTLE = Duration.ofSeconds(90);

    /**
     * ERROR lines a fault is expected to cause, each with why it is not a violation. (A decision that a fault
     * overtook is retried by a reconciliation and logged at WARN: not here.)
     */
    static final Map<Pattern, String> EXPECTED_ERRORS = Map.of(
            Pattern.compile("ClientState .*Timed out as no (write )?activity"),
            "Paho's own line when a broker is killed or a node frozen: the connection is dropped and made again");

    private final Stage stage;
    private final Map<String, Long> logOffsets = new HashMap<>();
    private final Map<String, Integer> expectedSeen = new TreeMap<>();

    Checker(Stage stage) {
        this.stage = stage;
    }

    /** Awaits the settled, whole state; the problems found if it does not come within {@link #SETTLE}. */
    List<String> settled() {
        List<String> problems = new ArrayList<>();
        try {
            Await.until("the cluster settled, every app running exactly once where the tables say", SETTLE,
                    () -> unsettled().isEmpty());
        } catch (AssertionError e) {
            problems.add("not settled within " + SETTLE.toSeconds() + " s: " + String.join("; ", unsettled()));
        }
        return problems;
    }

    /** Why the cluster is not settled and whole now; empty when it is. */
    List<String> unsettled() {
        Tables t = stage.tables;
        List<String> why = new ArrayList<>();
        for (String n : Stage.NODES) {
            if (!"up".equals(t.serverState(n))) {
                why.add(n + " is " + t.serverState(n));
            }
        }
        if (t.controller() == null) {
            why.add("no controller");
        }
        if (!t.settled()) {
            why.add("processing");
        }
        Map<String, Tables.AppRow> apps = t.apps();
        Map<String, List<String>> expected = new TreeMap<>();
        for (String app : Stage.APPS) {
            Tables.AppRow row = apps.get(app);
            if (row == null || row.running() == null) {
                why.add(app + " runs nowhere in the tables");
                expected.put(app, List.of());
                continue;
            }
            expected.put(app, List.of(row.running()));
            if (row.backup() == null || row.backup().equals(row.running()) || !"up".equals(t.serverState(row.backup()))) {
                why.add(app + " has no usable backup (" + row.running() + "/" + row.backup() + ")");
            }
        }
        Map<String, List<String>> real = stage.processes.placement(Stage.APPS);
        if (!real.equals(expected)) {
            why.add("the OS runs " + real + " where the tables say " + expected);
        }
        if (why.isEmpty()) {
            // the tables can settle while connections still heal (a cut's TCP connections time out and are made
            // again seconds later): the next round starts from a cluster whose every link is back, or it is two faults
            why.addAll(stage.unhealedLinks());
        }
        return why;
    }

    /** Every moment since {@code fromMillis} at which an app ran twice. */
    List<String> twiceSince(long fromMillis) {
        List<String> problems = new ArrayList<>();
        for (OsWatch.Interval i : stage.watch.twice()) {
            if (i.toMillis() >= fromMillis) {
                problems.add("two copies: " + i);
            }
        }
        return problems;
    }

    /** The longest time any app ran nowhere, among the intervals that ended after {@code fromMillis}. */
    long longestOutageSince(long fromMillis) {
        return stage.watch.stopped().stream().filter(i -> i.toMillis() >= fromMillis).mapToLong(OsWatch.Interval::millis)
                .max().orElse(0);
    }

    /** ERROR lines and dead threads logged by the nodes since the last call, less the expected ones. */
    List<String> newErrors() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String n : Stage.NODES) {
            for (String line : newLines(n, stage.cluster.nodeDir(n).resolve("data/log/karaf.log"))) {
                boolean error = line.contains("| ERROR |") || line.contains("Exception in thread");
                if (!error) {
                    continue;
                }
                Pattern known = EXPECTED_ERRORS.keySet().stream().filter(p -> p.matcher(line).find()).findFirst()
                        .orElse(null);
                if (known != null) {
                    expectedSeen.merge(known.pattern(), 1, Integer::sum);
                } else {
                    problems.add("ERROR on " + n + ": " + (line.length() > 400 ? line.substring(0, 400) + "…" : line));
                }
            }
        }
        return problems;
    }

    /** How often each expected ERROR line was seen. */
    Map<String, Integer> expectedSeen() {
        return expectedSeen;
    }

    private List<String> newLines(String node, Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        long size = Files.size(log);
        long from = logOffsets.getOrDefault(node, 0L);
        if (size < from) {
            from = 0; // rolled over
        }
        byte[] bytes;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(from);
            bytes = new byte[(int) (size - from)];
            file.readFully(bytes);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        logOffsets.put(node, from + text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
        return end == 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }
}
