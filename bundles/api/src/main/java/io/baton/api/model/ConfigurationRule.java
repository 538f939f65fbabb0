package io.baton.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A rule-file configuration entry: application overrides that hold while exactly {@link #servers()}
 * are up.
 *
 * @param servers the exact set of up servers this entry applies to
 * @param apps    per application name, the fields it overrides (apps not listed keep their defaults)
 */
public record ConfigurationRule(Set<String> servers, Map<String, AppOverride> apps) {
    public ConfigurationRule {
        servers = Names.orderedSet(servers, "configuration servers");
        apps = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(apps, "apps")));
    }
}
