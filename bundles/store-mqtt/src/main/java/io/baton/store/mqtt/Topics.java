package io.baton.store.mqtt;

import java.util.Optional;

/**
 * The topic layout: one retained topic per table row under {@code baton/<cluster>/}. Names are escaped
 * ({@code %}, {@code /}, {@code +}, {@code #}, NUL, {@code .} and space as {@code %XX}) so a name can never add a
 * level or a wildcard to the layout, and every topic is one that NATS's MQTT support accepts (it maps levels to
 * subject tokens, which may not hold dots or spaces).
 */
final class Topics {

    /** What a topic holds. */
    enum Kind {
        RULES, CONTROLLER, HISTORY, SERVER_STATE, SERVER_LOAD, APP, REQUEST, OUTCOME, PRESENCE, SYNC, CHANNEL;

        /** Whether this kind is a row of the tables: versioned, mirrored, re-published to a broker that lacks it. */
        boolean row() {
            return this != PRESENCE && this != SYNC;
        }
    }

    /**
     * A parsed topic.
     *
     * @param name the server, application, request, node or channel it is about; empty when none
     * @param key  the key within a channel, the link of a presence; empty for other kinds
     */
    record Address(Kind kind, String name, String key) {
    }

    private final String prefix;
    private final String echoPrefix;
    private final String beatPrefix;

    Topics(String cluster) {
        this.prefix = "baton/" + escape(cluster) + "/";
        this.echoPrefix = "baton-echo/" + escape(cluster) + "/";
        this.beatPrefix = "baton-beat/" + escape(cluster) + "/";
    }

    /** The subscription that receives every row of the cluster. */
    String all() {
        return prefix + "#";
    }

    String rules() {
        return prefix + "rules";
    }

    String controller() {
        return prefix + "controller";
    }

    String history() {
        return prefix + "history";
    }

    String server(String name) {
        return prefix + "servers/" + escape(name) + "/state";
    }

    String load(String server) {
        return prefix + "servers/" + escape(server) + "/load";
    }

    String app(String name) {
        return prefix + "apps/" + escape(name);
    }

    String request(String id) {
        return prefix + "requests/" + escape(id);
    }

    String outcome(String id) {
        return prefix + "outcomes/" + escape(id);
    }

    /**
     * A node's presence on the broker of link {@code link} (its index in the configured list): retained "online"
     * with the connection's id, and that connection's Will. One topic per link, so that on a replicating broker
     * cluster the Will of one server's connection never hides the node's connection to another.
     */
    String presence(String node, int link) {
        return prefix + "nodes/" + escape(node) + "/presence/" + link;
    }

    /** Every node's presence on the broker of link {@code link}. */
    String presences(int link) {
        return prefix + "nodes/+/presence/" + link;
    }

    /** A node's heartbeats (not retained, QoS 0), sent through every broker; outside the tree of rows. */
    String beat(String node) {
        return beatPrefix + escape(node);
    }

    /** Every node's heartbeats. */
    String beats() {
        return beatPrefix + "+";
    }

    /** The node a heartbeat topic belongs to, if it is one of this cluster's. */
    Optional<String> beatOf(String topic) {
        if (!topic.startsWith(beatPrefix)) {
            return Optional.empty();
        }
        try {
            String level = topic.substring(beatPrefix.length());
            return level.contains("/") ? Optional.empty() : Optional.of(unescape(level));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Not retained: a node's marker that it has received the retained state. */
    String sync(String node) {
        return prefix + "nodes/" + escape(node) + "/sync";
    }

    /**
     * A node's echo ({@link io.baton.api.spi.Echo}), outside the cluster's tree so that only the node itself, which
     * subscribes to exactly this topic, receives it: a node's heartbeats are of no use to the others.
     */
    String echo(String node) {
        return echoPrefix + escape(node);
    }

    String channel(String channel, String key) {
        return prefix + "ext/" + escape(channel) + "/" + escape(key);
    }

    /** What the topic holds, or empty when it is not part of this cluster's layout. */
    Optional<Address> parse(String topic) {
        if (!topic.startsWith(prefix)) {
            return Optional.empty();
        }
        String[] l = topic.substring(prefix.length()).split("/", -1);
        try {
            return Optional.ofNullable(switch (l.length) {
                case 1 -> switch (l[0]) {
                    case "rules" -> new Address(Kind.RULES, "", "");
                    case "controller" -> new Address(Kind.CONTROLLER, "", "");
                    case "history" -> new Address(Kind.HISTORY, "", "");
                    default -> null;
                };
                case 2 -> switch (l[0]) {
                    case "apps" -> new Address(Kind.APP, unescape(l[1]), "");
                    case "requests" -> new Address(Kind.REQUEST, unescape(l[1]), "");
                    case "outcomes" -> new Address(Kind.OUTCOME, unescape(l[1]), "");
                    default -> null;
                };
                case 3 -> three(l);
                case 4 -> l[0].equals("nodes") && l[2].equals("presence") && l[3].matches("[0-9]{1,3}")
                        ? new Address(Kind.PRESENCE, unescape(l[1]), l[3]) : null;
                default -> null;
            });
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Address three(String[] l) {
        String level = l[0] + "/" + l[2];
        return switch (level) {
            case "servers/state" -> new Address(Kind.SERVER_STATE, unescape(l[1]), "");
            case "servers/load" -> new Address(Kind.SERVER_LOAD, unescape(l[1]), "");
            case "nodes/sync" -> new Address(Kind.SYNC, unescape(l[1]), "");
            default -> l[0].equals("ext") ? new Address(Kind.CHANNEL, unescape(l[1]), unescape(l[2])) : null;
        };
    }

    static String escape(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            switch (c) {
                case '%' -> out.append("%25");
                case '/' -> out.append("%2F");
                case '+' -> out.append("%2B");
                case '#' -> out.append("%23");
                case '\0' -> out.append("%00");
                case '.' -> out.append("%2E");
                case ' ' -> out.append("%20");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The name an escaped level stands for; rejects an empty level or a bad escape. */
    static String unescape(String level) {
        if (level.isEmpty()) {
            throw new IllegalArgumentException("empty topic level");
        }
        StringBuilder out = new StringBuilder(level.length());
        for (int i = 0; i < level.length(); i++) {
            char c = level.charAt(i);
            if (c == '%') {
                int high = i + 2 < level.length() ? Character.digit(level.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(level.charAt(i + 2), 16);
                if (low < 0) {
                    throw new IllegalArgumentException("bad escape in " + level);
                }
                out.append((char) (high * 16 + low));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
