package io.baton.simulator;

import com.google.gson.JsonObject;
import io.baton.api.model.Rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A what-if scenario: the rules, who is up at the start, the loads, and the steps.
 *
 * @param source the file it was read from, for messages
 * @param rules  the rule table
 * @param up     the servers up at the initial start (the others start as {@code down})
 * @param loads  load per server (servers not listed have load 0)
 * @param steps  the steps, each with the JSON it was written as (echoed in the output)
 */
public record Scenario(String source, Rules rules, List<String> up, Map<String, Double> loads, List<Entry> steps) {

    /** A step and its JSON as written. */
    public record Entry(ScenarioStep step, JsonObject json) {
    }

    public Scenario {
        up = List.copyOf(up);
        loads = Collections.unmodifiableMap(new LinkedHashMap<>(loads));
        steps = List.copyOf(steps);
    }
}
