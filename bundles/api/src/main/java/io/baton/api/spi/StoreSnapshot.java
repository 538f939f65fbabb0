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
 * @param liveNodes  the members: nodes heard from recently (their heartbeats) and not departed; a node that
 *                   crashed leaves at once (its connections' Wills), one cut off once it has fenced for sure
 * @param history    the latest decisions, oldest first
 * @param requests   operator requests not answered yet, by id
 * @param outcomes   answers to recent requests, by id
 * @param connected  whether this node is in step with the store now (its tables are current)
 * @param membership this node's standing and what it knows of the others' (since 1.3)
 */
public record StoreSnapshot(Optional<DeployedRules> rules, ClusterState tables, Optional<ControllerLease> controller,
                            Set<String> liveNodes, List<HistoryEntry> history, Map<String, OperatorRequest> requests,
                            Map<String, RequestOutcome> outcomes, boolean connected, Membership membership) {
    public static final StoreSnapshot EMPTY = new StoreSnapshot(Optional.empty(), ClusterState.EMPTY, Optional.empty(),
            Set.of(), List.of(), Map.of(), Map.of(), false, Membership.UNKNOWN);

    /**
     * A snapshot of a store without quorum: leased and quorate exactly while connected, no node departed (for
     * stores of one node, and tests of the parts above the store).
     */
    public StoreSnapshot(Optional<DeployedRules> rules, ClusterState tables, Optional<ControllerLease> controller,
                         Set<String> liveNodes, List<HistoryEntry> history, Map<String, OperatorRequest> requests,
                         Map<String, RequestOutcome> outcomes, boolean connected) {
        this(rules, tables, controller, liveNodes, history, requests, outcomes, connected,
                new Membership(connected, connected, Set.of(), Map.of(), List.of()));
    }

    /** Whether this node may act now: in step with the store and quorate. */
    public boolean quorate() {
        return connected && membership.quorate();
    }

    /** This snapshot with another membership (the tables unchanged). */
    public StoreSnapshot with(Membership next) {
        return new StoreSnapshot(rules, tables, controller, liveNodes, history, requests, outcomes, connected, next);
    }

    public StoreSnapshot {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(membership, "membership");
        liveNodes = Collections.unmodifiableSet(new LinkedHashSet<>(liveNodes));
        history = List.copyOf(history);
        requests = Collections.unmodifiableMap(new LinkedHashMap<>(requests));
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }
}
