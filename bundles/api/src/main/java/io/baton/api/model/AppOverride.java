package io.baton.api.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields a configuration entry overrides for one application while exactly that
 * configuration's servers are up. An empty field keeps the application's default; demand, apart apps and
 * priority are the application's everywhere and are never overridden.
 */
public record AppOverride(Optional<String> primary, Optional<BackupRule> backup, Optional<Boolean> fixed,
                          Optional<Boolean> autoMove, Optional<List<String>> allowed) {
    public static final AppOverride NOTHING =
            new AppOverride(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public AppOverride {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(fixed, "fixed");
        Objects.requireNonNull(autoMove, "autoMove");
        allowed = Objects.requireNonNull(allowed, "allowed").map(a -> Names.requireNames(a, "allowed servers"));
    }

    /** This override applied to an application's defaults. */
    public AppRule applyTo(AppRule defaults) {
        return new AppRule(defaults.name(),
                primary.isPresent() ? primary : defaults.primary(),
                backup.orElse(defaults.backup()),
                fixed.orElse(defaults.fixed()),
                autoMove.orElse(defaults.autoMove()),
                allowed.orElse(defaults.allowed()),
                defaults.launch(), defaults.demand(), defaults.apart(), defaults.priority());
    }
}
