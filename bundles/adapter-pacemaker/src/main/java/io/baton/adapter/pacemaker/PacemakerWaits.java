package io.baton.adapter.pacemaker;

import io.baton.api.spi.ClusterManagerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Predicate;

/** Reads Pacemaker and waits for it: for a takeover under way to finish, for a start or stop to show. */
final class PacemakerWaits {
    private static final Logger LOG = LoggerFactory.getLogger(PacemakerWaits.class);
    private static final long STEP_MILLIS = 100;

    private final PacemakerCli cli;
    private final PacemakerSettings settings;

    PacemakerWaits(PacemakerCli cli, PacemakerSettings settings) {
        this.cli = cli;
        this.settings = settings;
    }

    /** One reading of the status and of Baton's constraints. */
    PacemakerSnapshot read() throws ClusterManagerException {
        PacemakerStatus status = cli.status();
        return new PacemakerSnapshot(status, cli.constraints());
    }

    /**
     * The reading once Pacemaker is not about to start the resource: when it is enabled, managed, not failed,
     * not running, and a node it may run on is a member, a takeover (or start) is under way; wait for it, at
     * most settleTimeout.
     */
    PacemakerSnapshot settled(String resource) throws ClusterManagerException {
        PacemakerSnapshot s = read();
        long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
        while (s.startPending(resource, settings.scores().exclusive()) && System.nanoTime() < deadline) {
            pause();
            s = read();
        }
        if (s.startPending(resource, settings.scores().exclusive())) {
            LOG.warn("{} is still not started after {} ms; going on", resource, settings.settleTimeout().toMillis());
        }
        return s;
    }

    /**
     * Waits until the resource's status passes the test, at most settleTimeout.
     *
     * @throws ClusterManagerException naming the operation and the last status seen when it does not
     */
    void awaitStatus(String operation, String resource, Predicate<PacemakerStatus.Resource> done)
            throws ClusterManagerException {
        long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
        while (true) {
            PacemakerStatus status = cli.status();
            PacemakerStatus.Resource r = status.resources().get(resource);
            if (r != null && done.test(r)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterManagerException(operation + " not confirmed by Pacemaker within "
                        + settings.settleTimeout().toMillis() + " ms: " + (r == null ? resource + " is gone" : r));
            }
            pause();
        }
    }

    private static void pause() throws ClusterManagerException {
        try {
            Thread.sleep(STEP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterManagerException("interrupted while waiting for Pacemaker", e);
        }
    }
}
