package io.baton.api.spi;

import io.baton.api.model.ClusterState;
import io.baton.api.model.HistoryEntry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the shared store holds, at one moment.
 *
 * @param rules      the rule file in force, once one was deployed
 * @param tables     the server state, server load and application tables
 * @param controller the active controller, once one was elected
 * @param liveNodes  the nodes connected to the store now (their presence; a node that crashed
 *                   disappears within the broker's keep-alive detection)
 * @param history    the latest decisions, oldest first
 * @param requests   operator requests not answered yet, by id
 * @param outcomes   answers to recent requests, by id
 * @param connected  whether this node is connected to the store now
 */
public record StoreSnapshot(Optional<DeployedRules> rules, ClusterState tables, Optional<ControllerLease> controller,
                            Set<String> liveNodes, List<HistoryEntry> history, Map<String, OperatorRequest> requests,
                            Map<String, RequestOutcome> outcomes, boolean connected) {
    public static final StoreSnapshot EMPTY = new StoreSnapshot(Optional.empty(), ClusterState.EMPTY, Optional.empty(),
            Set.of(), List.of(), Map.of(), Map.of(), false);

    public StoreSnapshot {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(controller, "controller");
        liveNodes = Collections.unmodifiableSet(new LinkedHashSet<>(liveNodes));
        history = List.copyOf(history);
        requests = Collections.unmodifiableMap(new LinkedHashMap<>(requests));
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }
}
