package io.baton.rules;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.baton.api.model.AppOverride;
import io.baton.api.model.AppRule;
import io.baton.api.model.BackupRule;
import io.baton.api.model.ConfigurationRule;
import io.baton.api.model.LaunchSpec;
import io.baton.api.model.Rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** One pass over one rule file: reads every part, recording problems instead of stopping at the first. */
final class RuleFileParser {
    static final List<String> TOP_FIELDS = List.of("cluster", "description", "servers", "loadHysteresis", "apps",
            "configurations", "model", "capacity");
    static final List<String> APP_FIELDS = List.of("command", "workingDirectory", "env", "primary", "backup", "fixed",
            "autoMove", "servers", "demand", "apart", "priority");
    /** The app fields that hold everywhere, so a configuration entry cannot change them. */
    static final List<String> APP_ONLY_FIELDS = List.of("demand", "apart", "priority");
    static final List<String> CONFIGURATION_FIELDS = List.of("servers", "apps");
    /** The names /bin/sh passes on to the command it runs. */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final List<String> OVERRIDE_FIELDS = List.of("primary", "backup", "fixed", "autoMove", "servers");
    private static final Set<String> BACKUP_KEYWORDS = Set.of("auto", "idle", "none");
    /** Names become MQTT topic levels, host names and resource ids: keep them plain. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Problems problems;
    private List<String> servers = List.of();
    private final Set<String> serverSet = new LinkedHashSet<>();

    RuleFileParser(Problems problems) {
        this.problems = problems;
    }

    /** What one app entry says explicitly, before template defaults are applied. */
    private record AppDraft(String name, String path, Optional<String> primary, Optional<BackupRule> backup,
                            Optional<Boolean> fixed, Optional<Boolean> autoMove, Optional<List<String>> allowed,
                            Optional<LaunchSpec> launch, Map<String, Double> demand,
                            Optional<JsonElement> apart, int priority) {
    }

    Rules parse(JsonElement root, String path) {
        JsonObject top = StrictJson.object(root, path, problems).orElse(null);
        if (top == null) {
            return null;
        }
        StrictJson.onlyFields(top, path, TOP_FIELDS, problems);
        String cluster = required(top, path, "cluster")
                .flatMap(v -> StrictJson.string(v, Problems.member(path, "cluster"), problems))
                .filter(c -> name(c, Problems.member(path, "cluster"), "cluster name"))
                .orElse(null);
        optional(top, "description").ifPresent(v -> StrictJson.string(v, Problems.member(path, "description"), problems));
        readServers(top, path);
        double hysteresis = optional(top, "loadHysteresis")
                .flatMap(v -> StrictJson.number(v, Problems.member(path, "loadHysteresis"), problems))
                .filter(h -> {
                    if (h < 0) {
                        problems.add(Problems.member(path, "loadHysteresis"), "must not be negative, was " + h);
                    }
                    return h >= 0;
                }).orElse(0.0);
        List<AppDraft> drafts = readApps(top, path);
        Optional<Template> model = optional(top, "model").flatMap(v -> readModel(v, Problems.member(path, "model")));
        Map<String, Map<String, Double>> capacity = optional(top, "capacity")
                .map(v -> readCapacity(v, Problems.member(path, "capacity"))).orElse(Map.of());
        List<AppRule> apps = buildApps(drafts, model, Problems.member(path, "model"), capacity);
        List<ConfigurationRule> configurations = readConfigurations(top, path, apps);
        if (!problems.isEmpty() || cluster == null) {
            return null;
        }
        return new Rules(cluster, servers, hysteresis, apps, configurations, model.map(Template::id), capacity);
    }

    /** {@code "capacity": {SERVER: {DIMENSION: AMOUNT}}}: declared servers, amounts >= 0. */
    private Map<String, Map<String, Double>> readCapacity(JsonElement value, String path) {
        Map<String, Map<String, Double>> capacity = new LinkedHashMap<>();
        StrictJson.object(value, path, problems).ifPresent(o -> o.entrySet().forEach(e -> {
            String at = Problems.member(path, e.getKey());
            if (declared(e.getKey(), at)) {
                capacity.put(e.getKey(), amounts(e.getValue(), at));
            }
        }));
        return capacity;
    }

