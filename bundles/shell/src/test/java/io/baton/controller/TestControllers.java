package io.baton.controller;

import io.baton.api.spi.ClusterManager;
import io.baton.api.spi.SharedStore;

import io.baton.api.testing.Configs;

import java.util.Map;

/** Creates controllers for tests outside the controller bundle (its constructor takes a config annotation). */
public final class TestControllers {
    private TestControllers() {
    }

    public static Controller start(SharedStore store, ClusterManager manager, int formationSeconds) {
        Controller controller = new Controller(store, Configs.of(ControllerConfig.class,
                Map.of("formationTimeoutSeconds", formationSeconds, "retryDelaySeconds", 1)));
        controller.bindClusterManager(manager);
        return controller;
    }

    public static void stop(Controller controller) {
        controller.deactivate();
    }
}
