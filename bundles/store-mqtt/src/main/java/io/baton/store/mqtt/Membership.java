package io.baton.store.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Who is in the cluster and whether this node may act, from the heartbeats ({@link Beat}) every node sends through
 * every broker it reaches. Pure: no I/O, time from the given clock; the store feeds it and publishes what it says.
 * Store thread only.
 *
 * <p><b>Lease.</b> Each beat acknowledges the latest beat heard directly from every other node. This node's lease
 * runs until the sending time of its latest beat that a quorum acknowledged, plus the lease time {@code Q}; the
 * node fences (stops its apps) when it runs out. A quorum is a majority of the rule file's servers, or exactly half
 * of them holding the first server in priority order.
 *
 * <p><b>Departure.</b> A node's apps may be taken over once its current run has departed (a node declares runs only
 * while it hears a quorum, itself included: one cut off says nothing of the others):
 * <ul>
 *   <li>its connections to every broker its latest beat listed closed (their Wills, for the connection ids that
 *       beat named), each confirmed by a round trip of this node's own beat through that broker after the Will.
 *       A live node never closes such a connection (only its death, or the broker's keepalive after 1.5 x the
 *       keepalive of silence, which is longer than {@code Q}, does);</li>
 *   <li>or a quorum has declared that run departed, and {@code Q} plus a margin has passed since the latest of
 *       those declarations in that quorum reached this node. A node declares a run once it has learned nothing new
 *       of it for {@code Q}, and never acknowledges that run again: so after the wait no quorum can acknowledge it,
 *       and its lease has run out;</li>
 *   <li>or a newer run of that node is heard (it restarted, or it fenced and came back).</li>
 * </ul>
 * A node whose lease ran out, or whose run a node declared while it holds none, starts a new run, so that it can
 * be acknowledged again. After gaining a lease a node waits {@link Timing#establish()} before it acts, long enough
 * for the others to see a new run and take the old one's apps over.
 *
 * <p><b>Acting.</b> A node is quorate (may act) while it is leased, past that wait, and a quorum's fresh beats say
 * they use the same broker for the shared tables as it does; a node that moves its tables to another broker says so
 * only {@link Timing#quarantine()} after it last claimed the old one, so no node is counted on two brokers at once.
 */
final class Membership {

    /** The timing: the lease time and the beat interval; the rest follows from them. */
    record Timing(Duration lease, Duration beat) {
        Timing {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(beat, "beat");
            if (beat.isNegative() || beat.isZero() || lease.compareTo(beat.multipliedBy(4)) < 0) {
                throw new IllegalArgumentException("the lease (" + lease.toMillis() + " ms) must be at least four "
                        + "beats (" + beat.toMillis() + " ms)");
            }
        }

        long leaseNanos() {
            return lease.toNanos();
        }

        /** How long a beat's standing (broker, quorate) counts: three beats. */
        long fresh() {
            return beat.toNanos() * 3;
        }

        /** Added to every wait on another node's clock-free guarantee: two beats. */
        long margin() {
            return beat.toNanos() * 2;
        }

        /** How long a node says no broker before it names a new one. */
        long quarantine() {
            return fresh() + beat.toNanos();
        }

        /** How long a node waits after gaining its lease before it acts, and a new run counts as established. */
        long establish() {
            return beat.toNanos() * 2;
        }
    }

    /** What a node last heard directly from another: the other's run and the highest beat number of that run. */
    record Heard(long run, long seq) {
    }

    /**
     * A declaration: the sender will never acknowledge that run again.
     *
     * @param run the run declared, 0 for any run (the sender has heard none since it started)
     * @param age how long before the beat the sender last learned anything new of it (ms): the sender's
     *            acknowledgements cannot keep that run's lease beyond that moment plus the lease time
     */
    record Declared(long run, long age) {
    }

    /**
     * One heartbeat.
     *
     * @param run      the sender's run (a new one at every start and after every lapse of its lease)
     * @param links    the brokers (by index in the configured list) whose connection answers, with that
     *                 connection's id (its Will names it)
     * @param data     the broker whose shared tables the sender is in step with, or -1
     * @param heard    the acknowledgements: for every node heard directly, its run and highest beat number
     * @param departed the runs the sender has declared departed
     */
    record Beat(String node, long run, long seq, Map<Integer, String> links, int data, boolean quorate,
                Map<String, Heard> heard, Map<String, Declared> departed) {
        Beat {
            Objects.requireNonNull(node, "node");
            links = Collections.unmodifiableMap(new TreeMap<>(links));
            heard = Collections.unmodifiableMap(new TreeMap<>(heard));
            departed = Collections.unmodifiableMap(new TreeMap<>(departed));
        }
    }

    /** What the store publishes: changes only with its values. */
    record View(boolean leased, boolean quorate, Set<String> live, Set<String> departed,
                Map<String, Standing> standings) {
    }

    /** A node's standing as its latest fresh beat says; {@code data} -1 when in step with no broker. */
    record Standing(int data, boolean quorate) {
    }

    private static final class Peer {
        long run;            // the newest run known, 0 when none
        long firstLearned;   // when that run was first learned
        long maxSeq;         // its highest beat number learned, directly or from another's acknowledgements
        long learned;        // when the last new beat number (or the run) was learned
        long previousRun;    // the run it replaced, 0 when none
        long ackSeq;         // its highest beat number heard directly: what this node acknowledges
        Beat last;           // its latest beat heard directly (of the current run)
        long lastAt;
        long declaredRun = -1; // this node's declaration for it, -1 when none (0: any run)
        long declaredAt;
        final Map<String, Long> declaredBy = new HashMap<>(); // declarer -> latest moment its acks can count
        final Map<Integer, Will> wills = new HashMap<>();
    }

    private record Will(String conn, long seenAt) {
    }

    private final String me;
    private final Timing timing;
    private final LongSupplier clock;
    private final long started;

    private List<String> servers = List.of();
    private long run;
    private long seq;
    private final TreeMap<Long, Long> sentAt = new TreeMap<>(); // this run's beat number -> when sent
    private final Map<Integer, Long> echoed = new HashMap<>();  // link -> send time of the latest beat echoed on it
    private long deadline;
    private boolean held;        // the lease holds as of the last evaluation
    private boolean everHeld;
    private long heldSince;
    private int claimed = -1;    // the broker the beats name
    private long lastClaimAt;    // when a beat last named a broker other than -1
    private int lastClaimed = -1;
    private long listeningSince = -1; // since when beats reach this node (-1: they do not)
    private long lastEvaluated;
    private final Map<String, Peer> peers = new HashMap<>();

    Membership(String me, Timing timing, LongSupplier clock, long run) {
        this.me = Objects.requireNonNull(me, "me");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.clock = clock;
        this.started = clock.getAsLong();
        this.run = run;
    }

    /** The rule file's servers in priority order: who counts for a quorum. */
    void servers(List<String> ruleServers) {
        servers = List.copyOf(ruleServers);
    }

    List<String> servers() {
        return servers;
    }

    long run() {
        return run;
    }

    /** Whether the other nodes' beats can reach this node now (its link to the tables' broker is up). */
    void listening(boolean now) {
        if (now && listeningSince < 0) {
            listeningSince = clock.getAsLong();
        } else if (!now) {
            listeningSince = -1;
        }
    }

    Timing timing() {
        return timing;
    }

    /**
     * The next beat to send (its number and time are recorded).
     *
     * @param links this node's brokers whose connection answers, with the connection ids
     * @param data  the broker whose tables this node is in step with, or -1
     */
    Beat beat(Map<Integer, String> links, int data) {
        long now = clock.getAsLong();
        evaluate(now);
        long number = ++seq;
        sentAt.put(number, now);
        sentAt.headMap(number, true).keySet().removeIf(s -> now - sentAt.get(s) > timing.leaseNanos() * 2);
        int claim = data;
        if (data >= 0 && data != lastClaimed && lastClaimed >= 0 && now - lastClaimAt < timing.quarantine()) {
            claim = -1; // it claimed another broker too recently
        }
        if (claim >= 0) {
            lastClaimed = claim;
            lastClaimAt = now;
        }
        claimed = claim;
        Map<String, Heard> heard = new TreeMap<>();
        Map<String, Declared> departed = new TreeMap<>();
        peers.forEach((node, p) -> {
            // a departed node is not passed on: a node that did not see it go must not take it for alive
            if (p.run != 0 && p.ackSeq > 0 && p.declaredRun != p.run && !departed(p, now)) {
                heard.put(node, new Heard(p.run, p.ackSeq));
            }
            if (p.declaredRun == 0) {
                departed.put(node, new Declared(0, 0));
            } else if (p.declaredRun > 0) {
                departed.put(node, new Declared(p.declaredRun, Math.max(0, (now - p.learned) / 1_000_000)));
            }
        });
        return new Beat(me, run, number, links, claim, quorate(now), heard, departed);
    }

    /** The broker this node's beats name now (-1 while in quarantine or in step with none). */
    int claimed() {
        return claimed;
    }

    /** A beat from another node, as the store's broker delivered it. Own beats are ignored here. */
    void receive(Beat b) {
        if (b.node().equals(me)) {
            return;
        }
        long now = clock.getAsLong();
        Peer p = peer(b.node());
        if (b.run() < p.run) {
            return; // a beat of an older run, late
        }
        learn(p, b.run(), b.seq(), now);
        if (p.declaredRun != b.run()) {
            p.ackSeq = Math.max(p.ackSeq, b.seq());
        }
        if (p.last == null || b.seq() >= p.last.seq() || p.last.run() != b.run()) {
            p.last = b;
            p.lastAt = now;
        }
        b.heard().forEach((node, heard) -> {
            if (!node.equals(me)) {
                learn(peer(node), heard.run(), heard.seq(), now);
            }
        });
        b.departed().forEach((node, declared) -> {
            Peer about = node.equals(me) ? null : peer(node);
            if (about != null && (declared.run() == 0 || declared.run() == about.run)) {
                // its acks of that run stopped by the time it last learned of it (an upper bound on this clock)
                long bound = declared.run() == 0 ? now : now - declared.age() * 1_000_000;
                about.declaredBy.putIfAbsent(b.node(), bound);
            }
        });
        Declared mine = b.departed().get(me);
        if (mine != null && (mine.run() == 0 || mine.run() == run) && !held && servers.contains(b.node())) {
            reincarnate(now, b.node() + " declared this node's run " + run + " departed");
        }
    }

    /** This node's own beat came back through the broker of link {@code link}. */
    void echoed(int link, long echoedRun, long echoedSeq) {
        if (echoedRun != run) {
            return;
        }
        Long at = sentAt.get(echoedSeq);
        if (at != null) {
            echoed.merge(link, at, Math::max);
        }
    }

    /** The send time of the latest own beat echoed on the link, if any: the broker was alive after it. */
    Optional<Long> lastEcho(int link) {
        return Optional.ofNullable(echoed.get(link));
    }

    /** A Will on link {@code link}: the broker closed that node's connection {@code conn}. */
    void will(int link, String node, String conn) {
        if (node.equals(me)) {
            return;
        }
        peer(node).wills.put(link, new Will(conn, clock.getAsLong()));
    }

    /** Re-reads the time-based state: declarations due, the lease running out. Returns what the store shows. */
    View view() {
        long now = clock.getAsLong();
        evaluate(now);
        boolean quorate = quorate(now);
        Set<String> live = new TreeSet<>();
        Set<String> departed = new TreeSet<>();
        Map<String, Standing> standings = new TreeMap<>();
        live.add(me);
        standings.put(me, new Standing(claimed, quorate));
        Set<String> names = new TreeSet<>(servers);
        names.addAll(peers.keySet());
        names.remove(me);
        for (String node : names) {
            Peer p = peers.get(node);
            if (departed(p, now)) {
                departed.add(node);
            } else if (p != null && p.run != 0 && now - p.firstLearned >= timing.establish()
                    && (servers.contains(node) || now - p.learned <= timing.leaseNanos() + timing.margin())) {
                // a silent server stays a member until it has departed; a node outside the rules until it is silent
                live.add(node);
            }
            if (p != null && p.last != null && p.last.run() == p.run && now - p.lastAt <= timing.fresh()) {
                standings.put(node, new Standing(p.last.data(), p.last.quorate()));
            }
        }
        // only a quorate node may act on a departure; one that is not waits (the node stays out of the members)
        return new View(held, quorate, live, quorate ? departed : Set.of(), standings);
    }

    /**
     * The broker for the shared tables: the first, in priority order, that this node and a quorum say they reach (in
     * fresh beats, this node's own links included); else the first this node reaches, where it keeps hearing the
     * others' beats (so its lease) though it cannot act; -1 when it reaches none.
     */
    int choose(int brokers, Set<Integer> mine) {
        long now = clock.getAsLong();
        for (int i = 0; i < brokers; i++) {
            if (!mine.contains(i)) {
                continue;
            }
            List<Integer> reaching = new ArrayList<>();
            if (mine.contains(i) && servers.contains(me)) {
                reaching.add(servers.indexOf(me));
            }
            for (Map.Entry<String, Peer> e : peers.entrySet()) {
                Peer p = e.getValue();
                int index = servers.indexOf(e.getKey());
                if (index >= 0 && p.last != null && p.last.run() == p.run && now - p.lastAt <= timing.fresh()
                        && p.last.links().containsKey(i)) {
                    reaching.add(index);
                }
            }
            if (isQuorum(reaching)) {
                return i;
            }
        }
        return mine.stream().mapToInt(Integer::intValue).min().orElse(-1);
    }

    /**
     * Whether this node's beats are to be kept to itself now: for two beats after its lease ran out, while its apps
     * are being stopped (a beat of its new run would let the others take them over before they are).
     */
    boolean quiet() {
        return quieting && clock.getAsLong() - quietUntil < 0;
    }

    /** When the lease runs out ({@link System#nanoTime()} scale of the clock); in the past when it has. */
    long deadline() {
        return deadline;
    }

    // ---- the rules ----

    private void evaluate(long now) {
        if (lastEvaluated != 0 && now - lastEvaluated > timing.fresh() && listeningSince >= 0) {
            // this node stood still (a frozen JVM, a long pause): it heard nothing meanwhile, which says nothing of
            // the others, so its silence counts from now
            listeningSince = now;
        }
        lastEvaluated = now;
        renewLease(now);
        boolean holds = everHeld && now - deadline < 0;
        if (holds && !held) {
            heldSince = now;
        }
        if (held && !holds) {
            held = false;
            reincarnate(now, "its lease ran out");
            // a new run heard tells the others the old one is gone, and they take its apps over at once: so it is
            // heard only once the old run's apps are surely stopped (SIGTERM at the lease's end, the watchdog's
            // SIGKILL 100 ms later)
            quieting = true;
            quietUntil = now + timing.margin();
        }
        held = holds;
        declare(now);
    }

    private void renewLease(long now) {
        List<long[]> acks = new ArrayList<>(); // {send time of the acknowledged beat, server index}
        if (servers.contains(me) && !sentAt.isEmpty()) {
            acks.add(new long[]{sentAt.lastEntry().getValue(), servers.indexOf(me)});
        }
        peers.forEach((node, p) -> {
            int index = servers.indexOf(node);
            if (index < 0 || p.last == null) {
                return;
            }
            Heard heard = p.last.heard().get(me);
            Long at = heard == null || heard.run() != run ? null : sentAt.get(heard.seq());
            if (at != null) {
                acks.add(new long[]{at, index});
            }
        });
        acks.sort(Comparator.comparingLong((long[] a) -> a[0]).reversed());
        List<Integer> prefix = new ArrayList<>();
        for (long[] ack : acks) {
            prefix.add((int) ack[1]);
            if (isQuorum(prefix)) {
                long until = ack[0] + timing.leaseNanos();
                if (!everHeld || until - deadline > 0) {
                    deadline = until;
                }
                everHeld = true;
                return;
            }
        }
    }

    /**
     * Declares every run this node has learned nothing new of for the lease time while it could hear (and any run
     * of a server it has heard nothing of since then).
     */
    private void declare(long now) {
        if (listeningSince < 0 || now - listeningSince < timing.leaseNanos()) {
            return; // deaf: it acknowledges nobody anyway, and its silence says nothing of the others
        }
        if (!hearsQuorum(now)) {
            // Cut off (it hears no quorum): what it does not hear says nothing of the others either. A declaration is
            // forever (never acknowledging that run again is what makes a quorum of them safe), so one made here would
            // outlive the cut: once healed, the others would hold their leases through the remaining nodes alone,
            // and the next death would fence them too. Declaring less is always safe: departures only get rarer.
            return;
        }
        for (String node : servers) {
            Peer p = node.equals(me) ? null : peer(node);
            if (p != null && p.run == 0 && p.declaredRun < 0) {
                p.declaredRun = 0;
                p.declaredAt = now;
            }
        }
        peers.forEach((node, p) -> {
            if (p.run != 0 && p.declaredRun < 0 && now - p.learned >= timing.leaseNanos()) {
                p.declaredRun = p.run;
                p.declaredAt = now;
            }
        });
    }

    private boolean departed(Peer p, long now) {
        if (p == null) {
            return false;
        }
        if (p.previousRun != 0 && now - p.firstLearned < timing.establish()) {
            return true; // it restarted: its old run is gone, its new one not yet a member
        }
        return willsDeparted(p) || declaredDeparted(p, now);
    }

    private boolean willsDeparted(Peer p) {
        if (p.last == null || p.last.run() != p.run || p.last.links().isEmpty()) {
            return false;
        }
        for (Map.Entry<Integer, String> link : p.last.links().entrySet()) {
            Will w = p.wills.get(link.getKey());
            Long echo = echoed.get(link.getKey());
            if (w == null || !w.conn().equals(link.getValue()) || echo == null || echo - w.seenAt() <= 0) {
                return false;
            }
        }
        return true;
    }

    private boolean declaredDeparted(Peer p, long now) {
        List<Map.Entry<String, Long>> declarations = new ArrayList<>(p.declaredBy.entrySet());
        if (p.declaredRun == 0 || (p.run != 0 && p.declaredRun == p.run)) {
            declarations.add(Map.entry(me, p.declaredRun == 0 ? p.declaredAt : p.learned));
        }
        declarations.sort(Map.Entry.comparingByValue());
        List<Integer> prefix = new ArrayList<>();
        for (Map.Entry<String, Long> d : declarations) {
            int index = servers.indexOf(d.getKey());
            if (index < 0) {
                continue;
            }
            prefix.add(index);
            if (isQuorum(prefix)) {
                return now - d.getValue() >= timing.leaseNanos() + timing.margin();
            }
        }
        return false;
    }

    private boolean quorate(long now) {
        if (!held || now - heldSince < timing.establish() || claimed < 0) {
            return false;
        }
        return isQuorum(meAndFresh(now, p -> p.last.run() == p.run && p.last.data() == claimed));
    }

    /** Whether this node and the nodes it heard directly within the freshness window form a quorum. */
    private boolean hearsQuorum(long now) {
        return isQuorum(meAndFresh(now, p -> true));
    }

    /**
     * This node's index among the servers and those of the peers heard directly within the freshness window that
     * {@code test} accepts (it sees only peers with a beat).
     */
    private List<Integer> meAndFresh(long now, java.util.function.Predicate<Peer> test) {
        List<Integer> indexes = new ArrayList<>();
        if (servers.contains(me)) {
            indexes.add(servers.indexOf(me));
        }
        peers.forEach((node, p) -> {
            int index = servers.indexOf(node);
            if (index >= 0 && p.last != null && now - p.lastAt <= timing.fresh() && test.test(p)) {
                indexes.add(index);
            }
        });
        return indexes;
    }

    /** A majority of the servers, or exactly half of them with the first one. */
    private boolean isQuorum(List<Integer> indexes) {
        int n = servers.size();
        long count = indexes.stream().distinct().count();
        return n > 0 && (count * 2 > n || (count * 2 == n && indexes.contains(0)));
    }

    private void learn(Peer p, long learnedRun, long learnedSeq, long now) {
        if (learnedRun > p.run) {
            p.previousRun = p.run;
            p.run = learnedRun;
            p.firstLearned = now;
            p.maxSeq = learnedSeq;
            p.learned = now;
            p.ackSeq = 0;
            p.declaredBy.clear();
            p.wills.clear();
            if (p.declaredRun == 0) {
                p.declaredRun = learnedRun; // declared before it was heard: never acknowledged, it must start anew
            } else if (p.declaredRun > 0) {
                p.declaredRun = -1; // a declaration of an older run is moot
            }
            return;
        }
        if (learnedRun == p.run && learnedSeq > p.maxSeq) {
            p.maxSeq = learnedSeq;
            p.learned = now;
        }
    }

    private void reincarnate(long now, String why) {
        long next = Math.max(run + 1, System.currentTimeMillis());
        lastReason = why + ": run " + run + " -> " + next;
        run = next;
        sentAt.clear();
        echoed.clear();
        everHeld = false;
        held = false;
    }

    private String lastReason = "";
    private boolean quieting;     // see quiet()
    private long quietUntil;

    /** Why the run last changed, for the log. */
    String lastReason() {
        return lastReason;
    }

    private Peer peer(String node) {
        return peers.computeIfAbsent(node, n -> new Peer());
    }

    /** For logs and tests: what this node knows of each other node. */
    Map<String, String> describe() {
        long now = clock.getAsLong();
        Map<String, String> out = new LinkedHashMap<>();
        new TreeMap<>(peers).forEach((node, p) -> out.put(node, "run " + p.run + ", beat " + p.maxSeq + " learned "
                + (now - p.learned) / 1_000_000 + " ms ago" + (p.declaredRun >= 0 ? ", declared " + p.declaredRun : "")
                + (p.declaredBy.isEmpty() ? "" : ", declared by " + new TreeSet<>(p.declaredBy.keySet()))));
        return out;
    }
}
