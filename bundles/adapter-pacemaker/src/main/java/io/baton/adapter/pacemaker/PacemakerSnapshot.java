package io.baton.adapter.pacemaker;

import io.baton.api.spi.ClusterManagerException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One reading of Pacemaker's status and of Baton's constraints, and what follows from it. */
record PacemakerSnapshot(PacemakerStatus status, Map<String, BatonConstraint> constraints) {

    PacemakerStatus.Resource require(String operation, String resource) throws ClusterManagerException {
        PacemakerStatus.Resource r = status.resources().get(resource);
        if (r == null) {
            throw new ClusterManagerException(operation + " refused: Pacemaker has no primitive or group "
                    + resource);
        }
        return r;
    }

    void requireMember(String operation, String server) throws ClusterManagerException {
        if (!status.members().contains(server)) {
            throw new ClusterManagerException(operation + " refused: " + server + " is not a member (members: "
                    + String.join(", ", status.members()) + ")");
        }
    }

    BatonConstraint constraint(String resource) {
        return constraints.getOrDefault(resource, new BatonConstraint(resource, Optional.empty(), Optional.empty()));
    }

    /**
     * Resources with a Baton constraint that still prefers a node although they are stopped and nothing
     * is starting them: disabled, or (enabled, managed, not failed) with no member they may start on.
     */
    List<String> leftStopped(boolean exclusive) {
        List<String> out = new ArrayList<>();
        for (BatonConstraint c : constraints.values()) {
            PacemakerStatus.Resource r = status.resources().get(c.resource());
            if (r == null || c.nowhere() || r.runningOn().isPresent() || !r.managed() || r.failed()) {
                continue;
            }
            if (r.disabled() || !startPending(c.resource(), exclusive)) {
                out.add(c.resource());
            }
        }
        return out;
    }

    List<String> nodeNames() {
        return status.nodes().stream().map(PacemakerStatus.Node::name).toList();
    }

    boolean startPending(String resource, boolean exclusive) {
        PacemakerStatus.Resource r = status.resources().get(resource);
        if (r == null || r.runningOn().isPresent() || r.disabled() || !r.managed() || r.failed()) {
            return false;
        }
        BatonConstraint c = constraints.get(resource);
        if (c != null && c.nowhere()) {
            return false;
        }
        if (c == null || !exclusive) {
            return !status.members().isEmpty();
        }
        List<String> members = status.members();
        return c.run().filter(members::contains).isPresent() || c.backup().filter(members::contains).isPresent();
    }
}
