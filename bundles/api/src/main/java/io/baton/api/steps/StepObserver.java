package io.baton.api.steps;

import io.baton.api.model.ClusterState;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told each time the active controller passes a {@link ControllerStep}. Called on the controller's thread, which
 * waits for it: an observer returns at once (an exception it throws is logged and ignored).
 */
@ConsumerType
public interface StepObserver {

    /**
     * @param step    the boundary just passed
     * @param trigger the kind of trigger being carried out ({@code fail}, {@code join}, {@code detach}, {@code move},
     *                …, as {@link io.baton.api.decision.Trigger#kind()} says), or {@code takeover} at
     *                {@link ControllerStep#TOOK_OVER}
     * @param written the apps' and servers' rows as this controller has written them so far (writes are
     *                asynchronous: they reach the store's mirror shortly after)
     */
    void reached(ControllerStep step, String trigger, ClusterState written);
}
