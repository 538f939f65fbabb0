package io.baton.itests.campaign;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.baton.itests.cluster.AppProcesses;
import io.baton.itests.cluster.LocalCluster;
import io.baton.itests.cluster.OsWatch;
import io.baton.itests.cluster.Tables;
import io.baton.trust.KeyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The cluster a campaign works on: three Karaf nodes and two embedded brokers started by the assembly's
 * {@code bin/baton up}, four test apps that record where and when they start, the tables watched on both brokers
 * (signatures checked, as the nodes do), and the OS watched every 25 ms from the first start to the end.
 */
final class Stage implements AutoCloseable {
    static final List<String> NODES = List.of("n1", "n2", "n3");
    static final Set<String> APPS = new TreeSet<>(List.of("a1", "a2", "a3", "a4"));
    static final List<String> BROKERS = List.of("broker1", "broker2");

    final Path home;
    final LocalCluster cluster;
    final AppProcesses processes;
    final Path rules;
    final Path changedRules;
    Tables tables;
    OsWatch watch;
    Network network; // null when every machine shares this one's network
    Path deployed;   // the rule file in force: the last one deployed

    private Stage(Path home, int portBase) throws IOException {
        this.home = home;
        this.cluster = new LocalCluster(home, portBase, Map.of());
        this.processes = new AppProcesses(home.resolve("apps"));
        this.rules = home.resolve("campaign-rules.json");
        this.changedRules = home.resolve("campaign-rules-changed.json");
        Files.writeString(rules, rules(false));
        Files.writeString(changedRules, rules(true));
        this.deployed = rules;
    }

    /** Starts a fresh cluster under {@code home} (whatever an earlier run left there is stopped and removed). */
    /**
     * Starts a fresh cluster under {@code home} (whatever an earlier run left there is stopped and removed); with
     * {@code namespaces}, every node and broker in a network namespace of its own ({@link Network}).
     */
    static Stage up(Path home, int portBase, boolean namespaces) throws Exception {
        if (Files.exists(home.resolve("nodes"))) {
            new LocalCluster(home, portBase, Map.of()).down();
        }
        deleteTree(home);
        Files.createDirectories(home);
        Stage stage = new Stage(home, portBase);
        try {
            stage.watch = new OsWatch(stage.processes, APPS);
            List<String> options = new ArrayList<>(List.of("--no-load", "--rules", stage.rules.toString()));
            if (namespaces) {
                stage.network = Network.create(NODES, BROKERS);
                for (String machine : Stream.concat(NODES.stream(), BROKERS.stream()).toList()) {
                    options.addAll(List.of("--netns", machine + "=" + Network.namespace(machine)));
                }
                for (String b : BROKERS) {
                    options.addAll(List.of("--broker-address", b + "=" + stage.network.address(b)));
                }
            }
            stage.cluster.up(options.toArray(String[]::new));
            for (String n : NODES) {
                stage.cluster.installCrashPoint(n); // disarmed until a round arms it
            }
            stage.tables = new Tables(List.of(stage.brokerUrl("broker1"), stage.brokerUrl("broker2")), "local",
                    "baton", stage.cluster.brokerPassword(), KeyFiles.readPublic(home.resolve("operator.pub")));
            return stage;
        } catch (Exception | AssertionError e) {
            stage.close();
            throw e;
        }
    }

    /** The URL of an embedded broker as the nodes (and this JVM) reach it. */
    String brokerUrl(String broker) {
        String host = network == null ? "127.0.0.1" : network.address(broker);
        return "tcp://" + host + ":" + (cluster.portBase() + 12 * BROKERS.indexOf(broker));
    }