    /** {@code {DIMENSION: AMOUNT}} with every amount a number >= 0. */
    private Map<String, Double> amounts(JsonElement value, String path) {
        Map<String, Double> amounts = new LinkedHashMap<>();
        StrictJson.object(value, path, problems).ifPresent(o -> o.entrySet().forEach(e -> {
            String at = Problems.member(path, e.getKey());
            if (!name(e.getKey(), at, "dimension name")) {
                return;
            }
            StrictJson.number(e.getValue(), at, problems).ifPresent(n -> {
                if (n < 0) {
                    problems.add(at, "must not be negative, was " + amount(n));
                } else {
                    amounts.put(e.getKey(), n);
                }
            });
        }));
        return amounts;
    }

    private void readServers(JsonObject top, String path) {
        String at = Problems.member(path, "servers");
        JsonArray array = required(top, path, "servers").flatMap(v -> StrictJson.array(v, at, problems)).orElse(null);
        if (array == null) {
            return;
        }
        if (array.isEmpty()) {
            problems.add(at, "an empty cluster: list at least one server");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String element = Problems.element(at, i);
            Optional<String> server = StrictJson.string(array.get(i), element, problems);
            if (server.isEmpty() || !name(server.get(), element, "server name")) {
                continue;
            }
            if (BACKUP_KEYWORDS.contains(server.get())) {
                problems.add(element, "\"" + server.get() + "\" is a backup keyword and cannot name a server");
            } else if (seen.containsKey(server.get())) {
                problems.add(element, "server \"" + server.get() + "\" is listed twice (first at "
                        + Problems.element(at, seen.get(server.get())) + ")");
            } else {
                seen.put(server.get(), i);
                serverSet.add(server.get());
            }
        }
        servers = List.copyOf(serverSet);
    }

    private List<AppDraft> readApps(JsonObject top, String path) {
        String at = Problems.member(path, "apps");
        JsonObject apps = required(top, path, "apps").flatMap(v -> StrictJson.object(v, at, problems)).orElse(null);
        List<AppDraft> drafts = new ArrayList<>();
        if (apps == null) {
            return drafts;
        }
        for (Map.Entry<String, JsonElement> entry : apps.entrySet()) {
            String appPath = Problems.member(at, entry.getKey());
            if (!name(entry.getKey(), appPath, "app name")) {
                continue;
            }
            StrictJson.object(entry.getValue(), appPath, problems).ifPresent(app -> drafts.add(readApp(entry.getKey(), app, appPath)));
        }
        return drafts;
    }

    private AppDraft readApp(String name, JsonObject app, String path) {
        StrictJson.onlyFields(app, path, APP_FIELDS, problems);
        Optional<String> command = optional(app, "command")
                .flatMap(v -> StrictJson.string(v, Problems.member(path, "command"), problems))
                .filter(c -> notBlank(c, Problems.member(path, "command")));
        Optional<String> workingDirectory = optional(app, "workingDirectory")
                .flatMap(v -> StrictJson.string(v, Problems.member(path, "workingDirectory"), problems));
        Map<String, String> env = optional(app, "env").map(v -> readEnv(v, Problems.member(path, "env"))).orElse(Map.of());
        if (command.isEmpty() && (workingDirectory.isPresent() || !env.isEmpty())) {
            problems.add(path, "\"workingDirectory\" and \"env\" are only used with \"command\"");
        }
        Optional<LaunchSpec> launch = command.map(c -> new LaunchSpec(c, workingDirectory, env));
        return new AppDraft(name, path,
                optional(app, "primary").flatMap(v -> serverRef(v, Problems.member(path, "primary"))),
                optional(app, "backup").flatMap(v -> backup(v, Problems.member(path, "backup"))),
                optional(app, "fixed").flatMap(v -> StrictJson.bool(v, Problems.member(path, "fixed"), problems)),
                optional(app, "autoMove").flatMap(v -> StrictJson.bool(v, Problems.member(path, "autoMove"), problems)),
                optional(app, "servers").flatMap(v -> serverList(v, Problems.member(path, "servers"))),
                launch,
                optional(app, "demand").map(v -> amounts(v, Problems.member(path, "demand"))).orElse(Map.of()),
                optional(app, "apart"),
                optional(app, "priority").flatMap(v -> integer(v, Problems.member(path, "priority"))).orElse(0));
    }

    private Optional<Integer> integer(JsonElement value, String path) {
        return StrictJson.number(value, path, problems).flatMap(n -> {
            if (n != Math.rint(n) || Math.abs(n) > 1_000_000_000) {
                problems.add(path, "must be a whole number (between -1000000000 and 1000000000), not " + amount(n));
                return Optional.empty();
            }
            return Optional.of((int) (double) n);
        });
    }

