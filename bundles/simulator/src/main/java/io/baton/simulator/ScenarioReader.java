package io.baton.simulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;
import io.baton.rules.Problems;
import io.baton.rules.RuleFileException;
import io.baton.rules.RuleFiles;
import io.baton.rules.RuleProblem;
import io.baton.rules.StrictJson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a scenario file (SPEC "The what-if simulator"). The rules are inline, or a string naming a
 * rule file that {@link RuleFileLoader} reads. Every problem is reported with its JSON path.
 */
public final class ScenarioReader {
    static final List<String> FIELDS = List.of("rules", "up", "tables", "loads", "steps");
    static final List<String> STEP_KINDS = List.of("fail", "join", "detach", "attach", "load", "tick", "appFail", "move");

    /** Reads a rule file a scenario names, relative to the scenario. */
    @FunctionalInterface
    public interface RuleFileLoader {
        String load(String path) throws IOException;
    }

    private ScenarioReader() {
    }

    public static Scenario read(String file, String text, RuleFileLoader loader) throws ScenarioException {
        Problems problems = new Problems(file);
        JsonObject top = StrictJson.parse(text, problems).flatMap(root -> StrictJson.object(root, "$", problems)).orElse(null);
        if (top == null) {
            throw new ScenarioException(problems.list());
        }
        StrictJson.onlyFields(top, "$", FIELDS, problems);
        Rules rules = readRules(top, problems, loader);
        if (rules == null) {
            throw new ScenarioException(problems.list());
        }
        List<String> up = Optional.ofNullable(top.get("up"))
                .map(v -> serverList(v, "$.up", rules, problems)).orElse(rules.servers());
        Map<String, Double> loads = Optional.ofNullable(top.get("loads"))
                .map(v -> loadMap(v, "$.loads", rules, problems)).orElse(Map.of());
        if (top.has("tables") && top.has("up")) {
            problems.add("$.up", "give \"up\" (an initial start) or \"tables\" (a cluster as it stands), not both: the"
                    + " tables say who is up");
        }
        Optional<ClusterState> tables = Optional.ofNullable(top.get("tables"))
                .map(v -> StartTables.read(v, "$.tables", rules, problems));
        List<Scenario.Entry> steps = new ArrayList<>();
        Optional.ofNullable(top.get("steps")).flatMap(v -> StrictJson.array(v, "$.steps", problems)).ifPresent(array -> {
            for (int i = 0; i < array.size(); i++) {
                String path = Problems.element("$.steps", i);
                StrictJson.object(array.get(i), path, problems)
                        .flatMap(o -> step(o, path, rules, problems).map(s -> new Scenario.Entry(s, o)))
                        .ifPresent(steps::add);
            }
        });
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems.list());
        }
        return new Scenario(file, rules, tables.isPresent() ? List.of() : up, loads, steps, tables);
    }

    private static Rules readRules(JsonObject top, Problems problems, RuleFileLoader loader) throws ScenarioException {
        JsonElement value = top.get("rules");
        if (value == null) {
            problems.add("$", "missing field \"rules\" (a rule file, inline, or the name of one)");
            return null;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            String path = value.getAsString();
            String text;
            try {
                text = loader.load(path);
            } catch (IOException e) {
                problems.add("$.rules", "cannot read rule file \"" + path + "\": " + e.getMessage());
                return null;
            }
            try {
                return RuleFiles.parse(path, text);
            } catch (RuleFileException e) {
                List<RuleProblem> all = new ArrayList<>(problems.list());
                all.addAll(e.problems());
                throw new ScenarioException(all);
            }
        }
        // Checked on their own, so that problems elsewhere in the scenario do not hide them (or they those).
        Problems ruleProblems = new Problems(problems.file());
        try {
            return RuleFiles.fromJson(value, "$.rules", ruleProblems);
        } catch (RuleFileException e) {
            e.problems().forEach(p -> problems.add(p.path(), p.message()));
            return null;
        }
    }

    private static Optional<ScenarioStep> step(JsonObject o, String path, Rules rules, Problems problems) {
        if (o.size() != 1) {
            problems.add(path, "a step has exactly one of " + String.join(", ", STEP_KINDS) + "; found "
                    + (o.size() == 0 ? "none" : String.join(", ", o.keySet())));
            return Optional.empty();
        }
        String kind = o.keySet().iterator().next();
        JsonElement v = o.get(kind);
        String at = Problems.member(path, kind);
        switch (kind) {
            case "fail":
                return StrictJson.string(v, at, problems).map(ScenarioStep.Fail::new);
            case "join":
                return StrictJson.string(v, at, problems).map(ScenarioStep.Join::new);
            case "detach":
                return StrictJson.string(v, at, problems).map(ScenarioStep.Detach::new);
            case "attach":
                return StrictJson.string(v, at, problems).map(ScenarioStep.Attach::new);
            case "appFail":
                return StrictJson.string(v, at, problems).map(ScenarioStep.AppFail::new);
            case "load":
                return Optional.of(new ScenarioStep.Load(loadMap(v, at, rules, problems)));
            case "tick":
                if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean() && v.getAsBoolean()) {
                    return Optional.of(new ScenarioStep.Tick());
                }
                problems.add(at, "must be true, not " + StrictJson.describe(v));
                return Optional.empty();
            case "move":
                return StrictJson.object(v, at, problems).flatMap(m -> {
                    StrictJson.onlyFields(m, at, List.of("app", "to"), problems);
                    Optional<String> app = field(m, at, "app", problems);
                    Optional<String> to = field(m, at, "to", problems);
                    return app.isPresent() && to.isPresent() ? Optional.of(new ScenarioStep.Move(app.get(), to.get())) : Optional.empty();
                });
            default:
                problems.add(at, "unknown step \"" + kind + "\"" + StrictJson.suggestion(kind, STEP_KINDS)
                        + " (steps: " + String.join(", ", STEP_KINDS) + ")");
                return Optional.empty();
        }
    }

    private static Optional<String> field(JsonObject o, String path, String name, Problems problems) {
        if (!o.has(name)) {
            problems.add(path, "missing field \"" + name + "\"");
            return Optional.empty();
        }
        return StrictJson.string(o.get(name), Problems.member(path, name), problems);
    }

    private static List<String> serverList(JsonElement value, String path, Rules rules, Problems problems) {
        List<String> servers = new ArrayList<>();
        StrictJson.array(value, path, problems).ifPresent(array -> {
            for (int i = 0; i < array.size(); i++) {
                String at = Problems.element(path, i);
                StrictJson.string(array.get(i), at, problems).filter(s -> declared(s, at, rules, problems)).ifPresent(s -> {
                    if (servers.contains(s)) {
                        problems.add(at, "server \"" + s + "\" is listed twice");
                    } else {
                        servers.add(s);
                    }
                });
            }
        });
        return servers;
    }

    private static Map<String, Double> loadMap(JsonElement value, String path, Rules rules, Problems problems) {
        Map<String, Double> loads = new LinkedHashMap<>();
        StrictJson.object(value, path, problems).ifPresent(o -> o.entrySet().forEach(e -> {
            String at = Problems.member(path, e.getKey());
            if (declared(e.getKey(), at, rules, problems)) {
                StrictJson.number(e.getValue(), at, problems).ifPresent(load -> {
                    if (load < 0) {
                        problems.add(at, "a load must not be negative, was " + load);
                    } else {
                        loads.put(e.getKey(), load);
                    }
                });
            }
        }));
        return loads;
    }

    static boolean declared(String server, String path, Rules rules, Problems problems) {
        if (rules.servers().contains(server)) {
            return true;
        }
        problems.add(path, "unknown server \"" + server + "\"" + StrictJson.suggestion(server, rules.servers())
                + " (servers: " + String.join(", ", rules.servers()) + ")");
        return false;
    }
}
