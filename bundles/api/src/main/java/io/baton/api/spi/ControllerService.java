package io.baton.api.spi;

import io.baton.api.decision.Trigger;
import org.osgi.annotation.versioning.ProviderType;

import java.time.Duration;
import java.util.Optional;

/**
 * The controller of this node: active on exactly one node of the cluster at a time. The state
 * monitor and the load updater of the same node hand it their triggers; the shell hands it
 * operator requests, which reach the active controller wherever it runs.
 */
@ProviderType
public interface ControllerService {

    /** Whether this node's controller is the active one. */
    boolean isActive();

    /** The lease of the active controller, as this node sees it. */
    Optional<ControllerLease> lease();

    /**
     * Queues a trigger for decision. Ignored (and logged) unless this controller is active: the
     * monitor of the active node reports the same change.
     */
    void submit(Trigger trigger);

    /**
     * The state monitor's report that the cluster manager's view changed. The active controller
     * compares it with its tables (membership, where each app runs) and decides on each difference;
     * an inactive one ignores it.
     */
    void viewChanged(ClusterView view);

    /**
     * Sends an operator request to the active controller and waits for its answer.
     *
     * @return the answer; empty if none came within {@code timeout} (e.g. no controller is active)
     */
    Optional<RequestOutcome> request(OperatorRequest request, Duration timeout) throws InterruptedException;

    /** Tells the listener whenever this controller becomes active or stops being active. */
    Registration addActivationListener(Runnable listener);
}
