package io.baton.adapter.nativecm;

import io.baton.adapter.nativecm.AgentPlan.Action;
import io.baton.api.model.LaunchSpec;
import io.baton.api.spi.KeyValueChannel;
import io.baton.api.spi.SharedStore;
import io.baton.api.spi.StoreSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The agent of one node: keeps the local processes in line with the assignments, takes apps over
 * without waiting for the controller, reports the local process table and fences itself when it
 * loses the store. All its decisions run on one thread, triggered by store changes, process exits
 * and a slow tick (a safety net: every trigger is level-based, so a missed one loses nothing).
 *
 * <p>The store counts as reachable while the client is connected <em>and</em> the {@link Heartbeat} is
 * fresh; fencing (stop every local app, start none) comes at the fence timeout after the last echoed
 * heartbeat, not after the client noticed the loss. The {@link Watchdog} does the same from outside
 * the JVM, should the JVM freeze or die.
 */
final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final long TICK_MILLIS = 1000;

    private final SharedStore store;
    private final KeyValueChannel channel;
    private final AssignmentBook book;
    private final Supplier<Settings> settings;
    private final String me;
    private final RuleCache rules = new RuleCache();
    private final LocalProcesses processes;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Heartbeat heartbeat;
    private final Watchdog watchdog;

    // Touched only on the agent thread.
    private final Map<String, String> unhandledFailures = new TreeMap<>();
    private final Map<String, String> lastFailures = new TreeMap<>();
    private boolean disconnected = true;
    private boolean fenceArmed;
    private boolean fenced;
    private String syncToken;
    private NodeReport lastReport;
    private boolean closing;
    private boolean adopted;
    private long syncedAt;
    /** Servers live at some pass since this node's last sync: their absence is a departure it watched. */
    private final Set<String> seenLive = new HashSet<>();
    /** When this node first saw each absent server of the assignments gone (nanoTime), since its last sync. */
    private final Map<String, Long> goneSince = new HashMap<>();
    private volatile boolean synced;

    Agent(SharedStore store, KeyValueChannel channel, AssignmentBook book, Supplier<Settings> settings) {
        this.store = store;
        this.channel = channel;
        this.book = book;
        this.settings = settings;
        this.me = store.node();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-native-agent-" + me);
            t.setDaemon(true);
            return t;
        });
        this.processes = new LocalProcesses(me, settings, exit -> submit(() -> exited(exit)));
        this.heartbeat = new Heartbeat(me, store.echo(), () -> store.snapshot().connected(),
                () -> settings.get().fenceTimeout(), this::poke);
        this.watchdog = new Watchdog(me, settings, heartbeat::fresh);
    }

    void start() {
        heartbeat.start();
        watchdog.start(); // before adopting: the adopted apps are watched from the start
        submit(() -> {
            AgentPlan.warmUp(me); // the takeover path, loaded and linked before a takeover needs it
            processes.warmUp();
            processes.adopt();
            adopted = true;
            reconcile();
        });
        executor.scheduleWithFixedDelay(this::poke, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Something changed: reconcile soon (coalesced: one pass reads the latest state anyway). */
    void poke() {
        if (queued.compareAndSet(false, true)) {
            submit(() -> {
                queued.set(false);
                reconcile();
            });
        }
    }

    /** Whether this node's mirror is known to be current (its own report came back since it connected). */
    boolean synced() {
        return synced;
    }

    Map<String, LocalProcess> processes() {
        return processes.table();
    }

    /** The running watchdog's pid, if any. */
    Optional<Long> watchdogPid() {
        return watchdog.pid();
    }

    private void reconcile() {
        try {
            StoreSnapshot snapshot = store.snapshot();
            // A change can poke before start() (listeners come first): a pass before the adoption would start
            // a second copy of an app still running from the pid files.
            if (closing || !adopted) {
                return;
            }
            if (!snapshot.connected() || !heartbeat.fresh()) {
                lostStore(snapshot.connected());
                return;
            }
            if (disconnected) {
                regainedStore();
            }
            if (!synced) {
                NodeReport mine = Wire.reports(channel.entries()).get(me);
                if (mine == null || !mine.sync().equals(syncToken)) {
                    report(); // keeps the table current meanwhile; acting waits for the echo
                    return;
                }
                synced = true;
                syncedAt = System.nanoTime();
                seenLive.clear();
                goneSince.clear();
                long grace = settings.get().rejoinGrace().toMillis();
                LOG.info("{}: in sync with the shared store; following the assignments (taking over from nodes that are"
                        + " not connected after {} ms, from nodes it sees leave at once)", me, grace);
                executor.schedule(this::poke, grace, TimeUnit.MILLISECONDS);
            }
            rules.prepare(snapshot);
            Observation obs = observe(snapshot);
            boolean graceOver = System.nanoTime() - syncedAt >= settings.get().rejoinGrace().toNanos();
            noteAbsent(obs);
            long contact = heartbeat.lastContactNanos();
            List<Action> actions = AgentPlan.plan(me, obs, processes.apps(), processes.stopping(),
                    unhandledFailures.keySet(), server -> graceOver || seenLive.contains(server),
                    server -> goneSince.containsKey(server) && contact - goneSince.get(server) > 0);
            seenLive.addAll(snapshot.liveNodes());
            execute(actions);
        } catch (RuntimeException e) {
            LOG.error("{}: native agent pass failed; retrying at the next change", me, e);
        }
    }

    /** The cluster as this node sees it now: live nodes, assignments with its own pending writes, reports. */
    private Observation observe(StoreSnapshot snapshot) {
        return new Observation(snapshot.liveNodes(), book.effective(), Wire.reports(channel.entries()));
    }

    /**
     * Notes when each server the assignments name was first seen absent. Its absence counts as confirmed once the
     * broker echoes a beat sent after that (at the latest a tick after the next beat): a broker that shuts down
     * may first send the Wills of the clients it drops, and the others are then not gone.
     */
    private void noteAbsent(Observation obs) {
        Set<String> absent = new HashSet<>();
        obs.assignments().values().forEach(a -> {
            a.server().ifPresent(absent::add);
            a.backup().ifPresent(absent::add);
        });
        absent.removeAll(obs.live());
        goneSince.keySet().retainAll(absent);
        long now = System.nanoTime();
        absent.forEach(server -> goneSince.putIfAbsent(server, now));
    }

    private void execute(List<Action> actions) {
        boolean startFailed = false;
        for (Action a : actions) {
            if (a instanceof AgentPlan.Stop s) {
                processes.stop(s.app(), s.why());
            } else if (a instanceof AgentPlan.Start s) {
                startFailed |= !start(s.app(), s.why());
            }
        }
        // The report goes before assignments: a node taking an app over from here sees it gone from here first.
        report();
        for (Action a : actions) {
            if (a instanceof AgentPlan.Assign w) {
                Assignment written = book.write(w.app(), w.server(), w.backup());
                LOG.info("{}: {} is now {}: {}", me, w.app(), written, w.why());
                unhandledFailures.remove(w.app());
            } else if (a instanceof AgentPlan.Forget f) {
                unhandledFailures.remove(f.app());
            }
        }
        if (startFailed) {
            poke(); // the failure is handed over in the next pass
        }
    }

    private boolean start(String app, String why) {
        try {
            // The rules as of now, not as of the pass's start: the assignment may be newer than that snapshot.
            LaunchSpec spec = rules.launchOf(store.snapshot(), app);
            processes.start(app, spec, why); // logs after the start: a takeover must not wait for logging
            lastFailures.remove(app);
            return true;
        } catch (StartFailure f) {
            LOG.error("{}: {}; handled as a failed start", me, f.getMessage());
            unhandledFailures.put(app, f.getMessage());
            lastFailures.put(app, f.getMessage());
            return false;
        }
    }

    private void exited(LocalProcesses.Exit exit) {
        String code = exit.code().stream().mapToObj(Agent::describeExit).findFirst().orElse("exit code unknown");
        if (exit.requested()) {
            LOG.info("{}: {} stopped (pid {}, {})", me, exit.app(), exit.pid(), code);
        } else if (!closing) {
            String why = "died without being asked to stop (pid " + exit.pid() + ", " + code + ")";
            LOG.warn("{}: {} {}", me, exit.app(), why);
            unhandledFailures.put(exit.app(), why);
            lastFailures.put(exit.app(), why);
        }
        reconcile();
    }

    private static String describeExit(int code) {
        return code > 128 ? "exit code " + code + ", killed by signal " + (code - 128) : "exit code " + code;
    }

    /** Stops acting on the store at once; fences once the last confirmed contact is a fence timeout old. */
    private void lostStore(boolean clientConnected) {
        if (!fenceArmed) {
            disconnected = true;
            fenceArmed = true;
            synced = false;
            syncToken = null;
            book.forgetPending();
            String why = clientConnected ? "the broker does not echo this node's heartbeat"
                    : "not connected to the shared store";
            long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(heartbeat.deadlineNanos() - System.nanoTime()));
            if (processes.apps().isEmpty()) {
                LOG.info("{}: {}; waiting for it", me, why);
            } else {
                LOG.warn("{}: {}; local apps {} are stopped in {} ms unless it comes back", me, why, processes.apps(),
                        left);
            }
            // The heartbeat pokes too when it turns stale; this one also holds if the fence timeout changed.
            executor.schedule(this::poke, left + 1, TimeUnit.MILLISECONDS);
        }
        if (!heartbeat.fresh()) {
            fence();
        }
    }

    /** Stops every local app (level-based: also one adopted or still running at a later pass). */
    private void fence() {
        Set<String> running = processes.apps();
        running.removeAll(processes.stopping());
        if (running.isEmpty()) {
            return;
        }
        if (!fenced) {
            LOG.warn("{}: no confirmed contact with the broker for {} ms: stopping every local app {} (fencing), so"
                    + " that none runs on two servers once the others take them over", me,
                    heartbeat.sinceContact().toMillis(), running);
        }
        fenced = true;
        processes.stopAll("fencing: no shared store");
    }

    private void regainedStore() {
        disconnected = false;
        fenceArmed = false;
        fenced = false;
        syncToken = me + "-" + Long.toHexString(System.nanoTime());
        lastReport = null;
        LOG.info("{}: connected to the shared store; reporting {} and waiting for the echo", me, processes.apps());
        report();
    }

    /** Writes this node's report if its content changed; never while disconnected (it would replay stale). */
    private void report() {
        if (disconnected || syncToken == null) {
            return;
        }
        NodeReport next = new NodeReport(processes.pids(), processes.stopping(), lastFailures, syncToken, Instant.now());
        if (!next.sameAs(lastReport)) {
            channel.put(Wire.nodeKey(me), Wire.json(next));
            lastReport = next;
        }
    }

    /**
     * Stops the agent; with {@code stopApps} its processes are stopped and its report removed, else the
     * watchdog is released so they keep running for the next agent to adopt.
     */
    void close(boolean stopApps) {
        try {
            executor.submit(() -> {
                closing = true;
                if (stopApps) {
                    handOver();
                    processes.stopAll("the native cluster manager is stopping");
                }
            }).get(5, TimeUnit.SECONDS);
            if (stopApps) {
                Duration wait = settings.get().stopGracePeriod().plusSeconds(3);
                if (!processes.awaitEmpty(wait)) {
                    LOG.warn("{}: apps {} still running {} ms after being asked to stop", me, processes.apps(), wait.toMillis());
                }
                if (store.snapshot().connected()) {
                    channel.remove(Wire.nodeKey(me));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("{}: native agent did not stop cleanly: {}", me, e.toString());
        } finally {
            watchdog.close(!stopApps); // released when the apps stay for the next agent, else it kills any left
            heartbeat.close();
            executor.shutdownNow();
            processes.close();
        }
    }

    @Override
    public void close() {
        close(true);
    }

    /**
     * A clean stop (Karaf shutdown, bundle stop) hands each local app to its live backup, as an app failure
     * would: the backup's agent starts it as soon as this node's report no longer shows it running, so the
     * controller sees the cluster manager's takeover rather than an app that stopped on a live server.
     * An app without a live backup is just stopped. Cut off from the store, nothing is written: the others
     * take over when the broker reports this node gone.
     */
    private void handOver() {
        StoreSnapshot snapshot = store.snapshot();
        if (!snapshot.connected() || !heartbeat.fresh() || !synced) {
            return;
        }
        Observation obs = observe(snapshot);
        for (String app : processes.apps()) {
            obs.assignment(app).filter(a -> a.isOn(me)).flatMap(Assignment::backup)
                    .filter(obs::isLive).filter(b -> !b.equals(me)).ifPresent(backup -> {
                        Assignment written = book.write(app, Optional.of(backup), Optional.empty());
                        LOG.info("{}: {} is now {}: {} is stopping, handed over to its backup", me, app, written, me);
                    });
        }
    }

    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: agent closed; dropped a task", me);
        }
    }
}