    /**
     * Each app's {@code apart} list: other declared apps, no app twice; made symmetric (A apart from X keeps X
     * apart from A), in rule-file order.
     */
    private Map<String, List<String>> readApart(List<AppDraft> drafts) {
        List<String> names = drafts.stream().map(AppDraft::name).toList();
        Map<String, Set<String>> apart = new LinkedHashMap<>();
        names.forEach(n -> apart.put(n, new LinkedHashSet<>()));
        for (AppDraft d : drafts) {
            if (d.apart().isEmpty()) {
                continue;
            }
            String path = Problems.member(d.path(), "apart");
            JsonArray array = StrictJson.array(d.apart().get(), path, problems).orElse(null);
            if (array == null) {
                continue;
            }
            for (int i = 0; i < array.size(); i++) {
                String element = Problems.element(path, i);
                Optional<String> other = StrictJson.string(array.get(i), element, problems);
                if (other.isEmpty()) {
                    continue;
                }
                String x = other.get();
                if (x.equals(d.name())) {
                    problems.add(element, "an app cannot be kept apart from itself (\"" + x + "\")");
                } else if (!apart.containsKey(x)) {
                    problems.add(element, "unknown app \"" + x + "\"" + StrictJson.suggestion(x, names)
                            + " (declared apps: " + String.join(", ", names) + ")");
                } else if (!apart.get(d.name()).add(x)) {
                    problems.add(element, "app \"" + x + "\" is listed twice");
                } else {
                    apart.get(x).add(d.name());
                }
            }
        }
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        apart.forEach((n, xs) -> ordered.put(n, names.stream().filter(xs::contains).toList()));
        return ordered;
    }

    /** An app whose demand fits on none of its servers could never run: a mistake in the file, not a state. */
    private void checkDemandFits(String path, String name, Map<String, Double> demand, List<String> allowed,
                                 Map<String, Map<String, Double>> capacity) {
        if (demand.isEmpty() || allowed.stream().anyMatch(s -> fits(demand, capacity.getOrDefault(s, Map.of())))) {
            return;
        }
        String each = allowed.stream().map(s -> s + " " + describeAmounts(capacity.getOrDefault(s, Map.of())))
                .collect(java.util.stream.Collectors.joining(", "));
        problems.add(Problems.member(path, "demand"), "app " + name + " needs " + describeAmounts(demand)
                + ", which fits on none of its servers (capacity: " + each + ")");
    }

