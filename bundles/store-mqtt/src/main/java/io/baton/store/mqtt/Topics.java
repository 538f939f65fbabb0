package io.baton.store.mqtt;

import java.util.Optional;

/**
 * The topic layout: one retained topic per table row under {@code baton/<cluster>/}. Names are escaped
 * ({@code %}, {@code /}, {@code +}, {@code #} and NUL as {@code %XX}) so a name can never add a level or a
 * wildcard to the layout.
 */
final class Topics {

    /** What a topic holds. */
    enum Kind {
        RULES, CONTROLLER, HISTORY, SERVER_STATE, SERVER_LOAD, APP, REQUEST, OUTCOME, PRESENCE, SYNC, MARKER, CHANNEL;

        /** Whether a node that writes this kind of row owns it and re-publishes it after the broker lost it. */
        boolean owned() {
            return this != PRESENCE && this != SYNC && this != MARKER;
        }
    }

    /**
     * A parsed topic.
     *
     * @param name the server, application, request, node or channel it is about; empty when none
     * @param key  the key within a channel; empty for other kinds
     */
    record Address(Kind kind, String name, String key) {
    }

    private final String prefix;
    private final String echoPrefix;

    Topics(String cluster) {
        this.prefix = "baton/" + escape(cluster) + "/";
        this.echoPrefix = "baton-echo/" + escape(cluster) + "/";
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

    String presence(String node) {
        return prefix + "nodes/" + escape(node) + "/presence";
    }

    /** Not retained: a node's marker that it has received the retained state, and its presence probe. */
    String sync(String node) {
        return prefix + "nodes/" + escape(node) + "/sync";
    }

    /**
     * A node's own retained marker, new with each start of the node: missing after a reconnection, it tells the
     * node that the broker lost its retained state. Each node writes only its own, so nodes never race for it.
     */
    String marker(String node) {
        return prefix + "nodes/" + escape(node) + "/marker";
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
            case "nodes/presence" -> new Address(Kind.PRESENCE, unescape(l[1]), "");
            case "nodes/sync" -> new Address(Kind.SYNC, unescape(l[1]), "");
            case "nodes/marker" -> new Address(Kind.MARKER, unescape(l[1]), "");
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
