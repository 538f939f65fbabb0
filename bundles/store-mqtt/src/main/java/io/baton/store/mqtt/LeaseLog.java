package io.baton.store.mqtt;

import io.baton.api.spi.ControllerLease;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The controller leases this node has seen since it connected, by the version they were written at: so the
 * controller's rows count only from the node that held the lease when it wrote them, and a lease only from the node it
 * names (taking it) or the one holding it before (handing it over).
 *
 * <p>Versions are hybrid logical clocks: a node writes its rows after the lease that made it controller, so their
 * versions are above the lease's; a row above a later lease, from a node that no longer holds it (a controller that
 * froze, a node whose key is abused), is refused. A row older than every lease known is taken as it stands: the
 * holders before the first lease seen are not known, and a broker's retained rows are the older controllers' work.
 * The log starts empty at each connection (a lease missed while away must not make those rows look forged) and keeps
 * the last {@value #KEPT}.
 *
 * <p>A node taking the lease is also checked against the election ({@link #claimProblem}): a node's key alone does
 * not unseat a controller that is up and first. Store thread only.
 */
final class LeaseLog {
    static final int KEPT = 64;

    private final TreeMap<Long, ControllerLease> byVersion = new TreeMap<>();

    /** Forgets every lease: at a new connection, whose retained rows may be from holders never seen. */
    void clear() {
        byVersion.clear();
    }

    /** A lease written at {@code version}, taken. */
    void record(long version, ControllerLease lease) {
        byVersion.put(version, lease);
        while (byVersion.size() > KEPT) {
            byVersion.pollFirstEntry();
        }
    }

    /** Why {@code writer} may not have written a controller's row at {@code version}; empty when it may. */
    Optional<String> rowProblem(String writer, long version) {
        Map.Entry<Long, ControllerLease> inForce = byVersion.lowerEntry(version);
        if (inForce == null || inForce.getValue().server().equals(writer)) {
            return Optional.empty();
        }
        return Optional.of("written by node " + writer + " while " + inForce.getValue().server()
                + " held the controller lease (term " + inForce.getValue().term() + ")");
    }

    /** Why {@code writer} may not have written {@code lease} at {@code version}; empty when it may. */
    Optional<String> leaseProblem(String writer, ControllerLease lease, long version) {
        if (lease.server().equals(writer)) {
            return Optional.empty(); // a claim: the election judges it (claimProblem)
        }
        Map.Entry<Long, ControllerLease> before = byVersion.lowerEntry(version);
        if (before == null || before.getValue().server().equals(writer)) {
            return Optional.empty(); // a hand-over by the holder
        }
        if (before.getValue().equals(lease)) {
            // the lease in force said again (an ex-holder's hand-over written twice): it changes nothing, and
            // refusing it would leave the nodes that saw the first one apart from those that saw only this one
            return Optional.empty();
        }
        return Optional.of("node " + writer + " hands the controller lease (term " + lease.term() + ") to "
                + lease.server() + " but " + before.getValue().server() + " held it (term "
                + before.getValue().term() + ")");
    }

    /**
     * Why the election does not let {@code claimant} take the lease written at {@code version} from the node holding
     * it then; empty when it does. The controllers' election (first server of the rules, in their order, that is live
     * and quorate, not detached and not processing its own change) reduced to what a hand-over-less claim needs: the
     * holder is gone from it ({@code eligible} says no, or it left the rules), or the claimant is in it and comes
     * before the holder. A holder that is up and first keeps the lease whoever's key claims it; a claim that a view
     * lagging by a moment refuses is taken when this node's view catches up (the store judges held claims again at
     * each change of membership or server rows).
     *
     * @param servers  the servers of the rules in force, in their order; empty before the first rule file
     * @param eligible whether a node may be controller in this node's view (live, quorate, not detached, not processing)
     */
    Optional<String> claimProblem(String claimant, long version, List<String> servers, Predicate<String> eligible) {
        Map.Entry<Long, ControllerLease> before = byVersion.lowerEntry(version);
        if (before == null || servers.isEmpty()) {
            return Optional.empty();
        }
        ControllerLease held = before.getValue();
        String holder = held.server();
        if (holder.equals(claimant) || !servers.contains(holder) || !eligible.test(holder)) {
            return Optional.empty();
        }
        if (eligible.test(claimant) && servers.indexOf(claimant) < servers.indexOf(holder)) {
            return Optional.empty();
        }
        return Optional.of("node " + claimant + " claims the controller lease, but " + holder + ", which holds it (term "
                + held.term() + "), is up and comes first in the election: held back until " + holder
                + " is gone, detached or busy with its own change");
    }
}
