package io.baton.adapter.nativecm;

import io.baton.api.spi.ClusterManager;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterManagerListener;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.KeyValueChannel;
import io.baton.api.spi.Registration;
import io.baton.api.spi.SharedStore;
import io.baton.api.spi.StoreSnapshot;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Baton's own cluster manager, the default adapter. The same component runs on every node: there
 * it is the agent that starts, stops, watches and takes over apps as OS processes; on the
 * controller's node it also carries out the controller's instructions. Nodes share nothing but the
 * store's {@code native} channel and presence (see {@link Wire} for the records).
 */
// immediate: the agent must run on every node, not only where the controller uses the service
@Component(service = ClusterManager.class, property = "baton.adapter=native",
        configurationPid = NativeClusterManager.PID, immediate = true)
@Designate(ocd = NativeConfig.class)
public final class NativeClusterManager implements ClusterManager, AutoCloseable {
    public static final String PID = "io.baton.adapter.native";
    private static final Logger LOG = LoggerFactory.getLogger(NativeClusterManager.class);

    private final SharedStore store;
    private final KeyValueChannel channel;
    private final AssignmentBook book;
    private final ChangeSignal signal = new ChangeSignal();
    private final Agent agent;
    private final ViewNotifier notifier;
    private final Instructions instructions;
    private final List<Registration> registrations;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Settings settings;

    @Activate
    public NativeClusterManager(@Reference(name = "store") SharedStore store, NativeConfig config) {
        this(store, Settings.from(config));
    }

    /** For embedding and tests: the component with resolved settings, started at once. */
    public NativeClusterManager(SharedStore store, Settings settings) {
        this.store = store;
        this.settings = settings;
        this.channel = store.channel(Wire.CHANNEL);
        this.book = new AssignmentBook(channel);
        this.agent = new Agent(store, channel, book, () -> this.settings);
        this.notifier = new ViewNotifier(store.node(), this::observeIfReady, () -> this.settings);
        this.instructions = new Instructions(new Instructions.Observer() {
            @Override
            public Observation observe() throws ClusterManagerException {
                return NativeClusterManager.this.observe();
            }

            @Override
            public boolean inSync() {
                return agent.synced();
            }
        }, book, signal, () -> this.settings);
        LOG.info("native cluster manager on {}: {}", store.node(), settings);
        this.registrations = List.of(store.addListener(s -> changed()), channel.addListener(entries -> changed()));
        agent.start();
    }

    @Modified
    void modified(NativeConfig config) {
        settings = Settings.from(config);
        LOG.info("native cluster manager on {}: now {}", store.node(), settings);
    }

    @Deactivate
    void deactivate() {
        close(settings.stopAppsOnDeactivate());
    }

    @Override
    public String name() {
        return "native";
    }

    /**
     * The view from the live nodes' reports. Waits (at most the settle timeout) for takeovers under
     * way, so the controller reads the placement after the cluster manager's own takeover.
     */
    @Override
    public ClusterView view() throws ClusterManagerException {
        long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
        try {
            signal.await(() -> observeIfReady().map(o -> o.unsettled().isEmpty()).orElse(!connected()), deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterManagerException("interrupted while reading the native cluster manager's view", e);
        }
        if (!agent.synced()) {
            observe(); // throws when not connected
            throw new ClusterManagerException("native cluster manager on " + store.node()
                    + ": not yet in sync with the shared store after connecting; try again");
        }
        return observe().view();
    }

    @Override
    public void start(String app, String server) throws ClusterManagerException {
        instructions.start(app, server);
    }

    @Override
    public void stop(String app, String server) throws ClusterManagerException {
        instructions.stop(app, server);
    }

    @Override
    public void move(String app, String from, String to) throws ClusterManagerException {
        instructions.move(app, from, to);
    }

    @Override
    public void setBackup(String app, Optional<String> backup) throws ClusterManagerException {
        instructions.setBackup(app, backup);
    }

    @Override
    public Registration addListener(ClusterManagerListener listener) {
        return notifier.add(listener);
    }

    /** This node's process table (app to pid and start time), for operators and tests. */
    public Map<String, LocalProcess> processes() {
        return agent.processes();
    }

    /** Stops the component as configured for deactivation. */
    @Override
    public void close() {
        close(true);
    }

    /** Stops the component; {@code stopApps} false leaves the apps running for the next agent to adopt. */
    public void close(boolean stopApps) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        registrations.forEach(Registration::close);
        notifier.close();
        agent.close(stopApps);
    }

    private void changed() {
        signal.bump();
        agent.poke();
        notifier.poke();
    }

    /** The pid of this node's watchdog process, while one runs. */
    Optional<Long> watchdogPid() {
        return agent.watchdogPid();
    }

    /** Whether this node's agent has caught up with the store since it (re)connected. */
    boolean inSync() {
        return agent.synced();
    }

    private boolean connected() {
        return store.snapshot().connected();
    }

    private Observation observe() throws ClusterManagerException {
        StoreSnapshot snapshot = store.snapshot();
        if (!snapshot.connected()) {
            throw new ClusterManagerException("native cluster manager on " + store.node()
                    + ": not connected to the shared store, so the members and placement are unknown");
        }
        return new Observation(snapshot.liveNodes(), book.effective(), Wire.reports(channel.entries()));
    }

    private Optional<Observation> observeIfReady() {
        try {
            return agent.synced() ? Optional.of(observe()) : Optional.empty();
        } catch (ClusterManagerException e) {
            return Optional.empty();
        }
    }
}
