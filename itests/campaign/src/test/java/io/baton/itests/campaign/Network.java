package io.baton.itests.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.baton.itests.cluster.Namespaces.quietly;
import static io.baton.itests.cluster.Namespaces.run;

/**
 * The campaign's network, made for the run: every node and every embedded broker in a network namespace of its own,
 * all joined by a bridge in a hub namespace (10.233.0.0/24, an address range that exists only inside them), and one
 * link from this JVM's namespace to the bridge so the test's own watcher reaches the brokers. Nothing listens outside
 * the namespaces. A link cut is the hub's end of a machine's link going down (both ways); a one-way cut is a
 * blackhole route on one side, so packets go one way only. ({@code tc netem} would add delay and loss, but the VMs
 * this runs on have no {@code sch_netem} in their kernel.) Needs root; {@link #available()} says whether it can be made.
 */
final class Network implements AutoCloseable {
    private static final String PREFIX = "btcmp-";
    private static final String HUB = PREFIX + "hub";
    private static final String SUBNET = "10.233.0.";
    private static final String ROOT_LINK = PREFIX + "root";

    private final Map<String, Integer> hosts = new LinkedHashMap<>();
    private final List<String> oneWay = new ArrayList<>(); // "namespace destination" of each blackhole route now

    private Network(List<String> nodes, List<String> brokers) {
        for (int i = 0; i < nodes.size(); i++) {
            hosts.put(nodes.get(i), 1 + i);
        }
        for (int i = 0; i < brokers.size(); i++) {
            hosts.put(brokers.get(i), 11 + i);
        }
    }

    /** Whether this process may make network namespaces (root, and {@code ip netns} works here). */
    static boolean available() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        try {
            run("ip", "netns", "add", PREFIX + "probe");
            run("ip", "netns", "del", PREFIX + "probe");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Makes the namespaces of {@code nodes} and {@code brokers} (whatever an earlier run left is removed first). */
    static Network create(List<String> nodes, List<String> brokers) {
        Network net = new Network(nodes, brokers);
        net.removeAll();
        run("ip", "netns", "add", HUB);
        run("ip", "-n", HUB, "link", "set", "lo", "up");
        run("ip", "-n", HUB, "link", "add", "br0", "type", "bridge");
        run("ip", "-n", HUB, "addr", "add", SUBNET + "254/24", "dev", "br0");
        run("ip", "-n", HUB, "link", "set", "br0", "up");
        net.hosts.forEach((name, host) -> {
            String ns = namespace(name);
            run("ip", "netns", "add", ns);
            run("ip", "-n", ns, "link", "set", "lo", "up");
            run("ip", "-n", HUB, "link", "add", hubEnd(name), "type", "veth", "peer", "name", "eth0", "netns", ns);
            run("ip", "-n", HUB, "link", "set", hubEnd(name), "master", "br0", "up");
            run("ip", "-n", ns, "addr", "add", SUBNET + host + "/24", "dev", "eth0");
            run("ip", "-n", ns, "link", "set", "eth0", "up");
        });
        // this JVM's way in: a veth from its own namespace to the bridge
        run("ip", "link", "add", ROOT_LINK, "type", "veth", "peer", "name", "bch-root", "netns", HUB);
        run("ip", "-n", HUB, "link", "set", "bch-root", "master", "br0", "up");
        run("ip", "addr", "add", SUBNET + "250/24", "dev", ROOT_LINK);
        run("ip", "link", "set", ROOT_LINK, "up");
        return net;
    }

    static String namespace(String name) {
        return PREFIX + name;
    }

    String address(String name) {
        Integer host = hosts.get(name);
        if (host == null) {
            throw new IllegalArgumentException("no machine " + name + " in the campaign's network " + hosts.keySet());
        }
        return SUBNET + host;
    }

    /** Cuts the machine's link, both ways. */
    void cut(String name) {
        run("ip", "-n", HUB, "link", "set", hubEnd(name), "down");
    }

    /** Drops every packet {@code from} sends to {@code to} (the other way still flows). */
    void cutOneWay(String from, String to) {
        run("ip", "-n", namespace(from), "route", "add", "blackhole", address(to) + "/32");
        oneWay.add(namespace(from) + " " + address(to));
    }

    /** Every link up and every one-way cut gone. */
    void healAll() {
        hosts.keySet().forEach(name -> run("ip", "-n", HUB, "link", "set", hubEnd(name), "up"));
        for (String route : oneWay) {
            String[] nsAndDestination = route.split(" ");
            quietly("ip", "-n", nsAndDestination[0], "route", "del", "blackhole", nsAndDestination[1] + "/32");
        }
        oneWay.clear();
    }

    /** Removes every namespace and link of the campaign (the machines in them must be stopped first). */
    @Override
    public void close() {
        removeAll();
    }

    private void removeAll() {
        quietly("ip", "link", "del", ROOT_LINK);
        hosts.keySet().forEach(name -> quietly("ip", "netns", "del", namespace(name)));
        quietly("ip", "netns", "del", HUB);
    }

    /** The hub's end of a machine's link (interface names: at most 15 characters). */
    private static String hubEnd(String name) {
        return "bch-" + name;
    }
}
