package io.baton.store.mqtt;

import io.baton.store.mqtt.Topics.Address;
import io.baton.store.mqtt.Topics.Kind;

import java.util.List;
import java.util.Optional;

/**
 * Who may write what: a pure function of the row, its signer and the servers of the rules in force.
 * <ul>
 * <li>the rule file, and operator requests: the operator key only;</li>
 * <li>a node's presence, sync marker, heartbeat and load: that node only;</li>
 * <li>the controller's rows (lease, apps, servers, history, outcomes, taking back an answered request) and the
 *     adapters' channels: a server of the rules in force (any certified node before the first rule file), so that
 *     deploying rules without a node revokes it;</li>
 * <li>of those, the apps, servers, history and outcomes: the node that held the controller lease when it wrote them,
 *     and the lease itself: the node it names, or the one that held it before ({@link LeaseLog}, which needs the
 *     leases seen, so the store checks it).</li>
 * </ul>
 * The adapters' channels stay open to every server of the rules: they carry the controller's instructions, each
 * node's reports and the nodes' own takeovers (a native agent that sees its primary fail writes the app's new
 * assignment itself, without waiting for a controller).
 */
final class Writers {

    /** Who signed a message: the operator, or a node by its certified name. */
    record Signer(boolean operator, String node) {
        static final Signer OPERATOR = new Signer(true, "");

        static Signer node(String name) {
            return new Signer(false, name);
        }

        @Override
        public String toString() {
            return operator ? "the operator key" : "node " + node;
        }
    }

    private Writers() {
    }

    /** Why {@code signer} may not write {@code at} ({@code removed}: a tombstone); empty when it may. */
    static Optional<String> problem(Address at, boolean removed, Signer signer, List<String> servers) {
        return switch (at.kind()) {
            case RULES -> signer.operator() ? Optional.empty()
                    : Optional.of("a rule file must be signed by the operator key, not by " + signer);
            case REQUEST -> removed ? server(signer, servers) : signer.operator() ? Optional.empty()
                    : Optional.of("an operator request must be signed by the operator key, not by " + signer);
            case SERVER_LOAD, PRESENCE, SYNC -> own(signer, at.name());
            case CONTROLLER, APP, SERVER_STATE, HISTORY, OUTCOME, CHANNEL -> server(signer, servers);
        };
    }

    /** Whether only the controller lease's holder writes rows of this kind. */
    static boolean leaseHolderOnly(Kind kind) {
        return kind == Kind.APP || kind == Kind.SERVER_STATE || kind == Kind.HISTORY || kind == Kind.OUTCOME;
    }

    /** Why {@code signer} may not send node {@code node}'s heartbeat; empty when it may. */
    static Optional<String> beat(String node, Signer signer) {
        return own(signer, node);
    }

    private static Optional<String> own(Signer signer, String node) {
        return !signer.operator() && signer.node().equals(node) ? Optional.empty()
                : Optional.of("only node " + node + " writes this, not " + signer);
    }

    private static Optional<String> server(Signer signer, List<String> servers) {
        if (signer.operator()) {
            return Optional.of("the controller's rows are written by a node, not by the operator key");
        }
        return servers.isEmpty() || servers.contains(signer.node()) ? Optional.empty()
                : Optional.of(signer + " is not a server of the rules in force");
    }
}
