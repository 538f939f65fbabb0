package io.baton.api.spi;

import io.baton.api.model.Placement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a cluster manager reports at one moment.
 *
 * @param members   the servers it considers members (online) right now
 * @param placement where each application runs
 * @param backups   application to the server it would take the application over to, for the
 *                  applications that have one
 */
public record ClusterView(Set<String> members, Placement placement, Map<String, String> backups) {
    public ClusterView {
        members = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(members, "members")));
        Objects.requireNonNull(placement, "placement");
        backups = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(backups, "backups")));
    }
}
