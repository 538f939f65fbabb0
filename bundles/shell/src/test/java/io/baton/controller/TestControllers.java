package io.baton.controller;

import io.baton.api.spi.ClusterManager;
import io.baton.api.spi.SharedStore;

import java.lang.annotation.Annotation;

/** Creates controllers for tests outside the controller bundle (its constructor takes a config annotation). */
public final class TestControllers {
    private TestControllers() {
    }

    public static Controller start(SharedStore store, ClusterManager manager, int formationSeconds) {
        Controller controller = new Controller(store, new ControllerConfig() {
            @Override
            public int formationTimeoutSeconds() {
                return formationSeconds;
            }

            @Override
            public int retryDelaySeconds() {
                return 1;
            }

            @Override
            public String crashAfterIntendedRows() {
                return "";
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ControllerConfig.class;
            }
        });
        controller.bindClusterManager(manager);
        return controller;
    }

    public static void stop(Controller controller) {
        controller.deactivate();
    }
}
