package io.baton.api.spi;

import io.baton.api.model.AppStatus;
import io.baton.api.model.HistoryEntry;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerStatus;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The shared data store: the tables every node mirrors identically, so any node can take over as
 * controller with the full state. Writes are asynchronous and reach every node's mirror
 * (including the writer's) in the order written; a writer re-publishes the rows it owns after a
 * reconnection, so a store outage loses nothing. The store also tracks which nodes are connected
 * ({@link StoreSnapshot#liveNodes()}). Thread-safe; reads never block on I/O; writes while
 * disconnected are kept and sent on reconnection. The store also decides membership: which nodes count, which have
 * departed, and whether this node holds a majority's lease ({@link StoreSnapshot#membership()}).
 */
@ProviderType
public interface SharedStore {

    /** The cluster this store serves. */
    String cluster();

    /** This node's server name. */
    String node();

    /** The mirror as it is now. */
    StoreSnapshot snapshot();

    /**
     * Distributes a validated rule file to every node, signed by the operator.
     *
     * @throws IllegalStateException when this node cannot sign for the operator (it holds no operator key)
     */
    void putRules(DeployedRules rules);

    void putServer(ServerStatus row);

    void putLoad(ServerLoad row);

    void putApp(AppStatus row);

    /** Removes an application's row (it left the rules). */
    void removeApp(String app);

    void putController(ControllerLease lease);

    /** Adds a decision to the bounded history (the oldest entries drop out). */
    void appendHistory(HistoryEntry entry);

    /**
     * Hands an operator request, signed by the operator, to whichever node is the controller.
     *
     * @throws IllegalStateException when this node cannot sign for the operator (it holds no operator key)
     */
    void submitRequest(OperatorRequest request);

    /** Answers a request: removes it from the pending ones and records the outcome. */
    void completeRequest(RequestOutcome outcome);

    /** A replicated namespace for an adapter's own state; the same name gives the same channel. */
    KeyValueChannel channel(String name);

    /** This node's private round trip through the store's server, for proving contact with it. */
    Echo echo();

    /**
     * Until when this node's lease holds unless a majority acknowledges it again, as a {@link System#nanoTime()}
     * value of this JVM (in the past once it ran out): a node fences by then, so that an app never runs on two
     * servers. See {@link Membership#leased()}.
     *
     * @since 1.3
     */
    long leaseDeadlineNanos();

    /** Calls the listener after each change of the mirror until the registration is closed. */
    Registration addListener(StoreListener listener);
}
