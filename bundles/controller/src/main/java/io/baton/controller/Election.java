package io.baton.controller;

import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;
import io.baton.api.model.ServerState;
import io.baton.api.spi.ControllerLease;
import io.baton.api.spi.StoreSnapshot;

import java.util.Optional;
import java.util.Set;

/**
 * Who controls the cluster (SPEC "controller: active on exactly one server at a time"): the first
 * server, in the rules' priority order, that is a member and quorate, not detached, and whose own change is
 * not being handled (its row is not processing: a recovering server takes over only once its join
 * has settled, not in the middle of it). Every node computes it from the same mirror; the term in
 * the store settles the moments when mirrors differ.
 */
final class Election {
    private Election() {
    }

    /** The nodes that may be controller: members that, as their own latest heartbeat said, may act. */
    static Set<String> candidates(StoreSnapshot snapshot) {
        Set<String> candidates = new java.util.LinkedHashSet<>();
        for (String node : snapshot.liveNodes()) {
            // a store that tells no standing (one without heartbeats) leaves every member a candidate
            if (java.util.Optional.ofNullable(snapshot.membership().nodes().get(node))
                    .map(io.baton.api.spi.Membership.Standing::quorate).orElse(true)) {
                candidates.add(node);
            }
        }
        return candidates;
    }

    static Optional<String> leader(Rules rules, Set<String> liveNodes, ClusterState tables) {
        Optional<String> first = rules.servers().stream()
                .filter(liveNodes::contains)
                .filter(s -> tables.server(s).state() != ServerState.DETACHED && !tables.server(s).processing())
                .findFirst();
        // With every connected server detached someone must still answer "attach": the first connected one.
        return first.isPresent() ? first : rules.servers().stream().filter(liveNodes::contains)
                .filter(s -> !tables.server(s).processing()).findFirst();
    }

    /**
     * Whether a lease another controller wrote supersedes ours: a higher term, or the same term
     * written by a server of higher priority (two nodes that elected themselves from different views).
     */
    static boolean supersedes(ControllerLease other, String me, long myTerm, Rules rules) {
        if (other.server().equals(me)) {
            return false;
        }
        if (other.term() != myTerm) {
            return other.term() > myTerm;
        }
        int theirs = rules.servers().indexOf(other.server());
        return theirs >= 0 && theirs < rules.servers().indexOf(me);
    }
}
