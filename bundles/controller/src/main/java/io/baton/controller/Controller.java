package io.baton.controller;

import io.baton.api.decision.Decision;
import io.baton.api.decision.InvalidTriggerException;
import io.baton.api.decision.Trigger;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;
import io.baton.api.model.ServerState;
import io.baton.api.spi.ClusterManager;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.ControllerLease;
import io.baton.api.spi.ControllerService;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.PlacementPolicy;
import io.baton.api.spi.Registration;
import io.baton.api.spi.RequestOutcome;
import io.baton.api.spi.SharedStore;
import io.baton.api.spi.StoreSnapshot;
import io.baton.api.steps.ControllerStep;
import io.baton.api.steps.StepObserver;
import io.baton.core.ChangeDetector;
import io.baton.core.DecisionEngine;
import io.baton.rules.RulesInForce;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The controller of this node. Every node runs one; the elected one is active. All its work runs
 * on one thread, so decisions are strictly sequential. While active it keeps the server state and
 * application tables it last wrote as the truth (the store's mirror lags its own writes) and, for
 * each trigger: decides with the core, writes the changed rows with processing flags, instructs the
 * cluster manager, writes the settled rows and records the decision in the history (SPEC
 * "Processing flags"). It never starts an application itself.
 */
// Two PIDs: its own settings, and the adapter selection it shares with the state monitor (no @Designate:
// the metatype of each PID is designated by its @ObjectClassDefinition's pid).
@Component(service = ControllerService.class, immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        configurationPid = {"io.baton.controller", "io.baton.adapter"})
public final class Controller implements ControllerService {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    /** How long a new leader waits for a live controller to hand over before it takes over anyway. */
    private static final Duration HANDOVER_TIMEOUT = Duration.ofSeconds(5);

    private final SharedStore store;
    private final String me;
    private final Duration formationTimeout;
    private final Duration retryDelay;
    private final PlacementPolicy policy = new DecisionEngine();
    private final RulesInForce rulesInForce = new RulesInForce();
    private final RequestDesk requests;
    private final StepObservers stepObservers = new StepObservers();
    private final DecisionCarrier carrier;
    private final ScheduledExecutorService loop;
    private final AtomicBoolean evaluationQueued = new AtomicBoolean();
    private final List<Runnable> activationListeners = new CopyOnWriteArrayList<>();
    private final Registration storeRegistration;

    private volatile ClusterManager clusterManager;
    private volatile boolean active;

    // Owned by the loop thread.
    private long term;
    private Rules rules;
    private ClusterState tables;
    private Instant formationDeadline = Instant.MAX;
    private Instant waitingSince;
    private boolean retryScheduled;
    private long handedOverTerm; // the term of the last lease this node handed to another
    private Instant handedOverAt = Instant.MIN;

    @Activate
    public Controller(@Reference SharedStore store, ControllerConfig config) {
        this.store = store;
        this.me = store.node();
        this.requests = new RequestDesk(store);
        this.carrier = new DecisionCarrier(store, stepObservers);
        this.formationTimeout = Duration.ofSeconds(config.formationTimeoutSeconds());
        this.retryDelay = Duration.ofSeconds(config.retryDelaySeconds());
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "baton-controller"));
        this.storeRegistration = store.addListener(s -> scheduleEvaluation());
        // Re-evaluated every second too: the formation deadline and request expiry pass without events.
        loop.scheduleWithFixedDelay(this::scheduleEvaluation, 1, 1, TimeUnit.SECONDS);
        scheduleEvaluation();
    }

    @Reference(name = "clusterManager", policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            cardinality = ReferenceCardinality.OPTIONAL, target = "(baton.adapter=*)")
    void bindClusterManager(ClusterManager manager) {
        clusterManager = manager;
        LOG.info("Cluster-manager adapter {} bound", manager.name());
        onLoop(() -> {
            if (active && formed()) {
                reconcile("adapter " + manager.name() + " bound");
            }
        });
    }

    /** Tracing, metrics or fault injection at the controller's step boundaries (none is needed). */
    @Reference(name = "stepObserver", policy = ReferencePolicy.DYNAMIC, cardinality = ReferenceCardinality.MULTIPLE)
    void bindStepObserver(StepObserver observer) {
        stepObservers.add(observer);
    }

    void unbindStepObserver(StepObserver observer) {
        stepObservers.remove(observer);
    }

    void unbindClusterManager(ClusterManager manager) {
        if (clusterManager == manager) {
            clusterManager = null;
            LOG.info("Cluster-manager adapter {} unbound", manager.name());
        }
    }

    @Deactivate
    void deactivate() {
        storeRegistration.close();
        loop.shutdownNow();
        active = false;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public Optional<ControllerLease> lease() {
        return store.snapshot().controller();
    }

    @Override
    public void submit(Trigger trigger) {
        onLoop(() -> {
            if (active && formed()) {
                tryDecide(trigger);
            }
        });
    }

    @Override
    public void viewChanged(ClusterView view) {
        onLoop(() -> {
            if (active && formed()) {
                followClusterManager();
            }
        });
    }

    @Override
    public Optional<RequestOutcome> request(OperatorRequest request, Duration timeout) throws InterruptedException {
        CompletableFuture<RequestOutcome> answer = new CompletableFuture<>();
        try (Registration r = store.addListener(s -> Optional.ofNullable(s.outcomes().get(request.id())).ifPresent(answer::complete))) {
            store.submitRequest(request);
            return Optional.of(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public Registration addActivationListener(Runnable listener) {
        activationListeners.add(listener);
        return () -> activationListeners.remove(listener);
    }

    private void scheduleEvaluation() {
        if (evaluationQueued.compareAndSet(false, true)) {
            onLoop(this::evaluate);
        }
    }

    /** Runs work on the controller's thread; after deactivation there is none and the work is dropped. */
    private void onLoop(Runnable work) {
        try {
            loop.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Controller deactivated; dropped {}", work);
        }
    }

    /** Elects, takes over or steps down, then does what the store asks for: new rules, formation, requests. */
    private void evaluate() {
        evaluationQueued.set(false);
        try {
            StoreSnapshot snapshot = store.snapshot();
            if (rulesInForce.update(snapshot.rules()) == RulesInForce.Change.REFUSED) {
                LOG.error("{}", rulesInForce.problem());
            }
            Optional<Rules> current = rulesInForce.rules();
            if (current.isEmpty() || !snapshot.quorate()) {
                if (active) {
                    stepDown(current.isEmpty() ? "no rules" : !snapshot.connected() ? "lost the store"
                            : "this node is not quorate (no majority on its broker)");
                }
                return;
            }
            Rules r = current.get();
            ClusterState known = active ? tables : snapshot.tables();
            Optional<String> leader = Election.leader(r, Election.candidates(snapshot), known);
            Optional<ControllerLease> lease = snapshot.controller();
            if (active) {
                if (lease.filter(l -> Election.supersedes(l, me, term, r)).isPresent()) {
                    stepDown("controller " + lease.get().server() + " took over with term " + lease.get().term());
                    return;
                }
                if (!leader.equals(Optional.of(me))) {
                    handOver(leader);
                    return;
                }
            } else if (leader.equals(Optional.of(me)) && mayTakeOver(snapshot, lease)) {
                takeOver(lease, snapshot, r);
            } else if (!leader.equals(Optional.of(me))) {
                waitingSince = null;
            }
            if (!active) {
                return;
            }
            if (r != rules) {
                tryDecide(new Trigger.RulesDeployed(), r);
            }
            if (!formed()) {
                tryForm(snapshot);
            } else {
                requests.answerPending(snapshot, (trigger, carriedOut) -> decide(trigger, rules, carriedOut), this::requireMember);
            }
        } catch (RuntimeException | Error e) { // Error too: no input may end the controller's thread
            LOG.error("Controller evaluation failed; it is tried again on the next change", e);
        }
    }

    /**
     * A leader takes over when the lease was handed to it, when there is no controller, when the
     * controller's node is gone (failover), or when a live controller has not handed over in time.
     */
    private boolean mayTakeOver(StoreSnapshot snapshot, Optional<ControllerLease> lease) {
        if (lease.map(ControllerLease::term).orElse(0L) < handedOverTerm
                && Instant.now().isBefore(handedOverAt.plus(HANDOVER_TIMEOUT))) {
            // this node's own lease from before its hand-over (writes come back asynchronously): not a reason to
            // take over again, only a newer lease is (or the hand-over lost for good)
            return false;
        }
        if (lease.isEmpty() || lease.get().server().equals(me) || !snapshot.liveNodes().contains(lease.get().server())) {
            return true;
        }
        Instant now = Instant.now();
        if (waitingSince == null) {
            waitingSince = now;
            LOG.info("This node ({}) comes first now; waiting for controller {} to hand over", me, lease.get().server());
        }
        return !now.isBefore(waitingSince.plus(HANDOVER_TIMEOUT));
    }

    /** Finished with its last decision, the controller gives the lease to the new leader (one controller at a time). */
    private void handOver(Optional<String> leader) {
        leader.ifPresent(next -> {
            store.putController(new ControllerLease(next, term + 1));
            handedOverTerm = term + 1;
            handedOverAt = Instant.now();
        });
        stepDown(leader.map(next -> "server " + next + " comes first now; handed over with term " + (term + 1))
                .orElse("no server can be controller"));
    }

    private void takeOver(Optional<ControllerLease> lease, StoreSnapshot snapshot, Rules r) {
        boolean handedToMe = lease.filter(l -> l.server().equals(me) && l.term() >= handedOverTerm).isPresent();
        term = handedToMe ? lease.get().term()
                : Math.max(lease.map(ControllerLease::term).orElse(0L), handedOverTerm) + 1;
        if (!handedToMe) {
            store.putController(new ControllerLease(me, term));
        }
        waitingSince = null;
        rules = r;
        tables = new ClusterState(snapshot.tables().servers(), Map.of(), snapshot.tables().apps());
        formationDeadline = Instant.now().plus(formationTimeout);
        active = true;
        LOG.info("This node ({}) is the controller now, term {}", me, term);
        activationListeners.forEach(Runnable::run);
        stepObservers.reached(ControllerStep.TOOK_OVER, "takeover", tables);
        if (formed()) {
            reconcile("controller " + me + " took over");
        }
    }

    private void stepDown(String why) {
        active = false;
        tables = null;
        retryScheduled = false;
        LOG.info("This node ({}) stops acting as controller: {}", me, why);
        activationListeners.forEach(Runnable::run);
    }

    /** The cluster has formed once a server has been up. */
    private boolean formed() {
        return tables.servers().values().stream().anyMatch(s -> s.state() != ServerState.DOWN);
    }

    /** SPEC "Initial start": when every server of the rules is a member, or the formation timeout passed. */
    private void tryForm(StoreSnapshot snapshot) {
        ClusterManager manager = clusterManager;
        if (manager == null) {
            return;
        }
        ClusterView view;
        try {
            view = manager.view();
        } catch (ClusterManagerException e) {
            LOG.warn("Cannot form the cluster yet: {}", e.getMessage());
            return;
        }
        List<String> up = rules.servers().stream().filter(view.members()::contains).toList();
        boolean everyone = up.size() == rules.servers().size();
        if (!up.isEmpty() && (everyone || !Instant.now().isBefore(formationDeadline))) {
            if (!everyone) {
                LOG.info("Forming the cluster without {} after {} s", rules.servers().stream()
                        .filter(s -> !up.contains(s)).collect(Collectors.joining(", ")), formationTimeout.toSeconds());
            }
            tryDecide(new Trigger.ClusterStarted(up));
            followClusterManager();
        }
    }

    /** Decides on every difference between the tables and the cluster manager's view, one at a time. */
    private void followClusterManager() {
        ClusterManager manager = clusterManager;
        int rounds = 2 * rules.servers().size() + rules.apps().size() + 2;
        for (int i = 0; manager != null && i < rounds; i++) {
            ClusterView view;
            try {
                // Read again after each decision: the view of before would show our own moves as failures.
                view = manager.view();
            } catch (ClusterManagerException e) {
                LOG.warn("Cannot compare with the cluster manager: {}", e.getMessage());
                return;
            }
            List<Trigger> triggers = ChangeDetector.detect(rules, currentState(), view);
            if (triggers.isEmpty() || tryDecide(triggers.get(0)).isEmpty()) {
                return;
            }
        }
    }

    private void reconcile(String why) {
        ClusterManager manager = clusterManager;
        if (manager == null) {
            return;
        }
        try {
            ClusterView view = manager.view();
            LOG.info("Reconciling with the cluster manager ({}): {}", manager.name(), why);
            tryDecide(new Trigger.Reconcile(view.placement(), view.backups(), view.members()));
            followClusterManager();
        } catch (ClusterManagerException e) {
            LOG.warn("Cannot reconcile with the cluster manager ({}): {}", why, e.getMessage());
            scheduleRetry();
        }
    }

    private void requireMember(String server) throws ClusterManagerException {
        ClusterManager manager = clusterManager;
        if (manager != null && rules.servers().contains(server) && !manager.view().members().contains(server)) {
            throw new InvalidTriggerException("cannot attach server " + server + ": the cluster manager does not see it "
                    + "as a member (is its node running?)");
        }
    }

    /** Decides with the rules in force; failures are logged (and recorded), never thrown. */
    private Optional<Decision> tryDecide(Trigger trigger) {
        return tryDecide(trigger, rules);
    }

    private Optional<Decision> tryDecide(Trigger trigger, Rules with) {
        try {
            return Optional.of(decide(trigger, with));
        } catch (InvalidTriggerException e) {
            LOG.warn("Ignored {}: {}", Describe.trigger(trigger), e.getMessage());
        } catch (ClusterManagerException e) {
            // logged and recorded by the carrier; a reconciliation retries
        }
        return Optional.empty();
    }

    /**
     * One decision, carried out: intended rows (flags set) → instructions → settled rows → history.
     * A failed instruction leaves the rows flagged; a reconciliation redoes the step later.
     */
    private Decision decide(Trigger trigger, Rules with) throws ClusterManagerException {
        return decide(trigger, with, decision -> { });
    }

    /** @param carriedOut told once the cluster manager confirmed every instruction, before the settled rows are written */
    private Decision decide(Trigger trigger, Rules with, java.util.function.Consumer<Decision> carriedOut)
            throws ClusterManagerException {
        ClusterState before = currentState();
        Decision decision = policy.decide(with, before, trigger);
        rules = with;
        tables = decision.intended();
        try {
            carrier.carryOut(trigger, decision, before, clusterManager, term, carriedOut);
        } catch (ClusterManagerException e) {
            scheduleRetry();
            throw e;
        }
        tables = decision.settled();
        return decision;
    }

    private void scheduleRetry() {
        if (!retryScheduled) {
            retryScheduled = true;
            loop.schedule(() -> {
                retryScheduled = false;
                if (active && formed()) {
                    reconcile("retry after a failed instruction");
                }
            }, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The tables as this controller wrote them, with the loads every node writes. */
    private ClusterState currentState() {
        return new ClusterState(tables.servers(), store.snapshot().tables().loads(), tables.apps());
    }
}
