package io.baton.api.spi;

import io.baton.api.model.ClusterState;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything the shared store holds, at one moment.
 *
 * @param rules      the rule file in force, once one was deployed
 * @param tables     the server state, server load and application tables
 * @param controller the active controller, once one was elected
 */
public record StoreSnapshot(Optional<DeployedRules> rules, ClusterState tables, Optional<ControllerLease> controller) {
    public StoreSnapshot {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(controller, "controller");
    }
}
