package io.baton.load;

import io.baton.support.DistinctErrors;
import io.baton.api.decision.Trigger;
import io.baton.api.model.ServerLoad;
import io.baton.api.spi.ControllerService;
import io.baton.api.spi.LoadSample;
import io.baton.api.spi.LoadSource;
import io.baton.api.spi.SharedStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One load update: measure, smooth, score, write this server's row, and hand the active controller
 * of this server its periodic load check. Never throws: a failing step is logged and the update
 * skipped, because the next one may well work. Called by one thread at a time.
 */
final class LoadCycle {
    private static final Logger LOG = LoggerFactory.getLogger(LoadCycle.class);

    private final SharedStore store;
    private final LoadSource source;
    private final Supplier<Optional<ControllerService>> controller;
    private final LoadScore score;
    private final Smoothing smoothing;
    private final DistinctErrors errors = new DistinctErrors(LOG);

    LoadCycle(SharedStore store, LoadSource source, LoadSettings settings,
              Supplier<Optional<ControllerService>> controller) {
        this.store = Objects.requireNonNull(store, "store");
        this.source = Objects.requireNonNull(source, "source");
        this.controller = Objects.requireNonNull(controller, "controller");
        this.score = settings.score();
        this.smoothing = new Smoothing(settings.smoothing());
    }

    void run() {
        LoadSample sample;
        try {
            sample = Objects.requireNonNull(source.sample(), "the load source returned no sample");
        } catch (RuntimeException | LinkageError e) { // LinkageError: a native library OSHI could not load
            errors.report("measuring the load", e);
            return;
        }
        LoadSample value = smoothing.apply(sample);
        try {
            store.putLoad(new ServerLoad(store.node(), value.cpu(), value.memory(), value.network(),
                    score.of(value), Instant.now()));
        } catch (RuntimeException e) {
            errors.report("writing the load row", e);
            return;
        }
        errors.succeeded("load update");
        tick();
    }

    /** The periodic load check runs on the controller's server only, right after its own row is written. */
    private void tick() {
        try {
            Optional<ControllerService> local = controller.get();
            if (local.isPresent() && local.get().isActive()) {
                local.get().submit(new Trigger.LoadTick());
            }
        } catch (RuntimeException e) {
            errors.report("handing the load check to the controller", e);
        }
    }
}
