package io.baton.simulator;

import io.baton.api.model.AppStatus;
import io.baton.core.DecisionEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Runs scenarios in tests and shows the application table compactly: {@code "AP1@d>e AP2@-"}. */
final class Scenarios {
    static final Path EXAMPLES = Path.of(System.getProperty("baton.examples", "../../config/examples"));

    private Scenarios() {
    }

    /** Runs a scenario given as text; single quotes stand for double quotes. */
    static List<SimulationStep> run(String json) throws ScenarioException {
        String text = json.replace('\'', '"');
        return new Simulation(new DecisionEngine()).run(ScenarioReader.read("test.json", text, p -> Files.readString(EXAMPLES.resolve(p))));
    }

    /** Runs one of the shipped example scenarios. */
    static List<SimulationStep> example(String name) throws ScenarioException {
        Path file = EXAMPLES.resolve("scenarios").resolve(name);
        try {
            return new Simulation(new DecisionEngine()).run(ScenarioReader.read(name, Files.readString(file),
                    p -> Files.readString(file.getParent().resolve(p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String apps(SimulationStep step) {
        return step.tables().apps().values().stream().map(Scenarios::row).collect(Collectors.joining(" "));
    }

    /** The application table after every step, one string per step. */
    static List<String> apps(List<SimulationStep> steps) {
        return steps.stream().map(Scenarios::apps).toList();
    }

    private static String row(AppStatus a) {
        return a.name() + "@" + a.running().orElse("-") + (a.running().isPresent() ? ">" + a.backup().orElse("-") : "");
    }
}
