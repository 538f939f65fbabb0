package io.baton.broker.embedded;

/**
 * What a node's own broker user may publish and subscribe to: a pure function of the topic and the node's name
 * (its user name). A node writes the cluster's shared rows (any node may be the controller, and rule files and
 * operator requests go out through a node), but only its own presence, sync marker, heartbeat, echo and load, so
 * that a node's password cannot be used to announce another node gone, forge its heartbeats or its load. The rows'
 * signatures check every writer anyway; this is the broker's line of defence before them. The same rules for
 * mosquitto are in {@code config/examples/mosquitto.acl}.
 */
final class NodeAcl {
    private NodeAcl() {
    }

    /** Whether node {@code node} may publish on {@code topic}. */
    static boolean canWrite(String topic, String node) {
        String[] l = topic.split("/", -1);
        if (l.length < 3) {
            return false;
        }
        return switch (l[0]) {
            case "baton-beat", "baton-echo" -> l.length == 3 && l[2].equals(node);
            case "baton" -> shared(l, node);
            default -> false;
        };
    }

    /** Whether node {@code node} may subscribe to (and receive) {@code topic}, a filter with wildcards or not. */
    static boolean canRead(String topic, String node) {
        String[] l = topic.split("/", -1);
        if (l.length < 2) {
            return false;
        }
        return switch (l[0]) {
            case "baton", "baton-beat" -> true;
            case "baton-echo" -> l.length == 3 && l[2].equals(node); // a node's echo is for itself only
            default -> false;
        };
    }

    private static boolean shared(String[] l, String node) {
        String rest = String.join("/", java.util.Arrays.copyOfRange(l, 2, l.length));
        if (l.length == 3) {
            return rest.equals("rules") || rest.equals("controller") || rest.equals("history");
        }
        return switch (l[2]) {
            case "apps", "requests", "outcomes" -> l.length == 4;
            case "ext" -> l.length == 5;
            case "servers" -> l.length == 5 && (l[4].equals("state") || l[4].equals("load") && l[3].equals(node));
            case "nodes" -> l.length >= 5 && l[3].equals(node);
            default -> false;
        };
    }
}
