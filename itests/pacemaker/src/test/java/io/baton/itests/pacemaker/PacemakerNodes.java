package io.baton.itests.pacemaker;

import io.baton.api.testing.Await;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Pacemaker/Corosync cluster of N nodes on this machine: each node is a network namespace
 * (batonpm-nN, address 10.200.0.N/24 on a bridge in batonpm-hub; nothing outside these namespaces) plus
 * fresh mount, UTS and PID namespaces whose init runs corosync and pacemakerd (src/test/resources/pacemaker).
 * SIGKILL to a node's init kills the whole node. Needs root; installs the Debian packages when missing
 * (apt-get update and retry when the first attempt fails); otherwise the calling tests are skipped with the reason.
 */
final class PacemakerNodes implements AutoCloseable {
    static final List<String> TOOLS = List.of("corosync", "corosync-cfgtool", "pacemakerd", "crm_mon", "cibadmin",
            "crm_resource", "crm_attribute");
    static final String PACKAGES = "pacemaker corosync pacemaker-cli-utils resource-agents";

    private final Path scripts;
    private final Path base;
    private final int count;
    private final Map<Integer, Process> nodes = new LinkedHashMap<>();
    private final Map<Integer, Long> inits = new LinkedHashMap<>();

    private PacemakerNodes(Path scripts, Path base, int count) {
        this.scripts = scripts;
        this.base = base;
        this.count = count;
    }

    /** Creates the network, writes a fresh CIB with the given Dummy resources (stopped) and starts every node. */
    static PacemakerNodes startOrSkip(int count, List<String> resources) throws IOException {
        requirements();
        Path scripts = Files.createDirectories(Path.of("target", "pacemaker-scripts")).toAbsolutePath();
        for (String script : List.of("net.sh", "node.sh", "prepare.sh")) {
            try (InputStream in = PacemakerNodes.class.getResourceAsStream("/pacemaker/" + script)) {
                Files.copy(in, scripts.resolve(script), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path base = Path.of("target", "pacemaker-nodes").toAbsolutePath();
        PacemakerNodes cluster = new PacemakerNodes(scripts, base, count);
        cluster.script("net.sh", "up", Integer.toString(count)); // removes leftovers of an earlier run first
        List<String> prepare = new ArrayList<>(List.of(base.toString(), Integer.toString(count)));
        prepare.addAll(resources);
        cluster.script("prepare.sh", prepare.toArray(String[]::new));
        for (int i = 1; i <= count; i++) {
            cluster.start(i);
        }
        return cluster;
    }

    /** Removes what an earlier, crashed run may have left (namespaces and every process in them). */
    static void cleanLeftovers() {
        Path net = Path.of("target", "pacemaker-scripts", "net.sh");
        if (Files.exists(net)) {
            run(Duration.ofSeconds(30), "bash", net.toAbsolutePath().toString(), "down");
        }
    }

    /** Starts (or restarts) node i. */
    void start(int i) throws IOException {
        Process p = new ProcessBuilder("setsid", "ip", "netns", "exec", "batonpm-n" + i,
                "unshare", "-m", "-u", "-p", "-f", "--mount-proc", "bash", scripts.resolve("node.sh").toString(),
                Integer.toString(i), base.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("node" + i + ".log").toFile()))
                .start();
        p.getOutputStream().close();
        nodes.put(i, p);
        // unshare forks the node's init (PID 1 inside): its only child
        Await.until("init of node n" + i, Duration.ofSeconds(10), () -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("node n" + i + " exited with " + p.exitValue() + ", see "
                        + base.resolve("node" + i + ".log"));
            }
            Optional<ProcessHandle> child = p.toHandle().children().findFirst();
            child.ifPresent(c -> inits.put(i, c.pid()));
            return child.isPresent();
        });
    }

    /** SIGKILL to node i's init: the whole node dies at once, as in a crash. */
    void kill(int i) {
        Long pid = inits.remove(i);
        if (pid != null) {
            run(Duration.ofSeconds(5), "kill", "-KILL", Long.toString(pid));
        }
        Process p = nodes.remove(i);
        if (p != null) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean alive(int i) {
        return inits.containsKey(i);
    }

    long init(int i) {
        Long pid = inits.get(i);
        if (pid == null) {
            throw new IllegalStateException("node n" + i + " is not running");
        }
        return pid;
    }

    /** The command prefix that runs a command inside node i. */
    String prefix(int i) {
        return "nsenter -t " + init(i) + " -n -m -p -u --";
    }

    /** Runs a command inside node i; returns its output (stdout and stderr). */
    String exec(int i, String... command) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Long.toString(init(i)), "-n", "-m", "-p", "-u", "--"));
        argv.addAll(List.of(command));
        return run(Duration.ofSeconds(30), argv.toArray(String[]::new));
    }

    int count() {
        return count;
    }

    @Override
    public void close() {
        for (Integer i : new ArrayList<>(inits.keySet())) {
            kill(i);
        }
        script("net.sh", "down");
    }

    private String script(String name, String... args) {
        List<String> argv = new ArrayList<>(List.of("bash", scripts.resolve(name).toString()));
        argv.addAll(List.of(args));
        String out = run(Duration.ofSeconds(60), argv.toArray(String[]::new));
        return out;
    }

    private static void requirements() {
        Assumptions.assumeTrue(isRoot(), "real Pacemaker tests need root (network, mount and PID namespaces)");
        for (String tool : List.of("ip", "unshare", "nsenter", "setsid")) {
            Assumptions.assumeTrue(find(tool).isPresent(), tool + " is not installed");
        }
        if (missingTool().isEmpty()) {
            return;
        }
        Assumptions.assumeTrue(find("apt-get").isPresent(), "Pacemaker is not installed (" + missingTool().get()
                + " missing) and there is no apt-get to install it");
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
        install.addAll(List.of(PACKAGES.split(" ")));
        String first = run(Duration.ofMinutes(10), install.toArray(String[]::new));
        if (missingTool().isPresent()) {
            // a fresh machine may have no package lists yet
            String update = run(Duration.ofMinutes(5), "apt-get", "update", "-q");
            String second = run(Duration.ofMinutes(10), install.toArray(String[]::new));
            Assumptions.assumeTrue(missingTool().isEmpty(), () -> "apt-get could not install " + PACKAGES + ":\n"
                    + tail(first) + "\n" + tail(update) + "\n" + tail(second));
        }
    }

    private static Optional<String> missingTool() {
        return TOOLS.stream().filter(t -> find(t).isEmpty()).findFirst();
    }

    static Optional<Path> find(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst();
    }

    private static boolean isRoot() {
        return run(Duration.ofSeconds(5), "id", "-u").strip().equals("0");
    }

    /** Runs a command to its end (killed after the timeout); returns its output, or why it could not run. */
    static String run(Duration timeout, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin:" + System.getenv().getOrDefault("PATH", ""));
            Path out = Files.createTempFile("baton-pm-", ".out");
            try {
                Process p = pb.redirectOutput(out.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return command[0] + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }

    private static String tail(String text) {
        return text.length() > 1500 ? "…" + text.substring(text.length() - 1500) : text;
    }
}
