package io.baton.itests.cluster;

import io.baton.api.testing.Await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The failover benchmark of issue 4, a harness that prints its figures (not a test: run it by hand,
 * see README). On a real three-node local cluster with the embedded broker and the native cluster
 * manager it repeats:
 * <ul>
 *   <li>kill -9 of a node (not the controller) that runs an app: time to the app's process running
 *       on its backup (the process's own timestamp), and to the backups being re-planned in the
 *       tables; then the node is started again;</li>
 *   <li>a graceful detach of such a node: time from the request reaching the broker to the app
 *       running on its backup; then it is attached again.</li>
 * </ul>
 * Each kill or detach waits until the cluster is idle (its JVMs used at most 20% of a core over the last
 * second), so that it times the takeover, not the tail of the previous node's start. Also prints
 * {@code baton up}'s time and each node's RSS, and checks after each kill that the dead node's copy of the app
 * was killed (its watchdog). Arguments: {@code [kills] [detaches]}, default 20 and 20. With
 * {@code -Dbaton.benchmark.sockets=true} it also watches the killed node's connection to the broker
 * ({@link BrokerLink}) to split kill -> Will into the kernel's teardown and the broker, at a CPU cost that slows
 * the takeovers it times.
 */
public final class FailoverBenchmark {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(1);
    private static final long IDLE_TICKS = 20; // 200 ms of CPU in the window: 20% of a core (a quiet cluster: ~8%)
    private static final Set<String> APPS = Set.of("a1", "a2", "a3");
    /** After a broker in use is killed, a node is killed this much later: the takeover must work again by then. */
    private static final Duration BROKER_TO_NODE_KILL = Duration.ofMillis(2000);

    private FailoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int detaches = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int brokerKills = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path home = Path.of(System.getProperty("baton.work", "target/benchmark")).toAbsolutePath();
        int portBase = Integer.parseInt(System.getProperty("baton.benchmark.portBase", "18950"));
        if (Files.exists(home.resolve("nodes"))) {
            new LocalCluster(home, portBase, Map.of()).down();
        }
        TakeoverScenarios.deleteTree(home);
        Files.createDirectories(home);
        AppProcesses processes = new AppProcesses(home.resolve("apps"));
        Path rules = home.resolve("rules.json");
        Files.writeString(rules, "{\"cluster\": \"local\", \"servers\": [\"n1\", \"n2\", \"n3\"], \"apps\": {"
                + "\"a1\": {\"command\": \"" + processes.command("a1") + "\"}, "
                + "\"a2\": {\"command\": \"" + processes.command("a2") + "\"}, "
                + "\"a3\": {\"command\": \"" + processes.command("a3") + "\"}}}");
        // /proc/net/tcp6 read every half millisecond costs CPU that the takeover then lacks: a diagnostic run only
        boolean watchSockets = Boolean.getBoolean("baton.benchmark.sockets");
        LocalCluster cluster = new LocalCluster(home, portBase, Map.of());
        long upStart = System.nanoTime();
        cluster.up("--no-load", "--rules", rules.toString());
        Duration up = Duration.ofNanos(System.nanoTime() - upStart);
        System.out.printf(Locale.ROOT, "baton up (3 nodes, 2 embedded brokers, all apps running): %.1f s%n",
                up.toMillis() / 1000.0);

        List<Double> takeover = new ArrayList<>();
        List<Double> replanned = new ArrayList<>();
        List<Double> closed = new ArrayList<>();
        List<Double> brokerClosed = new ArrayList<>();
        List<Double> detected = new ArrayList<>();
        List<Double> afterWill = new ArrayList<>();
        List<Double> detach = new ArrayList<>();
        List<Double> quorateAgain = new ArrayList<>();
        List<Double> takeoverAfterBroker = new ArrayList<>();
        long appDowntimeSamples = 0;
        try (Tables tables = new Tables(List.of("tcp://127.0.0.1:" + portBase, "tcp://127.0.0.1:" + (portBase + 12)),
                "local", "baton", cluster.brokerPassword())) {
            for (int i = 1; i <= kills; i++) {
                settle(tables);
                idle(cluster);
                String controller = tables.controller();
                String app = appNotOn(tables, controller);
                Tables.AppRow row = tables.apps().get(app);
                String victim = row.running();
                String backup = row.backup();
                long pid = cluster.pid(victim);
                long t0 = epochNanos();
                BrokerLink link = watchSockets ? BrokerLink.of(pid, portBase) : null;
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                Optional<BrokerLink.Closing> closing = watchSockets ? Optional.of(link.awaitClosing(WAIT)) : Optional.empty();
                AppProcesses.Event started = awaitStart(processes, app, backup, t0);
                Await.until("backups of " + victim + "'s apps re-planned", WAIT, () -> replannedWithout(tables, victim));
                long replannedAt = epochNanos();
                // safety, not speed: the dead node's watchdog has killed its copy (not timed here)
                Await.until(app + " running once, " + victim + "'s copy killed by its watchdog", WAIT,
                        () -> processes.running(app).values().stream().mapToInt(Set::size).sum() == 1);
                long offlineAt = tables.offlineSince(victim);
                if (offlineAt >= t0) {
                    detected.add((offlineAt - t0) / 1e6);
                    afterWill.add((started.epochNanos() - offlineAt) / 1e6);
                }
                closing.ifPresent(c -> {
                    closed.add((c.closedEpochNanos() - t0) / 1e6);
                    brokerClosed.add((c.brokerClosedEpochNanos() - t0) / 1e6);
                });
                takeover.add((started.epochNanos() - t0) / 1e6);
                replanned.add((replannedAt - t0) / 1e6);
                System.out.printf(Locale.ROOT, "kill %2d at %s: %s (ran %s) -> running on %s after %.1f ms (%sWill seen"
                        + " after %s), re-planned after %.1f ms%n", i, Instant.ofEpochSecond(0, t0), victim, app, backup,
                        takeover.get(takeover.size() - 1), closing.map(c -> String.format(Locale.ROOT, "its connection"
                                + " %s after %.1f ms, closed by the broker after %.1f ms, ", c.reset() ? "reset" : "closed",
                                closed.get(closed.size() - 1), brokerClosed.get(brokerClosed.size() - 1))).orElse(""),
                        offlineAt >= t0 ? String.format(Locale.ROOT, "%.1f ms", (offlineAt - t0) / 1e6) : "?",
                        replanned.get(replanned.size() - 1));
                cluster.start(victim);
            }
            for (int i = 1; i <= detaches; i++) {
                settle(tables);
                idle(cluster);
                String controller = tables.controller();
                String app = appNotOn(tables, controller);
                Tables.AppRow row = tables.apps().get(app);
                String victim = row.running();
                String backup = row.backup();
                long before = epochNanos();
                cluster.shell(controller, "baton:detach " + victim);
                long requestAt = tables.lastRequestEpochNanos();
                if (requestAt < before) {
                    throw new AssertionError("the detach request was not seen on the broker");
                }
                AppProcesses.Event started = awaitStart(processes, app, backup, requestAt);
                detach.add((started.epochNanos() - requestAt) / 1e6);
                System.out.printf(Locale.ROOT, "detach %2d: %s (ran %s) -> running on %s %.1f ms after the request%n",
                        i, victim, app, backup, detach.get(detach.size() - 1));
                cluster.shell(controller, "baton:attach " + victim);
            }
            for (int i = 1; i <= brokerKills; i++) {
                settle(tables);
                idle(cluster);
                String controller = tables.controller();
                String app = appNotOn(tables, controller);
                Tables.AppRow row = tables.apps().get(app);
                String victim = row.running();
                String backup = row.backup();
                String inUse = brokerInUse(cluster, portBase);
                long brokerPid = cluster.pid(inUse);
                List<OsWatch.Interval> stopped;
                long t0;
                try (OsWatch watch = new OsWatch(processes, APPS)) {
                    t0 = epochNanos();
                    ProcessHandle.of(brokerPid).orElseThrow().destroyForcibly();
                    Thread.sleep(BROKER_TO_NODE_KILL.toMillis());
                    stopped = watch.stopped();
                }
                long t1 = epochNanos();
                ProcessHandle.of(cluster.pid(victim)).orElseThrow().destroyForcibly();
                AppProcesses.Event started = awaitStart(processes, app, backup, t1);
                takeoverAfterBroker.add((started.epochNanos() - t1) / 1e6);
                appDowntimeSamples += stopped.size();
                double quorate = quorateAgainMillis(home, t0);
                quorateAgain.add(quorate);
                System.out.printf(Locale.ROOT, "broker kill %d at %s (%s): every node quorate on the other broker after %.0f"
                        + " ms; apps stopped meanwhile: %s; %s killed %d ms after the broker: %s on %s after %.1f ms%n", i,
                        Instant.ofEpochSecond(0, t0), inUse, quorate, stopped.isEmpty() ? "none" : stopped, victim,
                        BROKER_TO_NODE_KILL.toMillis(), app, backup, takeoverAfterBroker.get(takeoverAfterBroker.size() - 1));
                Await.until(app + " running once", WAIT, () -> processes.running(app).values().stream()
                        .mapToInt(Set::size).sum() == 1);
                cluster.start(victim);
                cluster.start("broker");
            }
            settle(tables);
            System.out.println();
            System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                    + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                    + System.getProperty("java.version") + " (harness)");
            System.out.println("each kill and detach waited until the cluster was idle (its JVMs at most 20% of a core over 1 s)");
            summary("kill -9 -> app running on its backup", takeover);
            summary("  of which: kill -9 -> its connection closed", closed);
            summary("  of which: kill -9 -> the broker closed its end", brokerClosed);
            summary("  of which: kill -9 -> Will seen on the broker", detected);
            summary("  of which: Will seen -> app running", afterWill);
            summary("kill -9 -> backups re-planned", replanned);
            summary("graceful detach -> app running on its backup", detach);
            summary("kill -9 of the broker in use -> every node quorate again", quorateAgain);
            summary("node killed " + BROKER_TO_NODE_KILL.toMillis() + " ms after it -> app on backup", takeoverAfterBroker);
            if (brokerKills > 0) {
                System.out.printf(Locale.ROOT, "apps that ran nowhere while the broker in use died: %d intervals over %d "
                        + "broker kills%n", appDowntimeSamples, brokerKills);
            }
            for (String node : TakeoverScenarios.NODES) {
                System.out.printf(Locale.ROOT, "RSS of node %s: %d MiB%n", node, rssKiB(cluster.pid(node)) / 1024);
            }
            // a killed node whose connection ends with a reset instead of a close: the broker's slower exception path
            System.out.printf(Locale.ROOT, "connections the brokers saw reset (not closed): %d, over %d kills%n",
                    resetsLogged(home.resolve("broker1/data/log/karaf.log"))
                            + resetsLogged(home.resolve("broker2/data/log/karaf.log")), kills);
        } finally {
            cluster.down();
        }
    }

    /** The embedded broker the nodes keep their tables on, as {@code baton status --json} of a live node says. */
    private static String brokerInUse(LocalCluster cluster, int portBase) {
        for (com.google.gson.JsonElement b : cluster.statusJson().getAsJsonObject("membership").getAsJsonArray("brokers")) {
            com.google.gson.JsonObject broker = b.getAsJsonObject();
            if (broker.get("inUse").getAsBoolean()) {
                return broker.get("url").getAsString().endsWith(":" + portBase) ? "broker1" : "broker2";
            }
        }
        throw new AssertionError("no broker in use");
    }

    /**
     * When every node said it was quorate again after the moment (epoch ns), from the nodes' logs ("quorate: it may
     * act", millisecond timestamps), in ms after it.
     */
    private static double quorateAgainMillis(Path home, long afterEpochNanos) throws IOException {
        Await.until("every node quorate again", WAIT, () -> TakeoverScenarios.NODES.stream().allMatch(n ->
                quorateAt(home, n, afterEpochNanos) > 0));
        long latest = 0;
        for (String n : TakeoverScenarios.NODES) {
            latest = Math.max(latest, quorateAt(home, n, afterEpochNanos));
        }
        return (latest - afterEpochNanos) / 1e6;
    }

    /** The first "quorate: it may act" of a node's log after the moment (epoch ns), 0 when none. */
    private static long quorateAt(Path home, String node, long afterEpochNanos) {
        try (var lines = Files.lines(home.resolve(node).resolve("data/log/karaf.log"))) {
            return lines.filter(l -> l.contains("quorate: it may act")).map(l -> logTime(l.substring(0, 23)))
                    .filter(t -> t > afterEpochNanos).findFirst().orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long logTime(String stamp) {
        // 2026-12-07T04:13:21,180 in the machine's zone
        java.time.LocalDateTime t = java.time.LocalDateTime.parse(stamp.replace(',', '.'));
        Instant at = t.atZone(java.time.ZoneId.systemDefault()).toInstant();
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** The lines of the broker's log for a connection reset by its peer (Moquette logs each at ERROR). */
    private static long resetsLogged(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("Connection reset")).count();
        }
    }

    private static void settle(Tables tables) {
        Await.until("the cluster settled with every node up", WAIT, () -> tables.settled() && tables.controller() != null
                && TakeoverScenarios.NODES.stream().allMatch(n -> "up".equals(tables.serverState(n)))
                && tables.apps().values().stream().allMatch(r -> r.running() != null && r.backup() != null));
    }

    /**
     * Waits until the cluster's JVMs (nodes and broker) together used at most 5% of one core over the last second:
     * each kill then times a takeover, not a takeover competing with the start of the node restarted just before.
     */
    private static void idle(LocalCluster cluster) {
        List<String> jvms = new ArrayList<>(TakeoverScenarios.NODES);
        jvms.add("broker1");
        jvms.add("broker2");
        List<long[]> samples = new ArrayList<>(); // {nanoTime, CPU ticks}
        Await.until("the cluster idle (at most 20% of a core over 1 s)", WAIT, () -> {
            long now = System.nanoTime();
            long ticks = 0;
            for (String jvm : jvms) {
                ticks += cpuTicks(cluster.pid(jvm));
            }
            samples.add(new long[] {now, ticks});
            while (samples.size() > 1 && now - samples.get(1)[0] >= IDLE_WINDOW.toNanos()) {
                samples.remove(0); // the first sample stays the newest one a window old
            }
            long[] first = samples.get(0);
            return now - first[0] >= IDLE_WINDOW.toNanos() && ticks - first[1] <= IDLE_TICKS;
        });
    }

    /** User + system CPU time of a process, in clock ticks (1/100 s on Linux). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String appNotOn(Tables tables, String controller) {
        return tables.apps().entrySet().stream().filter(e -> !controller.equals(e.getValue().running()))
                .map(Map.Entry::getKey).sorted().findFirst()
                .orElseThrow(() -> new AssertionError("every app runs on the controller " + controller));
    }

    private static boolean replannedWithout(Tables tables, String victim) {
        return tables.settled() && tables.apps().values().stream()
                .allMatch(r -> r.running() != null && !victim.equals(r.running()) && !victim.equals(r.backup()));
    }

    private static AppProcesses.Event awaitStart(AppProcesses processes, String app, String node, long after) {
        AppProcesses.Event[] found = new AppProcesses.Event[1];
        Await.until(app + " started on " + node, WAIT, () -> (found[0] = processes.startedAfter(app, node, after)) != null);
        return found[0];
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static long rssKiB(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void summary(String what, List<Double> millis) {
        if (millis.isEmpty()) {
            return;
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-46s n=%d  min %.1f  p50 %.1f  p99 %.1f  max %.1f ms%n", what, sorted.size(),
                sorted.get(0), percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
