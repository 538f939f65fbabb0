package io.baton.store.mqtt;

import io.baton.api.model.AppStatus;
import io.baton.api.model.HistoryEntry;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.ControllerLease;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.Echo;
import io.baton.api.spi.KeyValueChannel;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.Registration;
import io.baton.api.spi.RequestOutcome;
import io.baton.api.spi.SharedStore;
import io.baton.api.spi.StoreListener;
import io.baton.api.spi.StoreSnapshot;
import io.baton.store.mqtt.Decoder.History;
import io.baton.store.mqtt.Topics.Address;
import io.baton.store.mqtt.Topics.Kind;
import io.baton.trust.Keyring;
import io.baton.trust.TrustDirectory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The shared store over MQTT retained messages (SPEC "Runtime shape"): one retained topic per table row under
 * {@code baton/<cluster>/}, mirrored identically on every node. Registered at once; {@link StoreSnapshot#connected()}
 * tells when the mirror is in step with the broker. A configuration change restarts it.
 *
 * <p>The service is registered by hand, with only the cluster and node as properties: DS would copy every
 * configuration property into the service registry, the broker password included.
 */
@Component(service = {}, immediate = true, configurationPid = StoreConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StoreConfig.class)
public final class MqttSharedStore implements SharedStore {
    /** The history topic's largest payload: far below the embedded broker's 1 MiB message limit. */
    static final int HISTORY_MAX_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(MqttSharedStore.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);
    private static final Address HISTORY = new Address(Kind.HISTORY, "", "");

    private final StoreSettings settings;
    private final Topics topics;
    private final Codec codec;
    private final StoreEngine engine;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    /** History entries appended but not yet written: a burst is encoded and signed once, not once per entry. */
    private final Queue<HistoryEntry> historyToWrite = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean historyWriteQueued = new AtomicBoolean();
    private final Echo echo;

    private final ServiceRegistration<SharedStore> registration;

    @Activate
    public MqttSharedStore(StoreConfig config, BundleContext context) {
        this(StoreSettings.from(config), keys(config), context);
    }

    /** Outside OSGi (tests, tools): not registered as a service. */
    MqttSharedStore(StoreSettings settings, Keyring keys) {
        this(settings, keys, (BundleContext) null);
    }

    private MqttSharedStore(StoreSettings settings, Keyring keys, BundleContext context) {
        this(settings, keys, (broker, clientId, will) -> new PahoTransport(settings, settings.brokerUrls().get(broker),
                clientId, will), context);
    }

    MqttSharedStore(StoreSettings settings, Keyring keys, StoreEngine.Transports transports, BundleContext context) {
        this.settings = settings;
        this.topics = new Topics(settings.cluster());
        Versions versions = new Versions();
        this.codec = new Codec(settings.node(), versions);
        this.engine = new StoreEngine(settings, keys, topics, codec, versions, transports,
                new StoreThread("baton-store-" + settings.cluster() + "-" + settings.node()));
        this.echo = new Echo() {
            @Override
            public void send(String text) {
                engine.echo(Objects.requireNonNull(text, "text"));
            }

            @Override
            public Registration addListener(Consumer<String> listener) {
                return engine.addEchoListener(listener);
            }

            @Override
            public String toString() {
                return "echo of " + settings.node();
            }
        };
        engine.start();
        LOG.info("shared store started: {}; {}", settings, keys);
        this.registration = context == null ? null : context.registerService(SharedStore.class, this,
                new Hashtable<>(Map.of("baton.cluster", settings.cluster(), "baton.node", settings.node())));
    }

    /** The node's keys from {@code keyDirectory}, made where missing ({@link TrustDirectory}). */
    private static Keyring keys(StoreConfig config) {
        StoreSettings settings = StoreSettings.from(config);
        Path dir = Optional.of(config.keyDirectory().trim()).filter(d -> !d.isEmpty()).map(Path::of)
                .or(() -> Optional.ofNullable(System.getProperty("karaf.etc")).map(etc -> Path.of(etc, "baton")))
                .orElseThrow(() -> new IllegalArgumentException("keyDirectory: not set, and not in Karaf (no karaf.etc)"));
        try {
            TrustDirectory.Opened opened = TrustDirectory.open(dir, settings.cluster(), settings.node());
            opened.made().forEach(made -> LOG.info("{}: made {}", settings.node(), made));
            return opened.keyring();
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: the shared store cannot start without its keys: {}", settings.node(), e.getMessage());
            throw new IllegalStateException("keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Deactivate
    void stop() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // unregistered already (the bundle is stopping)
            }
        }
        engine.close(CLOSE_TIMEOUT);
        LOG.info("shared store of {} stopped", settings.node());
    }

    /** For tests: stops as a crashed process would, leaving the broker to publish this node's Will. */
    void abort() {
        engine.abort();
    }

    /** Messages from the brokers ignored since the start: malformed, too large, too deep, not of the layout. */
    long rejectedMessages() {
        return engine.rejected();
    }

    /** For tests: how many of this node's writes the broker has not confirmed yet. */
    int unconfirmedWrites() {
        java.util.concurrent.CompletableFuture<Integer> count = new java.util.concurrent.CompletableFuture<>();
        engine.execute(() -> count.complete(engine.outbox().unconfirmed()));
        return count.join();
    }

    @Override
    public String cluster() {
        return settings.cluster();
    }

    @Override
    public String node() {
        return settings.node();
    }

    @Override
    public StoreSnapshot snapshot() {
        return engine.views().snapshot();
    }

    @Override
    public void putRules(DeployedRules rules) {
        engine.writeAsOperator(topics.rules(), codec.rules(rules));
    }

    @Override
    public void putServer(ServerStatus row) {
        engine.write(topics.server(row.name()), codec.server(row));
    }

    @Override
    public void putLoad(ServerLoad row) {
        engine.write(topics.load(row.server()), codec.load(row));
    }

    @Override
    public void putApp(AppStatus row) {
        engine.write(topics.app(row.name()), codec.app(row));
    }

    @Override
    public void removeApp(String app) {
        engine.write(topics.app(Objects.requireNonNull(app, "app")), codec.removed());
    }

    @Override
    public void putController(ControllerLease lease) {
        engine.write(topics.controller(), codec.controller(lease));
    }

    @Override
    public void appendHistory(HistoryEntry entry) {
        historyToWrite.add(Objects.requireNonNull(entry, "entry"));
        if (historyWriteQueued.compareAndSet(false, true)) {
            engine.execute(this::writeHistory);
        }
    }

    /**
     * Writes every entry appended so far in one retained message (on the store's thread). The whole list is
     * decoded, encoded and signed per write, so a burst of entries is written once: one write per entry kept that
     * thread, which also sends the heartbeats, busy for seconds.
     */
    private void writeHistory() {
        historyWriteQueued.set(false);
        List<HistoryEntry> added = new ArrayList<>();
        for (HistoryEntry e; (e = historyToWrite.poll()) != null; ) {
            added.add(e);
        }
        if (added.isEmpty()) {
            return;
        }
        // build on this node's own latest list when it wrote the last one: the mirror may not show it yet
        List<HistoryEntry> history = new ArrayList<>(engine.outbox().owned(topics.history())
                .map(payload -> ((History) Decoder.decode(HISTORY, payload).value().orElseThrow()).entries())
                .orElseGet(() -> engine.mirror().history(topics)));
        history.addAll(added);
        List<HistoryEntry> bounded = history.subList(Math.max(0, history.size() - settings.historySize()),
                history.size());
        byte[] payload = codec.history(bounded);
        // one retained message: the oldest entries go until it fits every broker's limit
        while (payload.length > HISTORY_MAX_BYTES && bounded.size() > 1) {
            bounded = bounded.subList(Math.max(1, bounded.size() / 8), bounded.size());
            payload = codec.history(bounded);
        }
        engine.writeNow(topics.history(), payload);
    }

    @Override
    public void submitRequest(OperatorRequest request) {
        engine.writeAsOperator(topics.request(request.id()), codec.request(request));
    }

    @Override
    public void completeRequest(RequestOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        engine.execute(() -> {
            // the answer before the request goes: a controller that dies between the two (the campaign halts one
            // there) leaves an answered request, never a request gone without an answer
            engine.writeNow(topics.outcome(outcome.id()), codec.outcome(outcome));
            engine.writeNow(topics.request(outcome.id()), codec.removed());
            // keep the newest outcomes only, counting this node's own answers the broker has not echoed yet
            Map<String, RequestOutcome> known = new HashMap<>();
            engine.mirror().snapshot(true).outcomes().values().forEach(o -> known.put(topics.outcome(o.id()), o));
            engine.outbox().recent(topics.outcome("")).forEach((topic, payload) -> topics.parse(topic).ifPresent(at ->
                    Decoder.decode(at, payload).value().ifPresentOrElse(
                            value -> known.put(topic, (RequestOutcome) value), () -> known.remove(topic))));
            List<RequestOutcome> oldestFirst = new ArrayList<>(known.values());
            oldestFirst.sort(Comparator.comparing(RequestOutcome::at).thenComparing(RequestOutcome::id));
            for (int i = 0; i < oldestFirst.size() - settings.outcomesSize(); i++) {
                engine.writeNow(topics.outcome(oldestFirst.get(i).id()), codec.removed());
            }
        });
    }

    @Override
    public KeyValueChannel channel(String name) {
        Channel.requireName(name, "channel name");
        return channels.computeIfAbsent(name, n -> new Channel(n, engine, topics, codec));
    }

    @Override
    public Echo echo() {
        return echo;
    }

    @Override
    public long leaseDeadlineNanos() {
        return engine.leaseDeadline();
    }

    @Override
    public Registration addListener(StoreListener listener) {
        return engine.views().addListener(listener);
    }

    @Override
    public String toString() {
        return "MQTT store of " + settings.node() + " in cluster " + settings.cluster();
    }
}
