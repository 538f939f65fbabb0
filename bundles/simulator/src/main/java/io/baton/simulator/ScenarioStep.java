package io.baton.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One step of a scenario, as the scenario file writes it. */
public sealed interface ScenarioStep {

    /** A server fails; the cluster manager takes its applications over first. */
    record Fail(String server) implements ScenarioStep {
    }

    /** A failed or never-started server joins. */
    record Join(String server) implements ScenarioStep {
    }

    /** An operator detaches a server. */
    record Detach(String server) implements ScenarioStep {
    }

    /** An operator attaches a server. */
    record Attach(String server) implements ScenarioStep {
    }

    /** Loads change; only the load table is updated. */
    record Load(Map<String, Double> loads) implements ScenarioStep {
        public Load {
            loads = Collections.unmodifiableMap(new LinkedHashMap<>(loads));
        }
    }

    /** The periodic load check runs. */
    record Tick() implements ScenarioStep {
    }

    /** An application dies on its server; the cluster manager restarts it on its backup first. */
    record AppFail(String app) implements ScenarioStep {
    }

    /** An operator moves an application. */
    record Move(String app, String to) implements ScenarioStep {
    }
}
