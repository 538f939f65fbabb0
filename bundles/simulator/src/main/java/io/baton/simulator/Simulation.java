package io.baton.simulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.baton.api.decision.Decision;
import io.baton.api.decision.Instruction;
import io.baton.api.decision.InvalidTriggerException;
import io.baton.api.decision.Trigger;
import io.baton.api.model.ClusterState;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.PlacementPolicy;
import io.baton.core.SingleFailures;
import io.baton.rules.RuleProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario through a placement policy (the real decision core) against an
 * {@link InMemoryClusterManager}: a failure is first handled by the cluster manager on its own, then
 * decided on from the cluster manager's placement; every decision's instructions are carried out
 * by the cluster manager, and its placement must then equal the decided tables.
 */
public final class Simulation {
    private final PlacementPolicy policy;

    public Simulation(PlacementPolicy policy) {
        this.policy = policy;
    }

    /**
     * Runs every step. Step 0 of the result is the initial start.
     *
     * @throws ScenarioException if a step cannot happen in the state it meets (e.g. failing a server
     *                           that is not up); the message names the step's JSON path
     */
    public List<SimulationStep> run(Scenario scenario) throws ScenarioException {
        InMemoryClusterManager manager = new InMemoryClusterManager();
        List<SimulationStep> steps = new ArrayList<>();
        ClusterState state;
        if (scenario.tables().isPresent()) {
            state = standing(scenario, scenario.tables().get(), manager);
            JsonObject start = new JsonObject();
            start.addProperty("start", "tables");
            steps.add(new SimulationStep(start, state, List.of(), List.of()));
        } else {
            state = initialState(scenario);
            JsonObject start = new JsonObject();
            JsonArray up = new JsonArray();
            scenario.up().forEach(up::add);
            start.add("start", up);
            scenario.up().forEach(manager::memberJoined);
            Decision first = decide(scenario, state, new Trigger.ClusterStarted(scenario.up()), "$.up");
            state = carryOut(first, manager);
            steps.add(new SimulationStep(start, state, first.instructions(), first.reasons()));
        }

        for (int i = 0; i < scenario.steps().size(); i++) {
            Scenario.Entry entry = scenario.steps().get(i);
            String path = "$.steps[" + i + "]";
            ScenarioStep step = entry.step();
            if (step instanceof ScenarioStep.Load load) {
                for (Map.Entry<String, Double> l : load.loads().entrySet()) {
                    state = state.withLoad(ServerLoad.ofScore(l.getKey(), l.getValue()));
                }
                steps.add(new SimulationStep(entry.json(), state, List.of(), List.of()));
                continue;
            }
            Decision decision;
            if (step instanceof ScenarioStep.Fail f) {
                // The cluster manager acts first; losing a non-member changes nothing and the core refuses the step.
                manager.memberLost(f.server());
                decision = decide(scenario, state, new Trigger.ServerFailed(f.server(), manager.view().placement()), path);
            } else if (step instanceof ScenarioStep.AppFail f) {
                if (state.app(f.app()).isRunning()) {
                    manager.appDied(f.app());
                }
                decision = decide(scenario, state, new Trigger.AppFailed(f.app(), manager.view().placement()), path);
            } else if (step instanceof ScenarioStep.Join j) {
                decision = decide(scenario, state, new Trigger.ServerJoined(j.server()), path);
                manager.memberJoined(j.server());
            } else if (step instanceof ScenarioStep.Attach a) {
                decision = decide(scenario, state, new Trigger.ServerAttached(a.server()), path);
                manager.memberJoined(a.server());
            } else if (step instanceof ScenarioStep.Detach d) {
                decision = decide(scenario, state, new Trigger.ServerDetached(d.server()), path);
            } else if (step instanceof ScenarioStep.Tick) {
                decision = decide(scenario, state, new Trigger.LoadTick(), path);
            } else if (step instanceof ScenarioStep.Move m) {
                decision = decide(scenario, state, new Trigger.MoveRequested(m.app(), m.to()), path);
            } else {
                throw new IllegalStateException("unhandled step " + step);
            }
            state = carryOut(decision, manager);
            if (step instanceof ScenarioStep.Detach d) {
                manager.memberLost(d.server());
            }
            steps.add(new SimulationStep(entry.json(), state, decision.instructions(), decision.reasons()));
        }
        return steps;
    }

    /** What a failure of each server up after the last step would do (SPEC: {@code --single-failures}). */
    public static Map<String, SingleFailures.Outcome> singleFailures(Scenario scenario, List<SimulationStep> steps) {
        return SingleFailures.of(scenario.rules(), steps.get(steps.size() - 1).tables());
    }

    /**
     * The cluster as the scenario's tables have it, the scenario's loads over theirs; the cluster manager made to
     * match (up servers its members, each app running where the table says, with its backup).
     */
    private static ClusterState standing(Scenario scenario, ClusterState tables, InMemoryClusterManager manager) {
        ClusterState state = tables;
        for (Map.Entry<String, Double> l : scenario.loads().entrySet()) {
            state = state.withLoad(ServerLoad.ofScore(l.getKey(), l.getValue()));
        }
        state.servers().values().stream().filter(ServerStatus::isUp).forEach(s -> manager.memberJoined(s.name()));
        for (io.baton.api.model.AppStatus app : state.apps().values()) {
            if (app.running().isPresent()) {
                try {
                    manager.start(app.name(), app.running().get());
                } catch (ClusterManagerException e) {
                    throw new IllegalStateException("the in-memory cluster manager refused to start " + app.name()
                            + " on " + app.running().get() + ": " + e.getMessage(), e);
                }
                manager.setBackup(app.name(), app.backup());
            }
        }
        return state;
    }

    private static ClusterState initialState(Scenario scenario) {
        Map<String, ServerStatus> servers = new LinkedHashMap<>();
        scenario.rules().servers().forEach(s -> servers.put(s, ServerStatus.down(s)));
        Map<String, ServerLoad> loads = new LinkedHashMap<>();
        scenario.loads().forEach((s, l) -> loads.put(s, ServerLoad.ofScore(s, l)));
        return new ClusterState(servers, loads, Map.of());
    }

    private Decision decide(Scenario scenario, ClusterState state, Trigger trigger, String path) throws ScenarioException {
        try {
            return policy.decide(scenario.rules(), state, trigger);
        } catch (InvalidTriggerException e) {
            throw new ScenarioException(List.of(new RuleProblem(scenario.source(), path, e.getMessage())));
        }
    }

    /** The cluster manager carries out the instructions; its placement must then be the decided one. */
    private static ClusterState carryOut(Decision decision, InMemoryClusterManager manager) {
        for (Instruction instruction : decision.instructions()) {
            try {
                manager.execute(instruction);
            } catch (ClusterManagerException e) {
                throw new IllegalStateException("the in-memory cluster manager refused \"" + instruction + "\": " + e.getMessage(), e);
            }
        }
        ClusterState settled = decision.settled();
        if (!manager.view().placement().equals(settled.placement())) {
            throw new IllegalStateException("the cluster manager runs " + manager.view().placement().running()
                    + " but the decision settled on " + settled.placement().running());
        }
        return settled;
    }
}
