package io.baton.simulator;

import com.google.gson.JsonObject;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A what-if scenario: the rules, who is up at the start, the loads, and the steps.
 *
 * @param source the file it was read from, for messages
 * @param rules  the rule table
 * @param up     the servers up at the initial start (the others start as {@code down})
 * @param loads  load per server (servers not listed have load 0)
 * @param steps  the steps, each with the JSON it was written as (echoed in the output)
 * @param tables the cluster as it stands, to start from instead of an initial start (then {@code up} is empty)
 */
public record Scenario(String source, Rules rules, List<String> up, Map<String, Double> loads, List<Entry> steps,
                       Optional<ClusterState> tables) {

    /** A step and its JSON as written. */
    public record Entry(ScenarioStep step, JsonObject json) {
    }

    /** An initial start of the servers {@code up}. */
    public Scenario(String source, Rules rules, List<String> up, Map<String, Double> loads, List<Entry> steps) {
        this(source, rules, up, loads, steps, Optional.empty());
    }

    public Scenario {
        up = List.copyOf(up);
        java.util.Objects.requireNonNull(tables, "tables");
        loads = Collections.unmodifiableMap(new LinkedHashMap<>(loads));
        steps = List.copyOf(steps);
    }
}