    private static String amount(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static boolean fits(Map<String, Double> demand, Map<String, Double> capacity) {
        return demand.entrySet().stream().allMatch(d -> d.getValue() <= capacity.getOrDefault(d.getKey(), Double.POSITIVE_INFINITY));
    }

    private static String describeAmounts(Map<String, Double> amounts) {
        return amounts.isEmpty() ? "unlimited" : amounts.entrySet().stream()
                .map(e -> e.getKey() + " " + amount(e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private Map<String, String> readEnv(JsonElement value, String path) {
        Map<String, String> env = new LinkedHashMap<>();
        StrictJson.object(value, path, problems).ifPresent(o -> o.entrySet().forEach(e -> {
            String at = Problems.member(path, e.getKey());
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                // /bin/sh, which runs the command, passes no other name on to the program
                problems.add(at, "\"" + e.getKey() + "\" is not an environment variable name: use letters, digits and _,"
                        + " not starting with a digit");
            }
            StrictJson.string(e.getValue(), at, problems).ifPresent(v -> {
                if (v.indexOf('\0') >= 0) {
                    problems.add(at, "an environment variable's value cannot contain the NUL character");
                }
                env.put(e.getKey(), v);
            });
        }));
        return env;
    }

    private Optional<Template> readModel(JsonElement value, String path) {
        return StrictJson.string(value, path, problems).flatMap(id -> {
            Optional<Template> template = Template.byId(id);
            if (template.isEmpty()) {
                problems.add(path, "unknown template \"" + id + "\"" + StrictJson.suggestion(id, Template.ids())
                        + " (templates: " + String.join(", ", Template.ids()) + ")");
            }
            return template;
        });
    }

    private List<AppRule> buildApps(List<AppDraft> drafts, Optional<Template> model, String modelPath,
                                    Map<String, Map<String, Double>> capacity) {
        Map<String, List<String>> apart = readApart(drafts);
        List<Template.Defaults> defaults = model.map(t -> t.defaults(servers,
                        drafts.stream().map(AppDraft::allowed).toList(), message -> problems.add(modelPath, message)))
                .orElse(List.of());
        List<AppRule> apps = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            AppDraft d = drafts.get(i);
            Optional<Template.Defaults> t = i < defaults.size() ? Optional.of(defaults.get(i)) : Optional.empty();
            Optional<String> primary = d.primary().or(() -> t.flatMap(Template.Defaults::primary));
            BackupRule backup = d.backup().orElse(t.map(Template.Defaults::backup).orElse(BackupRule.AUTO));
            List<String> allowed = d.allowed().or(() -> t.flatMap(Template.Defaults::allowed)).orElse(servers);
            boolean fixed = d.fixed().orElse(t.map(Template.Defaults::fixed).orElse(false));
            boolean autoMove = d.autoMove().orElse(t.map(Template.Defaults::autoMove).orElse(false));
            checkConsistent(d.path(), primary, backup, allowed, d.primary().isPresent(), d.backup().isPresent());
            checkDemandFits(d.path(), d.name(), d.demand(), allowed, capacity);
            if (!allowed.isEmpty()) {
                apps.add(new AppRule(d.name(), primary, backup, fixed, autoMove, allowed, d.launch(), d.demand(),
                        apart.getOrDefault(d.name(), List.of()), d.priority()));
            }
        }
        return apps;
    }

    /** A primary and named backups must be allowed, and a backup must not name the primary. */
    private void checkConsistent(String path, Optional<String> primary, BackupRule backup, List<String> allowed,
                                 boolean primaryGiven, boolean backupGiven) {
        String primaryPath = primaryGiven ? Problems.member(path, "primary") : path;
        String backupPath = backupGiven ? Problems.member(path, "backup") : path;
        primary.filter(p -> !allowed.contains(p)).ifPresent(p -> problems.add(primaryPath,
                "primary \"" + p + "\" is not among the app's servers (" + String.join(", ", allowed) + ")"));
        for (String b : backup.servers()) {
            if (!allowed.contains(b)) {
                problems.add(backupPath, "backup \"" + b + "\" is not among the app's servers (" + String.join(", ", allowed) + ")");
            }
        }
        primary.filter(backup.servers()::contains).ifPresent(p -> problems.add(backupPath,
                "backup names the app's own primary \"" + p + "\": it could never take the app over"));
    }

    private List<ConfigurationRule> readConfigurations(JsonObject top, String path, List<AppRule> apps) {
        String at = Problems.member(path, "configurations");
        JsonArray array = optional(top, "configurations").flatMap(v -> StrictJson.array(v, at, problems)).orElse(new JsonArray());
        Map<String, AppRule> appsByName = new LinkedHashMap<>();
        apps.forEach(a -> appsByName.put(a.name(), a));
        List<ConfigurationRule> configurations = new ArrayList<>();
        Map<Set<String>, String> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String entryPath = Problems.element(at, i);
            JsonObject entry = StrictJson.object(array.get(i), entryPath, problems).orElse(null);
            if (entry == null) {
                continue;
            }
            StrictJson.onlyFields(entry, entryPath, CONFIGURATION_FIELDS, problems);
            String serversPath = Problems.member(entryPath, "servers");
            Optional<List<String>> up = required(entry, entryPath, "servers").flatMap(v -> serverList(v, serversPath));
            if (up.isEmpty()) {
                continue;
            }
            Set<String> upSet = new LinkedHashSet<>(up.get());
            String earlier = seen.putIfAbsent(upSet, entryPath);
            if (earlier != null) {
                problems.add(serversPath, "the same servers as " + earlier + " (each set of up servers may have one entry)");
            }
            Map<String, AppOverride> overrides = new LinkedHashMap<>();
            String appsPath = Problems.member(entryPath, "apps");
            optional(entry, "apps").flatMap(v -> StrictJson.object(v, appsPath, problems)).ifPresent(o -> {
                for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                    String appPath = Problems.member(appsPath, e.getKey());
                    AppRule app = appsByName.get(e.getKey());
                    if (app == null) {
                        problems.add(appPath, "unknown app \"" + e.getKey() + "\"" + StrictJson.suggestion(e.getKey(), appsByName.keySet())
                                + " (declared apps: " + String.join(", ", appsByName.keySet()) + ")");
                        continue;
                    }
                    StrictJson.object(e.getValue(), appPath, problems)
                            .map(ov -> readOverride(ov, appPath, app, upSet))
                            .ifPresent(ov -> overrides.put(e.getKey(), ov));
                }
            });
            configurations.add(new ConfigurationRule(new LinkedHashSet<>(up.get()), overrides));
        }
        return configurations;
    }

