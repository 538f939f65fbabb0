package io.baton.adapter.pacemaker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@code crm_mon --output-as=xml} said.
 *
 * @param dc        the designated controller's node name; empty when none is elected
 * @param quorate   whether the partition crm_mon ran in has quorum
 * @param nodes     every configured node, in crm_mon's order
 * @param resources the top-level primitives and groups by id, in crm_mon's order (clones and bundles are
 *                  never Baton applications and are left out)
 */
record PacemakerStatus(Optional<String> dc, boolean quorate, List<Node> nodes, Map<String, Resource> resources) {

    PacemakerStatus {
        nodes = List.copyOf(nodes);
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    }

    /** The names of the nodes that are members: online, and neither standby, pending, unclean nor shutting down. */
    List<String> members() {
        return nodes.stream().filter(Node::member).map(Node::name).toList();
    }

    Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /**
     * A node as crm_mon reports it.
     */
    record Node(String name, boolean online, boolean standby, boolean pending, boolean unclean, boolean shutdown) {
        boolean member() {
            return online && !standby && !pending && !unclean && !shutdown;
        }
    }

    /**
     * A top-level primitive or group.
     *
     * @param id         the resource id
     * @param group      whether it is a group
     * @param runningOn  the node it runs on: a primitive active (and not failed) in a started role on exactly one
     *                   node; a group whose every member does so on the same node. Empty otherwise (stopped,
     *                   starting, stopping, failed, or partly started)
     * @param targetRole its target-role meta attribute, when set
     * @param managed    false when Pacemaker does not manage it (is-managed=false or maintenance)
     * @param failed     whether it (or a member) is failed
     */
    record Resource(String id, boolean group, Optional<String> runningOn, Optional<String> targetRole,
                    boolean managed, boolean failed) {
        /** Whether it should be stopped: target-role Stopped. */
        boolean disabled() {
            return targetRole.map(r -> r.equalsIgnoreCase("Stopped")).orElse(false);
        }
    }
}
