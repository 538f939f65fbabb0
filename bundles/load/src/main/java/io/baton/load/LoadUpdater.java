package io.baton.load;

import io.baton.api.spi.ControllerService;
import io.baton.api.spi.LoadSource;
import io.baton.api.spi.SharedStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The load updater (SPEC "Runtime shape"): on every server, every {@code intervalSeconds} it writes
 * this server's row of the load table; on the server whose controller is active it then triggers the
 * periodic load check. A configuration change restarts it (no {@code @Modified}).
 */
@Component(service = {}, immediate = true, configurationPid = LoadConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LoadConfig.class)
public final class LoadUpdater {
    private static final Logger LOG = LoggerFactory.getLogger(LoadUpdater.class);

    // Optional and dynamic: the load table is kept on every server, controller or not, and the
    // controller may come and go without restarting the updater.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ControllerService controller;

    private final ScheduledExecutorService executor;

    @Activate
    public LoadUpdater(@Reference SharedStore store, @Reference LoadSource source, LoadConfig config) {
        LoadSettings settings = LoadSettings.from(config);
        this.executor = start(new LoadCycle(store, source, settings, () -> Optional.ofNullable(controller)),
                settings.interval());
        LOG.info("load updater of {} started: every {} s, score {}, smoothing {}", store.node(),
                settings.interval().toSeconds(), settings.score().label(), settings.smoothing());
    }

    /** For tests: the controller comes from {@code controller} instead of the service registry. */
    LoadUpdater(SharedStore store, LoadSource source, LoadSettings settings,
                Supplier<Optional<ControllerService>> controller) {
        this.executor = start(new LoadCycle(store, source, settings, controller), settings.interval());
    }

    private static ScheduledExecutorService start(LoadCycle cycle, Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-load-updater");
            t.setDaemon(true);
            return t;
        });
        // fixed delay, not rate: a slow measurement must not make updates pile up
        executor.scheduleWithFixedDelay(() -> runSafely(cycle), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return executor;
    }

    private static void runSafely(LoadCycle cycle) {
        try {
            cycle.run();
        } catch (RuntimeException | Error e) {
            // anything escaping a periodic task would silently end all later runs (LinkageError: a native library
            // OSHI could not load)
            LOG.error("load update failed unexpectedly; continuing", e);
        }
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("load updater did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
