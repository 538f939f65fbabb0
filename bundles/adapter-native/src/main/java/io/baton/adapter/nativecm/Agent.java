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
 * loses its lease. All its decisions run on one thread, triggered by store changes, process exits
 * and a slow tick (a safety net: every trigger is level-based, so a missed one loses nothing).
 *
 * <p>It acts (starts, takes over, records) only while the store says it is quorate; it keeps its apps
 * while it holds its lease (a majority acknowledged it, SPEC "Availability and trust") and stops every
 * one (fencing) when the lease runs out; the {@link Watchdog} kills them from outside the JVM at the
 * same moment, should the JVM freeze or die. It takes an app over from a node only once the store
 * counts that node departed: dead, or fenced for sure.
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
        this.watchdog = new Watchdog(me, settings, () -> store.snapshot().membership().leased()
                ? store.leaseDeadlineNanos() - System.nanoTime() : 0);
    }

    void start() {
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
            // The lease's deadline is read now, not from the snapshot: a JVM that wakes from a freeze runs this
            // thread before the store's has published that the lease ran out, and the others may be taking its apps.
            if (!snapshot.quorate() || !leaseHeld()) {
                notQuorate(snapshot);
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
                LOG.info("{}: in sync with the shared store; following the assignments (taking over from nodes that"
                        + " departed)", me);
            }
            rules.prepare(snapshot);
            Observation obs = observe(snapshot);
            Set<String> departed = snapshot.membership().departed();
            List<Action> actions = AgentPlan.plan(me, obs, processes.apps(), processes.stopping(),
                    unhandledFailures.keySet(), departed::contains, departed::contains);
            execute(actions);
        } catch (RuntimeException | Error e) { // Error too: no input may end the agent's thread
            LOG.error("{}: native agent pass failed; retrying at the next change", me, e);
        }
    }

    /** The cluster as this node sees it now: live nodes, assignments with its own pending writes, reports. */
    private Observation observe(StoreSnapshot snapshot) {
        return new Observation(snapshot.liveNodes(), book.effective(), Wire.reports(channel.entries()));
    }

    private void execute(List<Action> actions) {
        boolean startFailed = false;
        for (Action a : actions) {
            if (a instanceof AgentPlan.Stop s) {
                processes.stop(s.app(), s.why());
            } else if (a instanceof AgentPlan.Start s) {
                if (!leaseHeld()) {
                    LOG.warn("{}: not starting {}: this node's lease ran out during the pass", me, s.app());
                    poke(); // the next pass fences
                    continue;
                }
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
        } else if (!leaseHeld()) {
            // its lease ran out (the store may not have said so yet, after a freeze): the watchdog fenced it
            LOG.info("{}: {} stopped while this node holds no lease (pid {}, {}): fenced", me, exit.app(), exit.pid(), code);
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

    private boolean leaseHeld() {
        return store.leaseDeadlineNanos() - System.nanoTime() > 0;
    }

    /** Stops acting at once; fences once the lease has run out (the store tells that moment, a pass follows). */
    private void notQuorate(StoreSnapshot snapshot) {
        boolean leased = snapshot.membership().leased() && leaseHeld();
        if (!fenceArmed) {
            disconnected = true;
            fenceArmed = true;
            synced = false;
            syncToken = null;
            book.forgetPending();
            String why = !snapshot.connected() ? "not in step with the shared store"
                    : "not quorate (no majority on this node's broker)";
            long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(store.leaseDeadlineNanos() - System.nanoTime()));
            if (processes.apps().isEmpty()) {
                LOG.info("{}: {}; waiting", me, why);
            } else if (leased) {
                LOG.warn("{}: {}; acting on nothing. Local apps {} keep running while the lease holds ({} ms left)",
                        me, why, processes.apps(), left);
            }
        }
        if (!leased) {
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
            LOG.warn("{}: its lease ran out (no majority acknowledged it): stopping every local app {} (fencing), so"
                    + " that none runs on two servers once the others take them over", me, running);
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
        LOG.info("{}: quorate; reporting {} and waiting for the report to come back", me, processes.apps());
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
        if (!snapshot.quorate() || !synced) {
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
