package io.baton.adapter.nativecm;

import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.SharedStore;
import io.baton.api.testing.Await;
import io.baton.api.testing.InMemoryBroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Several native agents in one JVM, each on its own in-memory broker node with its own directories;
 * real OS processes. Closing it stops every agent and kills anything a test left behind.
 */
final class TestCluster implements AutoCloseable {
    /** The lease: a node cut off keeps its apps this long. */
    static final Duration FENCE = Duration.ofMillis(400);
    static final Duration WAIT = Duration.ofSeconds(5);

    static final String RULES = """
            {"cluster": "t", "servers": ["a", "b", "c"],
             "apps": {
               "web":  {"command": "sleep 1000"},
               "tree": {"command": "sleep 1000 & wait"},
               "env":  {"command": "echo \\"$GREETING from $(pwd)\\"; exec sleep 1000", "workingDirectory": "work",
                        "env": {"GREETING": "hello"}},
               "stamp": {"command": "n=${PWD##*/}; trap 'echo stop $n >>../stamps; kill $! 2>/dev/null; exit 0' TERM; echo start $n >>../stamps; while :; do sleep 1000 & wait; done"},
               "bare": {}
             }}""";

    final InMemoryBroker broker = new InMemoryBroker("t", FENCE);
    final Path root;
    private final Map<String, NativeClusterManager> managers = new ConcurrentHashMap<>();
    private final Set<Long> pidsSeen = ConcurrentHashMap.newKeySet();
    private long revision;

    TestCluster(Path root, String... nodes) {
        this.root = root;
        for (String node : nodes) {
            start(node);
        }
        deploy(RULES);
        awaitInSync(nodes);
    }

    Settings settings(String node) {
        return Settings.under(root.resolve(node)).withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(2),
                Duration.ofSeconds(1));
    }

    NativeClusterManager start(String node) {
        try {
            Files.createDirectories(root.resolve(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        NativeClusterManager m = new NativeClusterManager(broker.node(node), settings(node));
        managers.put(node, m);
        return m;
    }

    NativeClusterManager start(String node, Settings settings) {
        return start(node, broker.node(node), settings);
    }

    /** The node on a store of the test's making (e.g. a {@link PartitionedStore} around {@code broker.node(node)}). */
    NativeClusterManager start(String node, SharedStore store, Settings settings) {
        try {
            Files.createDirectories(root.resolve(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        NativeClusterManager m = new NativeClusterManager(store, settings);
        managers.put(node, m);
        return m;
    }

    NativeClusterManager node(String node) {
        return managers.get(node);
    }

    /** The agent dies as in a JVM crash: its processes keep running. */
    void crash(String node) {
        managers.remove(node).close(false);
    }

    void deploy(String rules) {
        broker.node(managers.keySet().iterator().next())
                .putRules(new DeployedRules("test-rules.json", rules, ++revision, Instant.now()));
    }

    void awaitInSync(String... nodes) {
        Await.until("agents in sync", WAIT, () -> Stream.of(nodes).allMatch(n -> managers.get(n).inSync()));
    }

    /**
     * What the {@code stamp} app wrote, in order: "start NODE" when it starts, "stop NODE" when it is asked to stop.
     * Every copy appends to one file, so the order of the lines is the order of the events, whatever the clocks say.
     * (Its loop: a stop signals the children first, and a shell whose only child ended would exit before its own
     * SIGTERM came, without a word.)
     */
    List<String> stamps() {
        try {
            Path file = root.resolve("stamps");
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<LocalProcess> process(String node, String app) {
        Optional<LocalProcess> p = Optional.ofNullable(managers.get(node)).map(m -> m.processes().get(app));
        p.ifPresent(x -> pidsSeen.add(x.pid()));
        return p;
    }

    /** The pid of the app's running (not stopping) process on the node, once there is one. */
    long awaitRunning(String node, String app) {
        Await.until(app + " running on " + node, WAIT,
                () -> process(node, app).filter(p -> !p.stopping()).filter(p -> alive(p.pid())).isPresent());
        return process(node, app).orElseThrow().pid();
    }

    /** Where the app's process runs now, by node (for "never on two nodes" checks). */
    Map<String, Long> runningEverywhere(String app) {
        Map<String, Long> where = new LinkedHashMap<>();
        managers.keySet().forEach(n -> process(n, app).filter(p -> alive(p.pid())).ifPresent(p -> where.put(n, p.pid())));
        return where;
    }

    /** The node's view, unchecked for use inside Await (which retries on exceptions). */
    ClusterView view(String node) {
        try {
            return managers.get(node).view();
        } catch (ClusterManagerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessTree::running).orElse(false);
    }

    static String readLog(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        managers.values().forEach(m -> m.close(true));
        broker.close();
        // Safety net: nothing a failed test started may outlive it.
        pidsSeen.forEach(pid -> ProcessHandle.of(pid).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }));
    }
}
