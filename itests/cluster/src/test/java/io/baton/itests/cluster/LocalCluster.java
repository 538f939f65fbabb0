package io.baton.itests.cluster;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A local cluster driven through the assembly's {@code bin/baton}, exactly as a person would: each call
 * runs the script with this cluster's {@code BATON_HOME} and port base, logs its output to
 * {@code commands.log} beside the nodes, and fails with that output when the script fails.
 */
public final class LocalCluster implements AutoCloseable {
    private final Path assembly;
    private final Path home;
    private final int portBase;
    private final Path log;
    private final Map<String, String> extraEnv;

    public LocalCluster(Path home, int portBase, Map<String, String> extraEnv) throws IOException {
        this.assembly = assembly();
        this.home = home;
        this.portBase = portBase;
        this.extraEnv = extraEnv;
        Files.createDirectories(home);
        this.log = home.resolve("commands.log");
    }

    /** The built distribution (system property {@code baton.assembly}, set by the build). */
    public static Path assembly() {
        String dir = System.getProperty("baton.assembly");
        if (dir == null || !Files.isExecutable(Path.of(dir, "bin", "baton"))) {
            throw new IllegalStateException("no assembly with bin/baton at " + dir + " (build karaf-assembly first)");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    /**
     * The JVM options bin/setenv gives a node started now, read by sourcing it with an empty etc/ (so it creates
     * no console user) and this JVM's environment, as the nodes get it.
     */
    public List<String> setenvJvmOptions() throws IOException, InterruptedException {
        Path etc = Files.createTempDirectory(home, "setenv-etc");
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", ". \"$1\" && printf %s \"$EXTRA_JAVA_OPTS\"", "sh",
                assembly.resolve("bin/setenv").toString()).redirectErrorStream(true);
        builder.environment().putAll(extraEnv);
        builder.environment().put("KARAF_ETC", etc.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes()).trim();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("sourcing bin/setenv failed: " + out);
        }
        Files.delete(etc);
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    public Path home() {
        return home;
    }

    public int portBase() {
        return portBase;
    }

    public Path nodeDir(String node) {
        return home.resolve(node);
    }

    /** {@code baton up} with these options; returns its output. */
    public String up(String... options) {
        List<String> args = new ArrayList<>(List.of("up"));
        args.addAll(List.of(options));
        return baton(Duration.ofMinutes(5), args.toArray(String[]::new));
    }

    public void kill(String node) {
        baton(Duration.ofSeconds(30), "kill", node);
    }

    public void stop(String node) {
        baton(Duration.ofSeconds(60), "stop", node);
    }

    public void start(String node) {
        baton(Duration.ofMinutes(3), "start", node);
    }

    public String shell(String node, String command) {
        return baton(Duration.ofSeconds(90), "shell", node, command);
    }

    public JsonObject statusJson() {
        return JsonParser.parseString(baton(Duration.ofSeconds(90), "status", "--json")).getAsJsonObject();
    }

    /** App to "running/backup" once no app is processing, waiting at most {@code timeout} for that. */
    public java.util.Map<String, String> settledPlacement(Duration timeout) {
        io.baton.api.testing.Await.until("the tables settled", timeout, () -> StatusJson.placement(statusJson()) != null);
        return StatusJson.placement(statusJson());
    }

    public void down() {
        baton(Duration.ofMinutes(2), "down");
    }

    /**
     * The lines of each node's karaf.log written since {@code since} (UTC, as the nodes log) that match
     * {@code pattern}, at most {@code max} per node: what a failed assertion shows of the nodes' side.
     */
    public String logExcerpt(Instant since, java.util.regex.Pattern pattern, int max, List<String> nodes) {
        String from = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS")
                .withZone(java.time.ZoneOffset.UTC).format(since);
        StringBuilder b = new StringBuilder();
        for (String node : nodes) {
            b.append("\n--- ").append(node).append(" since ").append(from).append(':');
            try (java.util.stream.Stream<String> lines = Files.lines(nodeDir(node).resolve("data/log/karaf.log"))) {
                lines.filter(l -> l.length() > from.length() && l.substring(0, from.length()).compareTo(from) >= 0)
                        .filter(l -> pattern.matcher(l).find()).limit(max)
                        .forEach(l -> b.append("\n  ").append(l.length() > 400 ? l.substring(0, 400) : l));
            } catch (IOException | java.io.UncheckedIOException e) {
                b.append(" (no log: ").append(e.getMessage()).append(')');
            }
        }
        return b.toString();
    }

    /** The pid of a node's Karaf JVM. */
    public long pid(String node) {
        try {
            return Long.parseLong(Files.readString(nodeDir(node).resolve("karaf.pid")).trim());
        } catch (IOException e) {
            throw new IllegalStateException("node " + node + " has no pid file under " + nodeDir(node), e);
        }
    }

    /**
     * Installs the crash-point bundle (module itests/crashpoint, a test dependency) on a running node. It stays
     * installed across restarts and does nothing until {@link #armCrashPoint armed}.
     */
    public void installCrashPoint(String node) {
        shell(node, "bundle:install -s " + crashPointBundle().toUri());
    }

    /**
     * Arms a node's crash point: its JVM halts the first time its controller passes {@code step} of a
     * {@code trigger} ({@code intended-rows}, {@code fail}; a trigger may be {@code *}). Returns once the node says
     * it is armed. {@code id} names the arming; it fires once, even if the node restarts still armed.
     */
    public void armCrashPoint(String node, String step, String trigger, String id) throws IOException {
        Path cfg = nodeDir(node).resolve("etc/io.baton.itests.crashpoint.cfg");
        Path tmp = cfg.resolveSibling(cfg.getFileName() + ".tmp");
        Files.writeString(tmp, "at = " + step + ":" + trigger + "\nid = " + id + "\n");
        Files.move(tmp, cfg, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Path log = nodeDir(node).resolve("data/log/karaf.log");
        String armed = "crash point " + id + " armed";
        io.baton.api.testing.Await.until(node + "'s crash point " + id + " armed", Duration.ofSeconds(20), () -> {
            try {
                return Files.readString(log).contains(armed);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Disarms a node's crash point (running or not). */
    public void disarmCrashPoint(String node) throws IOException {
        Files.deleteIfExists(nodeDir(node).resolve("etc/io.baton.itests.crashpoint.cfg"));
    }

    /**
     * Writes each running node's thread dump ({@code jcmd PID Thread.print}) to {@code NODE/threads-LABEL.txt}, for
     * a failure whose cause is in a thread that waits. Returns where they went; a node it cannot reach is skipped.
     */
    public List<Path> threadDumps(String label, List<String> nodes) {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        List<Path> written = new ArrayList<>();
        for (String node : nodes) {
            Path out = nodeDir(node).resolve("threads-" + label + ".txt");
            try {
                Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid(node)), "Thread.print", "-l")
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    written.add(out);
                }
            } catch (IOException | IllegalStateException e) {
                // no pid or no jcmd: nothing to show of that node
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return written;
    }

    /** The crash-point bundle's jar, found on this JVM's class path. */
    static Path crashPointBundle() {
        java.net.URL url = LocalCluster.class.getClassLoader().getResource("io/baton/itests/crashpoint/CrashPoint.class");
        if (url == null || !"jar".equals(url.getProtocol())) {
            throw new IllegalStateException("the crash-point bundle (itests/crashpoint) is not on the class path as a jar: "
                    + url + " (build it with mvn package first)");
        }
        String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
        return Path.of(java.net.URI.create(file));
    }

    /** Freezes a node's JVM as a hung machine would be: it keeps its sockets, answers nothing. */
    public void freeze(String node) {
        signal(node, "-STOP");
    }

    public void thaw(String node) {
        signal(node, "-CONT");
    }

    public String brokerPassword() {
        try {
            return Files.readString(home.resolve("broker.password")).trim();
        } catch (IOException e) {
            throw new IllegalStateException("no broker password under " + home + " (is the broker embedded?)", e);
        }
    }

    private void signal(String node, String signal) {
        run(Duration.ofSeconds(10), List.of("kill", signal, Long.toString(pid(node))));
    }

    /** Runs bin/baton; fails with its output unless it exits 0. */
    public String baton(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(assembly.resolve("bin/baton").toString()));
        command.addAll(List.of(args));
        return run(timeout, command);
    }

    private String run(Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile(home, "cmd", ".out");
            Path err = Files.createTempFile(home, "cmd", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("BATON_HOME", home.toString());
            builder.environment().put("BATON_PORT_BASE", Integer.toString(portBase));
            builder.environment().putAll(extraEnv);
            Instant started = Instant.now();
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            Files.delete(out);
            Files.delete(err);
            Files.writeString(log, "--- " + started + " " + String.join(" ", command) + " ("
                            + Duration.between(started, Instant.now()).toMillis() + " ms, "
                            + (finished ? "exit " + process.exitValue() : "timed out") + ")\n" + stderr + stdout + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            if (!finished || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + (finished ? " exited " + process.exitValue()
                        : " did not finish in " + timeout.toSeconds() + " s") + ":\n" + stderr + stdout);
            }
            return stdout;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /** {@code baton down}: stops every node, the broker and any app left behind. */
    @Override
    public void close() {
        down();
    }
}
