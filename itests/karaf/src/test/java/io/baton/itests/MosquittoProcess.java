package io.baton.itests;

import org.junit.Assume;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto on 127.0.0.1 without persistence, for the external-broker tests. Installed with
 * apt-get when missing and running as root; otherwise the test is skipped with the reason (JUnit 4,
 * as the Pax Exam tests are).
 */
final class MosquittoProcess implements AutoCloseable {
    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    MosquittoProcess(int port) throws Exception {
        this.binary = binaryOrSkip();
        this.port = port;
        this.dir = Files.createTempDirectory("baton-itest-mosquitto");
        Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        start();
    }

    void start() throws Exception {
        process = new ProcessBuilder(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        KarafTestSupport.await("mosquitto listening on " + port, Duration.ofSeconds(10), this::listening, Boolean::booleanValue);
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue() + "; see " + dir.resolve("mosquitto.log"));
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
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
            boolean root = "root".equals(System.getProperty("user.name"));
            Assume.assumeTrue("mosquitto is not installed and this is not root: apt-get install -y mosquitto", root);
            int code = new ProcessBuilder("sh", "-c", "apt-get install -y mosquitto || (apt-get update && apt-get install -y mosquitto)")
                    .inheritIO().start().waitFor();
            Assume.assumeTrue("apt-get could not install mosquitto (exit " + code + ")", code == 0);
        }
        throw new AssertionError("mosquitto installed but not found in " + places);
    }
}
