package io.baton.itests.crashpoint;

import io.baton.api.model.ClusterState;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.SharedStore;
import io.baton.api.spi.StoreSnapshot;
import io.baton.api.steps.ControllerStep;
import io.baton.api.steps.StepObserver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Halts this JVM, as a crash would (no clean-up, no goodbye to the broker), the first time the controller passes a
 * configured step boundary of a configured trigger kind: the fault tests' way to stop a controller exactly between
 * two of its steps. Before halting it waits (at most 2 s) for the rows the controller wrote so far to come back from
 * the broker into this node's mirror, so the state left behind is the one of that boundary, not of an earlier one.
 *
 * <p>Armed by {@code etc/io.baton.itests.crashpoint.cfg}: {@code at = intended-rows:fail} (a step's label, a
 * trigger kind or {@code *}) and {@code id}. It fires once per id: a marker under {@code data/crashpoint/} keeps a
 * node restarted with the same configuration from halting again.
 */
@Component(service = StepObserver.class, configurationPid = CrashPoint.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CrashPoint.Config.class)
public final class CrashPoint implements StepObserver {
    static final String PID = "io.baton.itests.crashpoint";
    private static final Logger LOG = LoggerFactory.getLogger(CrashPoint.class);
    private static final long ROWS_WAIT_NANOS = 2_000_000_000L;

    @ObjectClassDefinition(name = "Baton crash point (tests only)",
            description = "Halts the JVM when the controller passes a step boundary.")
    public @interface Config {
        @AttributeDefinition(description = "step:trigger, e.g. intended-rows:fail; the trigger may be *.")
        String at();

        @AttributeDefinition(description = "Names this arming: it fires once.")
        String id();
    }

    private final SharedStore store;
    private final ControllerStep step;
    private final String trigger;
    private final String id;
    private final Path marker;

    @Activate
    public CrashPoint(@Reference SharedStore store, Config config) {
        this.store = store;
        String at = config.at().trim();
        int colon = at.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(PID + ": at must be step:trigger (e.g. intended-rows:fail), was " + at);
        }
        this.step = ControllerStep.ofLabel(at.substring(0, colon));
        this.trigger = at.substring(colon + 1);
        this.id = config.id().trim();
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(PID + ": id must be letters, digits, '.', '_' or '-', was " + id);
        }
        this.marker = Path.of(System.getProperty("karaf.data", "data"), "crashpoint", id + ".fired");
        if (Files.exists(marker)) {
            LOG.info("crash point {} fired before ({}); disarmed", id, marker);
        } else {
            LOG.warn("crash point {} armed: this JVM halts at {} of {}", id, step.label(), trigger);
        }
    }

    @Override
    public void reached(ControllerStep reached, String kind, ClusterState written) {
        if (reached != step || !(trigger.equals("*") || trigger.equals(kind)) || Files.exists(marker)) {
            return;
        }
        boolean arrived = awaitMirror(s -> rowsMatch(s, written));
        try {
            Files.createDirectories(marker.getParent());
            Files.createFile(marker);
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("crash point " + id + ": cannot write " + marker, e);
        }
        LOG.warn("crash point {}: halting this JVM at {} of {} ({})", id, reached.label(), kind,
                arrived ? "its rows reached the broker" : "its rows did not come back within 2 s");
        Runtime.getRuntime().halt(99);
    }

    private boolean awaitMirror(Predicate<StoreSnapshot> done) {
        long deadline = System.nanoTime() + ROWS_WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            if (done.test(store.snapshot())) {
                return true;
            }
            Thread.onSpinWait(); // a halt is coming: no thread to hand the CPU back to matters
        }
        return false;
    }

    /** Whether the mirror holds the apps' and servers' rows as written (loads are every node's own). */
    private static boolean rowsMatch(StoreSnapshot s, ClusterState written) {
        Map<String, ServerStatus> servers = s.tables().servers();
        return written.apps().equals(s.tables().apps())
                && written.servers().entrySet().stream().allMatch(e -> e.getValue().equals(servers.get(e.getKey())));
    }
}
