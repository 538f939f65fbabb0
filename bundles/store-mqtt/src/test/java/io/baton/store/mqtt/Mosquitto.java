package io.baton.store.mqtt;

import io.baton.api.testing.Await;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto as an external process on 127.0.0.1 and a free port, without persistence. When the binary is
 * missing and the tests run as root, it is installed with apt-get (after an apt-get update if the first attempt
 * fails); otherwise the calling tests are skipped with the reason.
 */
final class Mosquitto implements Broker {
    private static final List<Path> PLACES = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"),
            Path.of("/usr/local/sbin/mosquitto"), Path.of("/usr/local/bin/mosquitto"));

    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    private Mosquitto(Path binary, int port, java.util.Map<String, String> users, Path acl) throws IOException {
        this.binary = binary;
        this.port = port;
        this.dir = Files.createDirectories(Path.of("target", "mosquitto-" + port)).toAbsolutePath();
        // an explicit listener: loopback only, whatever mosquitto's defaults
        StringBuilder conf = new StringBuilder("listener " + port + " 127.0.0.1\npersistence false\n");
        if (users.isEmpty()) {
            conf.append("allow_anonymous true\n");
        } else {
            Path passwd = dir.resolve("passwd");
            StringBuilder lines = new StringBuilder();
            users.forEach((user, password) -> lines.append(user).append(':').append(password).append('\n'));
            Files.writeString(passwd, lines);
            Files.setPosixFilePermissions(passwd, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            run("mosquitto_passwd", "-U", passwd.toString()); // hashes the file in place: no password on a command line
            // as root mosquitto would switch to its own user, who cannot read the files of the test
            conf.append("user root\nallow_anonymous false\npassword_file ").append(passwd).append("\nacl_file ")
                    .append(acl.toAbsolutePath()).append('\n');
        }
        Files.writeString(dir.resolve("mosquitto.conf"), conf);
        start();
    }

    /** Starts mosquitto, installing it first if needed and possible; else skips the test class. */
    static Mosquitto startOrSkip() throws IOException {
        return new Mosquitto(binaryOrSkip(), freePort(), java.util.Map.of(), null);
    }

    /** Starts mosquitto with these users (name to password) and this ACL file; anonymous clients refused. */
    static Mosquitto startOrSkip(java.util.Map<String, String> users, Path acl) throws IOException {
        return new Mosquitto(binaryOrSkip(), freePort(), users, acl);
    }

    private void start() throws IOException {
        process = new ProcessBuilder(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        Await.until("mosquitto listening on " + port, Duration.ofSeconds(10), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ", see "
                        + dir.resolve("mosquitto.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String name() {
        return "mosquitto";
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void restart() throws IOException {
        stop();
        start();
    }

    @Override
    public boolean retainsWills() {
        return true;
    }

    @Override
    public Duration keepAliveSlack() {
        return Duration.ofSeconds(6);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "mosquitto at " + url();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path binaryOrSkip() {
        Path found = find();
        if (found != null) {
            return found;
        }
        Assumptions.assumeTrue(isRoot(), "mosquitto is not installed, and only root may apt-get install it");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")),
                "mosquitto is not installed and there is no apt-get to install it");
        String first = run("apt-get", "install", "-y", "-q", "mosquitto");
        if (find() == null) {
            // a fresh machine may have no package lists yet
            String update = run("apt-get", "update", "-q");
            String second = run("apt-get", "install", "-y", "-q", "mosquitto");
            Assumptions.assumeTrue(find() != null, () -> "apt-get could not install mosquitto:\n" + tail(first)
                    + "\n" + tail(update) + "\n" + tail(second));
        }
        return find();
    }

    private static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mosquitto"))) {
                return Path.of(dir, "mosquitto");
            }
        }
        return PLACES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static boolean isRoot() {
        return run("id", "-u").strip().equals("0");
    }

    /** Runs a command to its end (at most 5 minutes); returns its output, or why it could not run. */
    private static String run(String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
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