    /**
     * What is not healed in the membership: a node that does not reach a broker, or that a node's console does not
     * show quorate on the broker the others use; empty when every link is back.
     */
    List<String> unhealedLinks() {
        List<String> why = new ArrayList<>();
        for (String n : NODES) {
            try {
                for (JsonObject b : brokersSeenBy(n)) {
                    if (!b.get("reachable").getAsBoolean()) {
                        why.add(n + " does not reach " + b.get("url").getAsString());
                    }
                }
            } catch (AssertionError | RuntimeException e) {
                why.add(n + "'s console does not answer baton:brokers --json (" + e.getMessage().lines().findFirst()
                        .orElse("") + ")");
            }
        }
        if (why.isEmpty()) {
            try {
                JsonObject servers = JsonParser.parseString(cluster.shell(NODES.get(0), "baton:servers --json"))
                        .getAsJsonObject();
                java.util.Set<String> brokers = new TreeSet<>();
                for (String n : NODES) {
                    JsonObject row = servers.getAsJsonObject(n);
                    if (row == null || !row.has("quorate") || row.get("quorate").isJsonNull()
                            || !row.get("quorate").getAsBoolean()) {
                        why.add(n + " is not quorate as " + NODES.get(0) + " sees it");
                    }
                    brokers.add(row == null || !row.has("broker") || row.get("broker").isJsonNull() ? "none"
                            : row.get("broker").getAsString());
                }
                if (brokers.size() > 1) {
                    why.add("the nodes keep their tables on " + brokers);
                }
            } catch (AssertionError | RuntimeException e) {
                why.add(NODES.get(0) + "'s console does not answer baton:servers --json");
            }
        }
        return why;
    }

    /** The brokers as node {@code n}'s console lists them ({@code baton:brokers --json}: url, reachable, inUse). */
    private List<JsonObject> brokersSeenBy(String n) {
        List<JsonObject> brokers = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(cluster.shell(n, "baton:brokers --json")).getAsJsonArray()) {
            brokers.add(e.getAsJsonObject());
        }
        return brokers;
    }

    /** The broker the nodes keep their tables on now, as a node's console says; empty when none says. */
    Optional<String> brokerInUse() {
        for (String n : runningNodes()) {
            try {
                for (JsonObject b : brokersSeenBy(n)) {
                    if (b.get("inUse").getAsBoolean()) {
                        String url = b.get("url").getAsString();
                        return BROKERS.stream().filter(name -> brokerUrl(name).equals(url)).findFirst();
                    }
                }
            } catch (AssertionError | RuntimeException e) {
                // this console does not answer now, or not in JSON: ask another
            }
        }
        return Optional.empty();
    }

    /**
     * The campaign's rule file: four apps on three servers; a4 moves back to its first server when that one
     * returns. The changed file (deployed by the nemesis) lets a3 move back too and gives a2 another environment.
     */
    private String rules(boolean changed) {
        StringBuilder apps = new StringBuilder();
        for (String app : APPS) {
            boolean autoMove = app.equals("a4") || changed && app.equals("a3");
            apps.append(apps.length() == 0 ? "" : ",\n    ").append('"').append(app).append("\": {\"command\": \"")
                    .append(processes.command(app)).append('"').append(autoMove ? ", \"autoMove\": true" : "")
                    .append(changed && app.equals("a2") ? ", \"env\": {\"CAMPAIGN\": \"changed\"}" : "").append('}');
        }
        return "{\n  \"cluster\": \"local\",\n  \"servers\": [\"n1\", \"n2\", \"n3\"],\n  \"apps\": {\n    " + apps
                + "\n  }\n}\n";
    }

    /** The nodes whose Karaf process runs now. */
    List<String> runningNodes() {
        List<String> up = new ArrayList<>();
        for (String n : NODES) {
            try {
                if (AppProcesses.alive(cluster.pid(n))) {
                    up.add(n);
                }
            } catch (IllegalStateException e) {
                // no pid file: stopped
            }
        }
        return up;
    }

    /** The brokers whose process runs now. */
    List<String> runningBrokers() {
        List<String> up = new ArrayList<>();
        for (String b : BROKERS) {
            try {
                if (AppProcesses.alive(Long.parseLong(Files.readString(home.resolve(b).resolve("karaf.pid")).trim()))) {
                    up.add(b);
                }
            } catch (IOException | NumberFormatException e) {
                // no pid file: stopped
            }
        }
        return up;
    }

    @Override
    public void close() throws Exception {
        try {
            if (tables != null) {
                tables.close();
            }
        } finally {
            try {
                cluster.down();
            } finally {
                try {
                    if (watch != null) {
                        watch.close();
                    }
                } finally {
                    if (network != null) {
                        network.close();
                    }
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
