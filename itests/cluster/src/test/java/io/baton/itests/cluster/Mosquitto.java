package io.baton.itests.cluster;

import io.baton.api.testing.Await;
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
 * Debian's mosquitto without persistence, anonymous, on one address: 127.0.0.1, or an address inside a
 * network namespace the test made ({@code ip netns exec}). Installed with apt-get when missing and
 * running as root; otherwise the test is skipped with the reason.
 */
final class Mosquitto implements AutoCloseable {
    private final Path binary;
    private final Path dir;
    private final String address;
    private final int port;
    private final String namespace;
    private Process process;

    Mosquitto(Path dir, String address, int port, String namespace) throws Exception {
        this.binary = binaryOrSkip();
        this.dir = Files.createDirectories(dir);
        this.address = address;
        this.port = port;
        this.namespace = namespace;
        Files.writeString(dir.resolve("mosquitto.conf"),
                "listener " + port + " " + address + "\nallow_anonymous true\npersistence false\n");
        start();
    }

    String url() {
        return "tcp://" + address + ":" + port;
    }

    void start() throws Exception {
        List<String> command = new ArrayList<>();
        if (namespace != null) {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.addAll(List.of(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        if (namespace == null) {
            // its own process must be alive: another one on the port would answer as well
            Await.until("mosquitto listening on " + url(), Duration.ofSeconds(10), () -> {
                checkAlive();
                return listening();
            });
        } else {
            Await.until("mosquitto listening on " + url() + " in " + namespace, Duration.ofSeconds(10), () -> {
                checkAlive();
                return Namespaces.run("ip", "netns", "exec", namespace, "ss", "-ltnH", "src", address + ":" + port)
                        .contains(":" + port);
            });
        }
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** SIGKILL, as a crash: no Will is sent for anyone (a SIGTERM'd mosquitto may send its clients' Wills). */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue() + "; see "
                    + dir.resolve("mosquitto.log"));
        }
    }

    private boolean listening() {
        checkAlive();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static Path binaryOrSkip() throws Exception {
        List<Path> places = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"));
        for (int attempt = 0; attempt < 2; attempt++) {
            for (Path p : places) {
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
            Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                    "mosquitto is not installed and this is not root: apt-get install -y mosquitto");
            int code = new ProcessBuilder("sh", "-c",
                    "apt-get install -y -q mosquitto || (apt-get update -q && apt-get install -y -q mosquitto)")
                    .inheritIO().start().waitFor();
            Assumptions.assumeTrue(code == 0, "apt-get could not install mosquitto (exit " + code + ")");
        }
        throw new AssertionError("mosquitto installed but not found in " + places);
    }
}
