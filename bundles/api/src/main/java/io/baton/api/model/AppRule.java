package io.baton.api.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An application's default settings from the rule file: what {@code rule(C, A)} is when no
 * configuration entry matches the set of up servers {@code C}.
 *
 * @param name     the application's name
 * @param primary  its usual running server, if it has one
 * @param backup   how its backup server is chosen
 * @param fixed    when true, the periodic load check never switches its backup
 * @param autoMove when true, a joining server may take it over from a server running several apps
 * @param allowed  the only servers that may run it or back it up, in priority order (never empty;
 *                 all servers of the cluster when the rule file does not restrict it)
 * @param launch   how the native adapter starts it, if the rule file says
 * @param demand   what it uses of each capacity dimension of the server running it (a dimension not listed: 0)
 * @param apart    the apps that never run on one server with it (kept symmetric by the rule file's reader)
 * @param priority its rank when room runs short: higher first; ties keep rule-file order
 */
public record AppRule(String name, Optional<String> primary, BackupRule backup, boolean fixed,
                      boolean autoMove, List<String> allowed, Optional<LaunchSpec> launch,
                      Map<String, Double> demand, List<String> apart, int priority) {
    public AppRule {
        Names.requireName(name, "app name");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(backup, "backup");
        allowed = Names.requireNames(allowed, "allowed servers");
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("app " + name + " must be allowed on at least one server");
        }
        Objects.requireNonNull(launch, "launch");
        demand = Capacity.requireAmounts(demand, "demand of " + name);
        apart = Names.requireNames(apart, "apart of " + name);
        if (apart.contains(name)) {
            throw new IllegalArgumentException("app " + name + " cannot be kept apart from itself");
        }
    }

    /** An application without demand, apart apps or priority (every rule behaves as without those fields). */
    public AppRule(String name, Optional<String> primary, BackupRule backup, boolean fixed,
                   boolean autoMove, List<String> allowed, Optional<LaunchSpec> launch) {
        this(name, primary, backup, fixed, autoMove, allowed, launch, Map.of(), List.of(), 0);
    }
}
