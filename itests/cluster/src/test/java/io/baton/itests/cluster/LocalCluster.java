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
final class LocalCluster implements AutoCloseable {
    private final Path assembly;
    private final Path home;
    private final int portBase;
    private final Path log;
    private final Map<String, String> extraEnv;

    LocalCluster(Path home, int portBase, Map<String, String> extraEnv) throws IOException {
        this.assembly = assembly();
        this.home = home;
        this.portBase = portBase;
        this.extraEnv = extraEnv;
        Files.createDirectories(home);
        this.log = home.resolve("commands.log");
    }

    /** The built distribution (system property {@code baton.assembly}, set by the build). */
    static Path assembly() {
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
    List<String> setenvJvmOptions() throws IOException, InterruptedException {
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

    Path home() {
        return home;
    }

    int portBase() {
        return portBase;
    }

    Path nodeDir(String node) {
        return home.resolve(node);
    }

    /** {@code baton up} with these options; returns its output. */
    String up(String... options) {
        List<String> args = new ArrayList<>(List.of("up"));
        args.addAll(List.of(options));
        return baton(Duration.ofMinutes(5), args.toArray(String[]::new));
    }

    void kill(String node) {
        baton(Duration.ofSeconds(30), "kill", node);
    }

    void stop(String node) {
        baton(Duration.ofSeconds(60), "stop", node);
    }

    void start(String node) {
        baton(Duration.ofMinutes(3), "start", node);
    }

    String shell(String node, String command) {
        return baton(Duration.ofSeconds(90), "shell", node, command);
    }

    JsonObject statusJson() {
        return JsonParser.parseString(baton(Duration.ofSeconds(90), "status", "--json")).getAsJsonObject();
    }

    /** App to "running/backup" once no app is processing, waiting at most {@code timeout} for that. */
    java.util.Map<String, String> settledPlacement(Duration timeout) {
        io.baton.api.testing.Await.until("the tables settled", timeout, () -> StatusJson.placement(statusJson()) != null);
        return StatusJson.placement(statusJson());
    }

    void down() {
        baton(Duration.ofMinutes(2), "down");
    }

    /** The pid of a node's Karaf JVM. */
    long pid(String node) {
        try {
            return Long.parseLong(Files.readString(nodeDir(node).resolve("karaf.pid")).trim());
        } catch (IOException e) {
            throw new IllegalStateException("node " + node + " has no pid file under " + nodeDir(node), e);
        }
    }

    /** Freezes a node's JVM as a hung machine would be: it keeps its sockets, answers nothing. */
    void freeze(String node) {
        signal(node, "-STOP");
    }

    void thaw(String node) {
        signal(node, "-CONT");
    }

    String brokerPassword() {
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
    String baton(Duration timeout, String... args) {
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
