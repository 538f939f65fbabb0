package io.baton.api.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * This node's standing in the cluster, and what it knows of the others, at one moment (SPEC "Availability and
 * trust"). Changes only when one of its values changes, not with every heartbeat.
 *
 * @param leased   whether a majority of the rule file's servers acknowledged this node within its lease time: while
 *                 it is, this node may keep running its apps; once it is not, it fences (stops them) before any
 *                 majority may start them elsewhere ({@link SharedStore#leaseDeadlineNanos()} says when that is)
 * @param quorate  whether this node may act (take an app over, start one, run the controller): it is leased, in
 *                 step with the store, and on the same broker as a majority
 * @param departed the nodes whose apps may be taken over now: they are dead, or have fenced for sure
 * @param nodes    each node heard of recently: the broker it uses and whether it may act, as it last said
 * @param brokers  the brokers this node is configured with, in priority order, as this node sees them
 */
public record Membership(boolean leased, boolean quorate, Set<String> departed, Map<String, Standing> nodes,
                         List<Broker> brokers) {
    /** Nothing known: before the store has heard from anyone. */
    public static final Membership UNKNOWN = new Membership(false, false, Set.of(), Map.of(), List.of());

    /**
     * A node's standing, as its own latest heartbeat said.
     *
     * @param broker  the broker it uses for the shared tables, while it is in step with one
     * @param quorate whether it may act
     */
    public record Standing(Optional<String> broker, boolean quorate) {
        public Standing {
            Objects.requireNonNull(broker, "broker");
        }
    }

    /**
     * One configured broker, as this node sees it.
     *
     * @param url       where it is
     * @param reachable whether this node's link to it answers
     * @param inUse     whether this node uses it for the shared tables now
     */
    public record Broker(String url, boolean reachable, boolean inUse) {
        public Broker {
            Objects.requireNonNull(url, "url");
        }
    }

    public Membership {
        departed = Collections.unmodifiableSet(new LinkedHashSet<>(departed));
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        brokers = List.copyOf(brokers);
    }

    /** The broker this node uses for the shared tables, if any. */
    public Optional<String> brokerInUse() {
        return brokers.stream().filter(Broker::inUse).map(Broker::url).findFirst();
    }
}
