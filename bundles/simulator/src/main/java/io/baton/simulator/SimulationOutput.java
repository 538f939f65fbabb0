package io.baton.simulator;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.baton.api.decision.Instruction;
import io.baton.api.decision.Reason;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.ServerStatus;
import io.baton.core.SingleFailures;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Prints simulation results: the JSON of SPEC "The what-if simulator", or readable tables with reasons. */
public final class SimulationOutput {
    private static final Gson PRETTY = new GsonBuilder().serializeNulls().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Gson COMPACT = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private SimulationOutput() {
    }

    /** {@code {"steps": [{"event": …, "apps": {…}, "servers": {…}}, …]}}, pretty-printed. */
    public static String json(List<SimulationStep> steps) {
        return json(steps, Optional.empty());
    }

    /**
     * As {@link #json(List)}, with {@code "singleFailures": {X: {"stopped": [...], "overloaded": [...]}}} when given
     * (SPEC "The what-if simulator", {@code --single-failures}).
     */
    public static String json(List<SimulationStep> steps, Optional<Map<String, SingleFailures.Outcome>> singleFailures) {
        JsonArray array = new JsonArray();
        for (SimulationStep step : steps) {
            JsonObject o = new JsonObject();
            o.add("event", step.event());
            o.add("apps", apps(step.tables()));
            o.add("servers", servers(step.tables()));
            array.add(o);
        }
        JsonObject root = new JsonObject();
        root.add("steps", array);
        singleFailures.ifPresent(f -> root.add("singleFailures", singleFailures(f)));
        return PRETTY.toJson(root) + "\n";
    }

    /** What each single failure would do, as JSON: server to its stopped apps and overloaded servers. */
    public static JsonObject singleFailures(Map<String, SingleFailures.Outcome> outcomes) {
        JsonObject o = new JsonObject();
        outcomes.forEach((server, outcome) -> {
            JsonObject row = new JsonObject();
            row.add("stopped", strings(outcome.stopped()));
            row.add("overloaded", strings(outcome.overloaded()));
            o.add(server, row);
        });
        return o;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    /** The application table as JSON: name to running and backup server, {@code null} for none. */
    public static JsonObject apps(ClusterState tables) {
        JsonObject apps = new JsonObject();
        for (AppStatus app : tables.apps().values()) {
            JsonObject row = new JsonObject();
            row.add("running", nameOrNull(app.running()));
            row.add("backup", nameOrNull(app.backup()));
            apps.add(app.name(), row);
        }
        return apps;
    }

    /** The server state and load tables as JSON: name to state, detected change and load score. */
    public static JsonObject servers(ClusterState tables) {
        JsonObject servers = new JsonObject();
        for (ServerStatus server : tables.servers().values()) {
            JsonObject row = new JsonObject();
            row.addProperty("state", server.state().label());
            row.addProperty("change", server.change().label());
            row.add("load", number(tables.loadScore(server.name())));
            servers.add(server.name(), row);
        }
        return servers;
    }

    /** Each step as tables of applications and servers, the instructions, and the reason for each change. */
    public static String table(List<SimulationStep> steps) {
        return table(steps, Optional.empty());
    }

    /** As {@link #table(List)}, then a table of what each single failure would do, when given. */
    public static String table(List<SimulationStep> steps, Optional<Map<String, SingleFailures.Outcome>> singleFailures) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            SimulationStep step = steps.get(i);
            out.append(i == 0 ? "" : "\n").append("step ").append(i).append("  ").append(COMPACT.toJson(step.event())).append('\n');
            TextTable apps = new TextTable("APP", "RUNNING", "BACKUP");
            step.tables().apps().values().forEach(a -> apps.row(a.name(), a.running().orElse("-"), a.backup().orElse("-")));
            out.append(apps.render("  "));
            TextTable servers = new TextTable("SERVER", "STATE", "CHANGE", "LOAD");
            step.tables().servers().values().forEach(s -> servers.row(s.name(), s.state().label(), s.change().label(),
                    number(step.tables().loadScore(s.name()))));
            out.append(servers.render("  "));
            if (!step.instructions().isEmpty()) {
                out.append("  instructions: ")
                        .append(step.instructions().stream().map(Instruction::toString).collect(Collectors.joining("; ")))
                        .append('\n');
            }
            if (!step.reasons().isEmpty()) {
                out.append("  why:\n");
                for (Reason reason : step.reasons()) {
                    out.append("    ").append(reason).append('\n');
                }
            }
        }
        singleFailures.ifPresent(f -> {
            out.append("\nsingle failures (after the last step)\n");
            TextTable table = new TextTable("IF FAILED", "STOPPED", "OVERLOADED");
            f.forEach((server, o) -> table.row(server, o.stopped().isEmpty() ? "-" : String.join(", ", o.stopped()),
                    o.overloaded().isEmpty() ? "-" : String.join(", ", o.overloaded())));
            out.append(table.render("  "));
        });
        return out.toString();
    }

    private static JsonElement nameOrNull(Optional<String> name) {
        return name.<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE);
    }

    /** Whole numbers without ".0", as a person wrote them in the scenario. */
    private static JsonPrimitive number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? new JsonPrimitive((long) value) : new JsonPrimitive(value);
    }
}
