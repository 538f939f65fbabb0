package io.baton.shell;

import io.baton.core.DecisionEngine;
import io.baton.core.SingleFailures;
import io.baton.simulator.Scenario;
import io.baton.simulator.ScenarioException;
import io.baton.simulator.ScenarioReader;
import io.baton.simulator.Simulation;
import io.baton.simulator.SimulationOutput;
import io.baton.simulator.SimulationStep;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The what-if simulator inside the shell: the same code as {@code bin/baton simulate}. */
@Command(scope = "baton", name = "simulate", description = "Runs a what-if scenario through the decision rules; prints the tables after each step")
@Service
public class SimulateCommand extends BatonAction {

    @Argument(index = 0, name = "file", required = true, description = "The scenario (JSON)")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--table", description = "Print tables with the reason for each change instead of JSON")
    boolean table;

    @Option(name = "--single-failures", description = "Also print what a failure of each server up after the last step would do")
    boolean singleFailures;

    @Override
    public Object execute() throws Exception {
        Path path = Path.of(file);
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new CommandException(file + ": no such file");
        } catch (IOException e) {
            throw new CommandException(file + ": cannot read: " + e.getMessage());
        }
        Path base = Optional.ofNullable(path.getParent()).orElse(Path.of(""));
        try {
            Scenario scenario = ScenarioReader.read(file, text, p -> Files.readString(base.resolve(p)));
            List<SimulationStep> steps = new Simulation(new DecisionEngine()).run(scenario);
            Optional<Map<String, SingleFailures.Outcome>> failures = singleFailures
                    ? Optional.of(Simulation.singleFailures(scenario, steps)) : Optional.empty();
            out().print(table ? SimulationOutput.table(steps, failures) : SimulationOutput.json(steps, failures));
        } catch (ScenarioException e) {
            throw new CommandException(e.getMessage());
        }
        return null;
    }
}
