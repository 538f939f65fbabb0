package io.baton.controller;

import io.baton.api.model.ClusterState;
import io.baton.api.steps.ControllerStep;
import io.baton.api.steps.StepObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The step observers bound now, told in turn; one that throws is logged and the others are still told. */
final class StepObservers implements StepObserver {
    private static final Logger LOG = LoggerFactory.getLogger(StepObservers.class);

    private final List<StepObserver> bound = new CopyOnWriteArrayList<>();

    void add(StepObserver observer) {
        bound.add(observer);
    }

    void remove(StepObserver observer) {
        bound.remove(observer);
    }

    @Override
    public void reached(ControllerStep step, String trigger, ClusterState written) {
        for (StepObserver o : bound) {
            try {
                o.reached(step, trigger, written);
            } catch (RuntimeException e) {
                LOG.warn("Step observer {} failed at {} of {}; ignored", o.getClass().getName(), step.label(), trigger, e);
            }
        }
    }
}
