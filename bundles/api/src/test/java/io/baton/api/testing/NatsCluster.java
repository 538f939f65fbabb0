package io.baton.api.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three NATS servers with JetStream and MQTT, clustered on 127.0.0.1 (Debian's nats-server; retained messages and
 * sessions replicated to all three: {@code stream_replicas: 3}), as a user who outgrows one broker would run them.
 * Installed with apt-get when missing and running as root; otherwise the calling tests are skipped with the reason.
 */
public final class NatsCluster implements AutoCloseable {
    private static final List<Path> PLACES = List.of(Path.of("/usr/sbin/nats-server"), Path.of("/usr/bin/nats-server"),
            Path.of("/usr/local/bin/nats-server"));
    public static final int SERVERS = 3;

    private final Path binary;
    private final Path dir;
    private final int base;
    private final Process[] processes = new Process[SERVERS];

    /** Three servers; MQTT on base+1..3, client ports base+11..13, routes base+21..23. */
    public NatsCluster(Path dir, int base) throws Exception {
        this.binary = binaryOrSkip();
        this.dir = Files.createDirectories(dir.toAbsolutePath());
        this.base = base;
        StringBuilder routes = new StringBuilder();
        for (int i = 1; i <= SERVERS; i++) {
            routes.append(i > 1 ? ", " : "").append("nats-route://127.0.0.1:").append(base + 20 + i);
        }
        for (int i = 1; i <= SERVERS; i++) {
            Files.writeString(dir.resolve("s" + i + ".conf"), "server_name: s" + i + "\n"
                    + "listen: 127.0.0.1:" + (base + 10 + i) + "\n"
                    + "jetstream { store_dir: \"" + dir.resolve("js" + i) + "\" }\n"
                    + "mqtt { listen: 127.0.0.1:" + (base + i) + ", stream_replicas: 3 }\n"
                    + "cluster {\n  name: baton\n  listen: 127.0.0.1:" + (base + 20 + i) + "\n  routes: [ " + routes
                    + " ]\n}\n");
        }
        for (int i = 1; i <= SERVERS; i++) {
            start(i);
        }
    }

    /** The MQTT URLs of the servers, in order. */
    public List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (int i = 1; i <= SERVERS; i++) {
            urls.add(url(i));
        }
        return urls;
    }

    public String url(int i) {
        return "tcp://127.0.0.1:" + (base + i);
    }

    public void start(int i) throws IOException {
        processes[i - 1] = new ProcessBuilder(binary.toString(), "-c", dir.resolve("s" + i + ".conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s" + i + ".log").toFile())).start();
        int port = base + i;
        Await.until("nats server " + i + " listening for MQTT on " + port, Duration.ofSeconds(20), () -> {
            if (!processes[i - 1].isAlive()) {
                throw new IllegalStateException("nats-server " + i + " exited with " + processes[i - 1].exitValue()
                        + ", see " + dir.resolve("s" + i + ".log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGKILL of one server, as a crash. */
    public void kill(int i) throws InterruptedException {
        processes[i - 1].destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static Path binaryOrSkip() throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            for (Path p : PLACES) {
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
            Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                    "nats-server is not installed and this is not root: apt-get install -y nats-server");
            int code = new ProcessBuilder("sh", "-c",
                    "apt-get install -y -q nats-server || (apt-get update -q && apt-get install -y -q nats-server)")
                    .inheritIO().start().waitFor();
            Assumptions.assumeTrue(code == 0, "apt-get could not install nats-server (exit " + code + ")");
        }
        throw new AssertionError("nats-server installed but not found in " + PLACES);
    }
}
