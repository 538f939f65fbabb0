package io.baton.store.mqtt;

import io.baton.api.model.ServerState;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.ControllerLease;
import io.baton.api.spi.Registration;
import io.baton.api.spi.StoreSnapshot;
import io.baton.store.mqtt.Decoder.Decoded;
import io.baton.store.mqtt.Decoder.Sync;
import io.baton.store.mqtt.Mirror.Row;
import io.baton.store.mqtt.Topics.Address;
import io.baton.store.mqtt.Topics.Kind;
import io.baton.trust.Keyring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The store's logic, on its one thread: a {@link PresenceLink} to every configured broker (presence and heartbeats),
 * one data link to the broker the tables are kept on, the {@link Mirror}, the {@link Outbox} and the
 * {@link Membership}.
 *
 * <p>Every beat interval this node sends a heartbeat through every broker it is connected to; the others' beats
 * reach it through the data link. The data link goes to the first broker, in priority order, that a quorum
 * reaches ({@link Membership#choose}); when that changes (the broker died, or a better one came back) the data link
 * moves, and the mirror stays: rows carry versions, so the new broker's stale rows never win, and what it lacks
 * (or holds older) is published again, by its owner at once and by anyone after a settle window.
 *
 * <p>After each data connection the node publishes a sync marker; when it comes back, the retained state has
 * arrived and the node is in step. Snapshots say {@code connected} only then; membership changes are shown at once,
 * in step or not, so that a node that lost its lease fences without waiting for a connection.
 *
 * <p>The node's echo ({@link io.baton.api.spi.Echo}) bypasses the mirror: its messages go to the echo's listeners.
 */
final class StoreEngine implements PresenceLink.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(StoreEngine.class);
    private static final Runnable NOTHING = () -> { };
    private static final Duration DATA_CLOSE_TIMEOUT = Duration.ofSeconds(2);
    /** The least time between two answers of this node to a broker lacking the same row. */
    static final Duration REPUBLISH_GAP = Duration.ofMillis(500);
    private static final int HELD = 1024; // rows held back at most: a flood of them costs this much, no more

    /** Makes the connection of one link: broker index, client id, the Will asked for at each connection. */
    interface Transports {
        Transport create(int broker, String clientId, Supplier<Optional<PahoTransport.Will>> will);
    }

    /** The data link's state: between connections, receiving the retained state, in step, or closed. */
    private enum State { OFFLINE, SYNCING, LIVE, CLOSED }

    private final StoreSettings settings;
    private final Topics topics;
    private final Codec codec;
    private final Versions versions;
    private final Transports transports;
    private final StoreThread thread;
    private final Views views = new Views();
    private final String echoTopic;
    private final List<Consumer<String>> echoListeners = new CopyOnWriteArrayList<>();
    private final Membership membership;
    private final Rejections rejections;
    private final Sealer sealer;
    private final Guard guard;
    private final List<PresenceLink> presence = new ArrayList<>();
    private volatile long leaseDeadline;

    // touched on the store thread only
    private State state = State.OFFLINE;
    private Mirror mirror = Mirror.EMPTY;
    private Mirror lastLive = Mirror.EMPTY;
    private final Outbox outbox = new Outbox();
    private final Map<String, Long> seen = new HashMap<>(); // topic -> newest version the data broker showed
    private final Set<String> unsettled = new TreeSet<>();  // rows the data broker lacks, not this node's
    private final LeaseLog leases = new LeaseLog();
    private boolean judgingHeld;
    private boolean retryingHeld; // judging the rows held back: those now outdated go without a word
    private final Map<String, Long> lackingAt = new HashMap<>(); // topic -> when this node last answered a lack
    private final Set<String> lackingLater = new java.util.HashSet<>(); // lacks answered at the end of the gap
    private boolean heldAgain;    // a lease came in meanwhile: one more pass
    private final Map<String, byte[]> held = new LinkedHashMap<>(); // rows no lease seen backs yet, oldest first
    private String lastClaimHeld = ""; // the last claim of the lease held back, logged once
    private String heldClaimant = "";  // who wrote it
    private String syncNonce = "";
    private Link dataLink;
    private Transport dataTransport;
    private int dataBroker = -1;
    private long dataConnectedAt;
    private long dataEchoAt;
    private Membership.View shown;
    private List<io.baton.api.spi.Membership.Broker> shownBrokers = List.of();
    private ScheduledFuture<?> leaseCheck;
    private boolean closed;
    private final DiskMirror disk;
    private final BrokerSwitch brokerSwitch = new BrokerSwitch();

    StoreEngine(StoreSettings settings, Keyring keys, Topics topics, Codec codec, Versions versions,
                Transports transports, StoreThread thread) {
        this.settings = settings;
        this.topics = topics;
        this.codec = codec;
        this.versions = versions;
        this.transports = transports;
        this.thread = thread;
        this.echoTopic = topics.echo(settings.node());
        this.rejections = new Rejections(settings.node());
        this.sealer = new Sealer(keys);
        this.guard = new Guard(settings.cluster(), keys);
        this.disk = new DiskMirror(settings.stateDirectory().map(dir -> new MirrorFile(dir, settings.cluster())),
                thread::schedule);
        // a run identifies this start of the node: later than any earlier start's (the clock, in ms)
        this.membership = new Membership(settings.node(), settings.timing(), System::nanoTime,
                System.currentTimeMillis());
        String connPrefix = Long.toString(membership.run(), 36);
        for (int i = 0; i < settings.brokerUrls().size(); i++) {
            presence.add(new PresenceLink(i, settings.brokerUrls().get(i), settings, topics, codec, sealer, guard,
                    transports, thread, this, connPrefix, rejections));
        }
    }

    void start() {
        thread.run(() -> {
            loadMirror();
            if (presence.size() == 1) {
                LOG.warn("one broker configured ({}): it is a single point of failure. If it dies every node loses "
                        + "its lease and stops its apps; list two or more brokers in brokerUrls", presence.get(0).url());
            }
            presence.forEach(PresenceLink::start);
            tick();
        });
    }

    Views views() {
        return views;
    }

    /** Until when this node's lease holds ({@link System#nanoTime()}). */
    long leaseDeadline() {
        return leaseDeadline;
    }

    /** Runs on the store thread, after every task already queued (writes keep their order). */
    void execute(Runnable task) {
        thread.run(task);
    }

    /** Queues a retained write of {@code body} (from {@link Codec}), signed by this node. */
    void write(String topic, byte[] body) {
        thread.run(() -> writeNow(topic, body));
    }

    /**
     * Queues a retained write of {@code body} signed by the operator key; signed here, so that a node without the key
     * refuses at once ({@link IllegalStateException}).
     */
    void writeAsOperator(String topic, byte[] body) {
        byte[] sealed = sealer.asOperator(topic, body);
        thread.run(() -> writeSealed(topic, sealed));
    }

    /** Sends this node's echo; dropped unless in step (a node half-way through its sync proves no contact yet). */
    void echo(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        thread.run(() -> {
            if (state == State.LIVE) {
                dataTransport.send(echoTopic, payload);
            }
        });
    }

    Registration addEchoListener(Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        echoListeners.add(listener);
        return () -> echoListeners.remove(listener);
    }

    // ---- for tasks given to execute(): store thread only ----

    /** Writes {@code body} (from {@link Codec}), signed by this node. */
    void writeNow(String topic, byte[] body) {
        writeSealed(topic, sealer.asNode(topic, body));
    }

    private void writeSealed(String topic, byte[] payload) {
        outbox.write(topic, payload, topic.equals(topics.history())); // the history is rewritten whole per entry
        flush();
    }

    Mirror mirror() {
        return mirror;
    }

    Outbox outbox() {
        return outbox;
    }

    /** For logs and tests: what the membership knows. */
    Map<String, String> describeMembership() {
        return membership.describe();
    }

    // ---- the mirror on disk ----

    /** The rows kept on disk: in the mirror (never shown as in step before a broker is), this node's own ones owned. */
    private void loadMirror() {
        int loaded = 0;
        for (Map.Entry<String, byte[]> e : disk.load().entrySet()) {
            Optional<Address> at = topics.parse(e.getKey());
            if (at.isEmpty() || !at.get().kind().row()) {
                continue;
            }
            try {
                Decoded d = Decoder.decode(at.get(), e.getValue());
                Optional<String> problem = guard.row(e.getKey(), at.get(), e.getValue(), d, List.of());
                if (problem.isPresent()) {
                    throw new IllegalArgumentException(problem.get());
                }
                versions.observe(d.version());
                String by = d.by().orElse("");
                mirror = mirror.with(e.getKey(), new Row(at.get(), e.getValue(), d.value().orElse(null), d.version(), by));
                outbox.observed(e.getKey(), e.getValue(), by.equals(settings.node()));
                loaded++;
            } catch (RuntimeException bad) {
                LOG.warn("{}: skipping the row {} kept on disk: {}", settings.node(), e.getKey(), bad.getMessage());
            }
        }
        disk.loaded(mirror);
        if (loaded > 0) {
            LOG.info("{}: {} rows kept in {}; a broker that lacks them gets them again", settings.node(), loaded,
                    disk.path().orElseThrow());
        }
    }

    // ---- heartbeats and the choice of broker, every beat interval ----

    private void tick() {
        if (closed) {
            return;
        }
        try {
            beat();
            checkDataLink();
            chooseBroker();
            listening();
            showMembership();
        } finally {
            thread.schedule(this::tick, settings.timing().beat());
        }
    }

    /** Sends a beat through every connected broker now. */
    private void beat() {
        membership.servers(mirror.servers());
        Membership.Beat b = membership.beat(linksUp(), state == State.LIVE ? dataBroker : -1);
        if (membership.quiet()) {
            return; // its lease just ran out: its apps are being stopped (Membership.quiet)
        }
        String topic = topics.beat(settings.node());
        byte[] payload = sealer.asNode(topic, Codec.beat(b));
        guard.sent(topic, payload);
        presence.forEach(p -> p.send(payload));
        String reason = membership.lastReason();
        if (!reason.isEmpty() && !reason.equals(lastReason)) {
            LOG.warn("{}: new run, {}", settings.node(), reason);
            lastReason = reason;
        }
    }

    private String lastReason = "";

    /**
     * The brokers whose presence connection answers: connected and echoing this node's beats within four beats (a
     * beat or two late on a busy broker is not a broker gone).
     */
    private Map<Integer, String> linksUp() {
        long now = System.nanoTime();
        Map<Integer, String> up = new TreeMap<>();
        for (PresenceLink p : presence) {
            Optional<Long> echo = membership.lastEcho(p.index());
            if (p.up() && echo.isPresent() && now - echo.get() <= settings.timing().beat().toNanos() * 4) {
                up.put(p.index(), p.conn());
            }
        }
        return up;
    }

    /** A data connection whose broker stopped echoing this node's beats is dropped and made again. */
    private void checkDataLink() {
        if (dataLink == null || state == State.OFFLINE || !presence.get(dataBroker).up()) {
            return; // without a presence connection there, no beat of this node goes through that broker
        }
        long now = System.nanoTime();
        long silent = now - Math.max(dataEchoAt, dataConnectedAt);
        if (silent > settings.timing().fresh() + settings.timing().beat().toNanos()) {
            LOG.warn("{}: the tables' broker {} has not passed on this node's heartbeats for {} ms; connecting again",
                    settings.node(), settings.brokerUrls().get(dataBroker), silent / 1_000_000);
            connectData(dataBroker);
        }
    }

    /** Moves the data link to the broker a quorum reaches first, at once if the current one is gone. */
    private void chooseBroker() {
        Map<Integer, String> up = linksUp();
        boolean currentGone = dataBroker < 0 || state != State.LIVE || !up.containsKey(dataBroker);
        int choice = brokerSwitch.next(membership.choose(presence.size(), up.keySet()), dataBroker, currentGone);
        if (choice >= 0) {
            if (dataBroker >= 0) {
                LOG.info("{}: moving the tables from {} to {} ({})", settings.node(),
                        settings.brokerUrls().get(dataBroker), settings.brokerUrls().get(choice),
                        currentGone ? "it does not answer" : "it comes first and a majority reaches it");
            }
            connectData(choice);
        }
    }

    private void connectData(int broker) {
        if (dataLink != null) {
            dataLink.close();
            Transport old = dataTransport;
            Thread closer = new Thread(() -> old.close(DATA_CLOSE_TIMEOUT), "baton-store-close-" + settings.node());
            closer.setDaemon(true);
            closer.start();
            lost();
        }
        dataBroker = broker;
        dataConnectedAt = System.nanoTime();
        // the leases seen through another connection: a lease missed meanwhile would make its rows look forged
        // (rows already delivered but held back stay held, and are judged once this connection is in step)
        leases.clear();
        dataTransport = transports.create(broker, settings.clientId(), Optional::empty);
        dataLink = new Link(settings, settings.brokerUrls().get(broker) + " (tables)", dataTransport, thread,
                List.of(new Transport.Filter(topics.all(), true), new Transport.Filter(topics.beat(settings.node()),
                        false), new Transport.Filter(echoTopic, false)), rejections);
        dataLink.start(new DataEvents());
    }

    // ---- the presence links' events ----

    @Override
    public void echoed(int link, long run, long seq) {
        membership.echoed(link, run, seq);
        showMembership();
    }

    @Override
    public void will(int link, String node, String conn) {
        if (node.equals(settings.node())) {
            return;
        }
        LOG.info("{}: {}'s connection {} to {} closed (its Will)", settings.node(), node, conn,
                settings.brokerUrls().get(link));
        membership.will(link, node, conn);
        beat(); // its echo confirms that the broker was alive after the Will
    }

    @Override
    public void changed(int link) {
        listening();
        showMembership();
    }

    @Override
    public void beat(String node, byte[] payload) {
        receiveBeat(node, payload);
    }

    /** Whether beats reach this node at all: the declarations of departure count only time spent listening. */
    private void listening() {
        membership.listening(presence.stream().anyMatch(PresenceLink::up));
    }

    // ---- the data link's events ----

    private final class DataEvents implements Link.Handler {
        @Override
        public void connected() {
            state = State.SYNCING;
            seen.clear();
            dataConnectedAt = System.nanoTime();
            syncNonce = UUID.randomUUID().toString();
            String sync = topics.sync(settings.node());
            dataTransport.publish(sync, sealer.asNode(sync, codec.sync(syncNonce)), false, NOTHING);
            dataLink.later(settings.connectionTimeout(), () -> {
                if (state == State.SYNCING) {
                    LOG.warn("own sync marker did not come back within {} s; taking the state received so far",
                            settings.connectionTimeout().toSeconds());
                    synced();
                }
            });
        }

        @Override
        public void lost() {
            StoreEngine.this.lost();
        }

        @Override
        public void message(String topic, byte[] payload) {
            receive(topic, payload);
        }

        @Override
        public void delivered() {
            if (outbox.hasDue()) {
                flush();
            }
        }
    }

    private void lost() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.OFFLINE;
        leases.clear(); // leases written while away are never seen: the next connection starts its own log
        outbox.connectionLost();
        show();
    }

    // ---- incoming ----

    private void receive(String topic, byte[] payload) {
        if (topic.equals(echoTopic)) {
            echoed(new String(payload, StandardCharsets.UTF_8));
            return;
        }
        Optional<String> beatOf = topics.beatOf(topic);
        if (beatOf.isPresent()) {
            receiveBeat(beatOf.get(), payload);
            return;
        }
        Optional<Address> at = topics.parse(topic);
        if (at.isEmpty()) {
            rejections.reject(topic, dataUrl(), "not a topic of the store's layout");
            return;
        }
        Kind kind = at.get().kind();
        if (kind == Kind.PRESENCE || payload.length == 0) {
            return; // presences are read by the presence links; an empty payload is no row (nothing retained)
        }
        Decoded d;
        Row old = mirror.rows().get(topic);
        try {
            d = Decoder.decode(at.get(), payload);
            if (old != null && !Arrays.equals(old.payload(), payload)
                    && !new Row(at.get(), payload, null, d.version(), d.by().orElse("")).newerThan(old)) {
                // older than this node's row: a stale broker, a replay, or a forgery of one. Nothing of it is
                // believed, so it needs no check; the newer row goes back to the broker (its writer at once, any node
                // after the settle window). A row held back and now outdated just goes.
                seen.merge(topic, d.version(), Math::max);
                if (state == State.LIVE && !retryingHeld) {
                    lacking(topic);
                    flush();
                }
                return;
            }
            if (old == null || !Arrays.equals(old.payload(), payload)) { // the same bytes were checked before
                Optional<String> problem = guard.row(topic, at.get(), payload, d, mirror.servers());
                if (problem.isPresent()) {
                    throw new IllegalArgumentException(problem.get());
                }
                if (state != State.LIVE && Writers.leaseHolderOnly(kind)) {
                    hold(topic, payload, "");  // judged once every retained lease is in
                    return;
                }
                Optional<String> unbacked = leaseProblem(kind, d);
                if (unbacked.isPresent()) {
                    // the rows of a claimant whose claim waits for this node's view: no warning, they wait with it
                    boolean claimants = held.containsKey(topics.controller()) && d.by().orElse("").equals(heldClaimant);
                    hold(topic, payload, claimants ? "" : unbacked.get());
                    return;
                }
                Optional<String> unelected = claimProblem(kind, d);
                if (unelected.isPresent()) {
                    holdClaim(topic, payload, d.by().orElse(""), unelected.get());
                    return;
                }
            }
        } catch (RuntimeException e) {
            rejections.reject(topic, dataUrl(), e.getMessage());
            if (old != null) {
                // garbage over a row: the broker no longer holds a valid value; the last valid one stays here and
                // goes back to the broker (its writer at once, any node after the settle window)
                seen.remove(topic);
                if (state == State.LIVE) {
                    lacking(topic);
                    flush();
                }
            }
            return;
        }
        if (kind == Kind.SYNC) {
            d.value().map(Sync.class::cast).filter(s -> s.nonce().equals(syncNonce))
                    .filter(s -> at.get().name().equals(settings.node()) && state == State.SYNCING)
                    .ifPresent(s -> synced());
            return;
        }
        if (kind == Kind.CONTROLLER && d.value().isPresent()) {
            leases.record(d.version(), (ControllerLease) d.value().get());
        }
        versions.observe(d.version());
        seen.merge(topic, d.version(), Math::max);
        String by = d.by().orElse("");
        Row row = new Row(at.get(), payload, d.value().orElse(null), d.version(), by);
        if (old != null && !row.newerThan(old) && !Arrays.equals(old.payload(), payload)) {
            if (state == State.LIVE) {
                lacking(topic); // the broker holds an older value: a stale broker, or a replay
                flush();
            }
            return;
        }
        boolean mine = by.equals(settings.node());
        outbox.observed(topic, payload, mine);
        if (kind == Kind.REQUEST && mine && d.value().isPresent() && mirror.rows().containsKey(topics.outcome(at.get().name()))
                && !mirror.rows().get(topics.outcome(at.get().name())).removed()) {
            // this node's retry of a request sent just before a disconnection, answered meanwhile: take it back
            writeNow(topic, codec.removed());
        }
        mirror = mirror.with(topic, row);
        show();
        disk.changed(() -> mirror);
        if (kind == Kind.CONTROLLER) {
            retryHeld();
        } else if (kind == Kind.SERVER_STATE || kind == Kind.RULES) {
            electionMayHaveChanged();
        }
    }

    /** Why a lease or a controller's row is not backed by the leases seen ({@link LeaseLog}); empty when it is. */
    private Optional<String> leaseProblem(Kind kind, Decoded d) {
        String by = d.by().orElse("");
        if (kind == Kind.CONTROLLER) {
            return d.value().isEmpty() ? Optional.empty()
                    : leases.leaseProblem(by, (ControllerLease) d.value().get(), d.version());
        }
        return Writers.leaseHolderOnly(kind) ? leases.rowProblem(by, d.version()) : Optional.empty();
    }

    /** Why the election does not allow a claim of the controller lease ({@link LeaseLog#claimProblem}). */
    private Optional<String> claimProblem(Kind kind, Decoded d) {
        if (kind != Kind.CONTROLLER || d.value().isEmpty()
                || !((ControllerLease) d.value().get()).server().equals(d.by().orElse(""))) {
            return Optional.empty();
        }
        return leases.claimProblem(d.by().orElse(""), d.version(), mirror.servers(), this::mayLead);
    }

    /** Whether the controllers' election may choose {@code node}, as this node sees it now ({@code Election}). */
    private boolean mayLead(String node) {
        Membership.View view = membership.view();
        if (!view.live().contains(node)) {
            return false;
        }
        Membership.Standing standing = view.standings().get(node);
        if (standing != null && !standing.quorate()) {
            return false;
        }
        return mirror.value(topics.server(node), ServerStatus.class)
                .map(s -> s.state() != ServerState.DETACHED && !s.processing()).orElse(true);
    }

    /**
     * Keeps, unapplied, a claim of the lease that the election does not allow now: a node's key abused, or a view of
     * this node a moment behind the claimant's (then it is taken at the next change of membership or server rows).
     * Logged at INFO once per claim: a lagging view makes one now and then in a takeover.
     */
    private void holdClaim(String topic, byte[] payload, String claimant, String why) {
        keep(topic, payload);
        heldClaimant = claimant;
        if (!why.equals(lastClaimHeld)) {
            lastClaimHeld = why;
            LOG.info("{}: {}", settings.node(), Rejections.escape(why));
        }
    }

    /** Judges the rows held back again if this node's view of who may lead may have changed. */
    private void electionMayHaveChanged() {
        if (state == State.LIVE && !held.isEmpty() && held.containsKey(topics.controller())) {
            retryHeld();
        }
    }

    /**
     * Keeps, unapplied, a row the leases seen do not back: refused unless a lease arriving later backs it (the
     * broker delivered the lease after the row). While in sync, rows come in any order: they are judged at its end.
     */
    private void hold(String topic, byte[] payload, String why) {
        keep(topic, payload);
        if (state == State.LIVE && !why.isEmpty()) {
            rejections.reject(topic, dataUrl(), why);
        }
    }

    /** Adds a row to those held back, newest last, at most {@value #HELD} of them. */
    private void keep(String topic, byte[] payload) {
        held.remove(topic);
        held.put(topic, payload);
        if (held.size() > HELD) {
            held.remove(held.keySet().iterator().next());
        }
    }

    /**
     * Takes again the rows held back, now that another lease is known or the retained state is in. Not re-entered:
     * a lease taken while judging them (one of them, or one it lets in) makes one more pass, not a nested one.
     */
    private void retryHeld() {
        if (retryingHeld) {
            heldAgain = true;
            return;
        }
        retryingHeld = true;
        try {
            do {
                heldAgain = false;
                Map<String, byte[]> again = new LinkedHashMap<>(held);
                held.clear();
                again.forEach(this::receive);
            } while (heldAgain && !held.isEmpty());
        } finally {
            retryingHeld = false;
        }
    }

    private void receiveBeat(String node, byte[] payload) {
        Membership.Beat b;
        String topic = topics.beat(node);
        try {
            b = Decoder.beat(node, payload);
            Optional<String> problem = guard.beat(topic, node, payload);
            if (problem.isPresent()) {
                throw new IllegalArgumentException(problem.get());
            }
        } catch (RuntimeException e) {
            rejections.reject(topic, "a broker", e.getMessage());
            return;
        }
        if (node.equals(settings.node())) {
            if (b.run() == membership.run()) {
                dataEchoAt = System.nanoTime();
            }
            return;
        }
        membership.receive(b);
        showMembership();
    }

    private String dataUrl() {
        return dataBroker < 0 ? "(no broker)" : settings.brokerUrls().get(dataBroker);
    }

    /** Messages ignored since the start (malformed, too large, not of the layout). */
    long rejected() {
        return rejections.total();
    }

    private void echoed(String text) {
        for (Consumer<String> l : echoListeners) {
            try {
                l.accept(text);
            } catch (RuntimeException e) {
                LOG.error("echo listener {} failed", l, e);
            }
        }
    }

    // ---- after the retained state arrived ----

    private void synced() {
        state = State.LIVE;
        judgingHeld = true;
        try {
            retryHeld();
        } finally {
            judgingHeld = false;
        }
        int lacking = 0;
        for (Map.Entry<String, Row> e : mirror.rows().entrySet()) {
            Long there = seen.get(e.getKey());
            if (there == null || there < e.getValue().version()) {
                lacking(e.getKey());
                lacking++;
            }
        }
        if (lacking > 0) {
            LOG.info("{}: the broker {} lacks {} rows (or holds older values): publishing them again", settings.node(),
                    settings.brokerUrls().get(dataBroker), lacking);
        }
        LOG.info("{}: in step with {}: {} rows, members {}", settings.node(), settings.brokerUrls().get(dataBroker),
                mirror.rows().size(), shown == null ? Set.of() : shown.live());
        flush();
        show();
    }

    /** A row the data broker lacks or holds older: its owner sends it now, anyone else after the settle window. */
    private void lacking(String topic) {
        long now = System.nanoTime();
        Long last = lackingAt.get(topic);
        if (last != null && now - last < REPUBLISH_GAP.toNanos()) {
            // the broker took another value of this row again within the gap: nodes that disagree on it, or a flood
            // of stale copies. Answered once a gap at most, never in a loop that starves the heartbeats.
            if (lackingLater.add(topic)) {
                dataLink.later(REPUBLISH_GAP, () -> {
                    lackingLater.remove(topic);
                    if (state == State.LIVE) {
                        lacking(topic);
                        flush();
                    }
                });
            }
            return;
        }
        lackingAt.put(topic, now);
        if (outbox.owns(topic)) {
            outbox.republish(topic);
            return;
        }
        if (unsettled.isEmpty()) {
            dataLink.later(settings.settleWindow(), this::settle);
        }
        unsettled.add(topic);
    }

    /** Re-publishes, as they were written, the rows the broker still lacks: their writers did not. */
    private void settle() {
        if (state != State.LIVE) {
            unsettled.clear();
            return;
        }
        int restored = 0;
        for (String topic : unsettled) {
            Row row = mirror.rows().get(topic);
            Long there = seen.get(topic);
            if (row != null && (there == null || there < row.version())
                    && dataTransport.publish(topic, row.payload(), true, NOTHING)) {
                restored++;
            }
        }
        unsettled.clear();
        if (restored > 0) {
            LOG.info("{}: re-published {} rows whose writers did not", settings.node(), restored);
        }
    }

    // ---- outgoing ----

    private void flush() {
        if (state != State.LIVE) {
            return;
        }
        for (Outbox.Due d : outbox.due()) {
            if (!dataTransport.publish(d.topic(), d.payload(), true, () -> thread.run(() -> confirmed(d)))) {
                return; // sent at the next delivery or connection
            }
            outbox.sent(d);
        }
    }

    private void confirmed(Outbox.Due d) {
        outbox.acknowledged(d);
        if (outbox.hasDue()) {
            flush(); // a later write to the same topic waited for this one
        }
    }

    // ---- what readers see ----

    /** Publishes the membership if it changed, and checks again at the lease deadline. */
    private void showMembership() {
        Membership.View view = membership.view();
        leaseDeadline = membership.deadline();
        List<io.baton.api.spi.Membership.Broker> brokers = brokers();
        if (!view.equals(shown) || !brokers.equals(shownBrokers)) {
            MembershipLog.changes(settings.node(), settings.timing(), shown, view);
            shown = view;
            shownBrokers = brokers;
            show();
            electionMayHaveChanged();
        }
        if (view.leased()) {
            if (leaseCheck != null) {
                leaseCheck.cancel(false);
            }
            long delay = Math.max(0, leaseDeadline - System.nanoTime()) + 1_000_000;
            leaseCheck = thread.scheduleCancellable(this::showMembership, Duration.ofNanos(delay));
        }
    }

    private List<io.baton.api.spi.Membership.Broker> brokers() {
        Map<Integer, String> up = linksUp();
        List<io.baton.api.spi.Membership.Broker> list = new ArrayList<>();
        for (PresenceLink p : presence) {
            list.add(new io.baton.api.spi.Membership.Broker(p.url(), up.containsKey(p.index()),
                    p.index() == dataBroker && state == State.LIVE));
        }
        return list;
    }

    private void show() {
        if (judgingHeld) {
            return; // shown once every row held back in sync is judged: never half a retained state
        }
        boolean live = state == State.LIVE;
        // out of step, readers keep the tables of the last moment in step (never half a retained state)
        if (live) {
            lastLive = mirror;
        }
        StoreSnapshot base = lastLive.snapshot(live);
        Membership.View v = shown != null ? shown : membership.view();
        Map<String, io.baton.api.spi.Membership.Standing> standings = new TreeMap<>();
        v.standings().forEach((node, s) -> standings.put(node, new io.baton.api.spi.Membership.Standing(
                s.data() >= 0 && s.data() < settings.brokerUrls().size()
                        ? Optional.of(settings.brokerUrls().get(s.data())) : Optional.empty(), s.quorate())));
        shownBrokers = brokers();
        io.baton.api.spi.Membership m = new io.baton.api.spi.Membership(v.leased(), v.quorate() && live, v.departed(),
                standings, shownBrokers);
        views.publish(new StoreSnapshot(base.rules(), base.tables(), base.controller(), v.live(), base.history(),
                base.requests(), base.outcomes(), live, m), lastLive.channels());
    }

    // ---- shutdown ----

    /** Announces this node offline on every broker (no Will needed), then disconnects cleanly. */
    void close(Duration timeout) {
        thread.call(() -> {
            closed = true;
            state = State.CLOSED;
            disk.saveNow(mirror);
            presence.forEach(p -> p.announceOffline(timeout));
            if (dataLink != null) {
                dataLink.close();
            }
        }, timeout.plus(timeout));
        presence.forEach(p -> p.close(timeout));
        if (dataTransport != null) {
            dataTransport.close(timeout);
        }
        thread.shutdown();
    }

    /** Stops dead, as a crash would: the brokers publish this node's Wills. */
    void abort() {
        thread.shutdown();
        presence.forEach(PresenceLink::abort);
        if (dataTransport != null) {
            dataTransport.abort();
        }
    }
}