    private AppOverride readOverride(JsonObject o, String path, AppRule app, Set<String> up) {
        JsonObject others = o.deepCopy();
        for (String field : APP_ONLY_FIELDS) {
            if (others.remove(field) != null) {
                problems.add(Problems.member(path, field), "\"" + field + "\" holds in every configuration: give it "
                        + "with the app's defaults (apps." + app.name() + "), not in a configuration entry");
            }
        }
        StrictJson.onlyFields(others, path, OVERRIDE_FIELDS, problems);
        Optional<String> primary = optional(o, "primary").flatMap(v -> serverRef(v, Problems.member(path, "primary")));
        Optional<BackupRule> backup = optional(o, "backup").flatMap(v -> backup(v, Problems.member(path, "backup")));
        Optional<List<String>> allowed = optional(o, "servers").flatMap(v -> serverList(v, Problems.member(path, "servers")));
        AppOverride override = new AppOverride(primary, backup,
                optional(o, "fixed").flatMap(v -> StrictJson.bool(v, Problems.member(path, "fixed"), problems)),
                optional(o, "autoMove").flatMap(v -> StrictJson.bool(v, Problems.member(path, "autoMove"), problems)),
                allowed);
        primary.filter(p -> !up.contains(p)).ifPresent(p -> problems.add(Problems.member(path, "primary"),
                "primary \"" + p + "\" is not up while this configuration applies (servers: " + String.join(", ", up) + ")"));
        backup.ifPresent(b -> b.servers().stream().filter(s -> !up.contains(s)).forEach(s -> problems.add(Problems.member(path, "backup"),
                "backup \"" + s + "\" is not up while this configuration applies (servers: " + String.join(", ", up) + ")")));
        if (primary.isPresent() || backup.isPresent() || allowed.isPresent()) {
            AppRule effective = override.applyTo(app);
            checkConsistent(path, effective.primary(), effective.backup(), effective.allowed(), primary.isPresent(), backup.isPresent());
        }
        return override;
    }

    private Optional<BackupRule> backup(JsonElement value, String path) {
        if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            String text = value.getAsString();
            return switch (text) {
                case "auto" -> Optional.of(BackupRule.AUTO);
                case "idle" -> Optional.of(BackupRule.IDLE);
                case "none" -> Optional.of(BackupRule.NONE);
                default -> serverRef(value, path).map(BackupRule::named);
            };
        }
        if (value != null && value.isJsonArray()) {
            return serverList(value, path).map(BackupRule::named);
        }
        problems.add(path, "must be \"auto\", \"idle\", \"none\", a server name or a list of server names, not "
                + StrictJson.describe(value));
        return Optional.empty();
    }

    /** A string naming a declared server. */
    private Optional<String> serverRef(JsonElement value, String path) {
        return StrictJson.string(value, path, problems).filter(s -> declared(s, path));
    }

    /** A non-empty array of distinct declared servers. */
    private Optional<List<String>> serverList(JsonElement value, String path) {
        JsonArray array = StrictJson.array(value, path, problems).orElse(null);
        if (array == null) {
            return Optional.empty();
        }
        if (array.isEmpty()) {
            problems.add(path, "must list at least one server");
            return Optional.empty();
        }
        int before = problems.size();
        Set<String> list = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String element = Problems.element(path, i);
            StrictJson.string(array.get(i), element, problems).filter(s -> declared(s, element)).ifPresent(s -> {
                if (!list.add(s)) {
                    problems.add(element, "server \"" + s + "\" is listed twice");
                }
            });
        }
        return problems.size() == before ? Optional.of(List.copyOf(list)) : Optional.empty();
    }

    private boolean declared(String server, String path) {
        if (serverSet.contains(server)) {
            return true;
        }
        problems.add(path, "unknown server \"" + server + "\"" + StrictJson.suggestion(server, serverSet)
                + " (declared servers: " + String.join(", ", serverSet) + ")");
        return false;
    }

    private boolean name(String value, String path, String what) {
        if (NAME.matcher(value).matches()) {
            return true;
        }
        problems.add(path, "invalid " + what + " \"" + value + "\": use up to 64 letters, digits, '.', '_' or '-', "
                + "starting with a letter or digit");
        return false;
    }

    private boolean notBlank(String value, String path) {
        if (value.isBlank()) {
            problems.add(path, "must not be blank");
            return false;
        }
        return true;
    }

    private Optional<JsonElement> required(JsonObject object, String path, String field) {
        if (!object.has(field)) {
            problems.add(path, "missing field \"" + field + "\"");
            return Optional.empty();
        }
        return Optional.of(object.get(field));
    }

    private static Optional<JsonElement> optional(JsonObject object, String field) {
        return Optional.ofNullable(object.get(field));
    }
}
