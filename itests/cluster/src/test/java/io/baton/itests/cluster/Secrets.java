package io.baton.itests.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What a local cluster must keep from other users of the machine, and the two ways it could leak: a file another
 * user can read, and a process's command line (world-readable in /proc).
 */
final class Secrets {
    private Secrets() {
    }

    /**
     * The secrets of the cluster in {@code home}: the broker's administrative password and each node's, every console
     * password, the console key, the operator key and every node key.
     */
    static List<String> of(Path home) throws IOException {
        List<String> secrets = new ArrayList<>();
        secrets.add(Files.readString(home.resolve("broker.password")).trim());
        for (String line : Files.readAllLines(home.resolve("broker.users"))) {
            secrets.add(line.substring(line.indexOf('=') + 1).trim());
        }
        secrets.add(privateKeyLine(home.resolve("console.key")));
        secrets.add(privateKeyLine(home.resolve("operator.key")));
        try (Stream<Path> instances = Files.list(home)) {
            for (Path instance : instances.filter(Files::isDirectory).sorted().toList()) {
                Path console = instance.resolve("etc/console.password");
                if (Files.isRegularFile(console)) {
                    secrets.add(Files.readString(console).trim());
                }
                Path nodeKey = instance.resolve("etc/baton/node.key");
                if (Files.isRegularFile(nodeKey)) {
                    secrets.add(privateKeyLine(nodeKey));
                }
            }
        }
        return secrets;
    }

    /** The first line of a PEM private key's base64 stands for all of it. */
    private static String privateKeyLine(Path pem) throws IOException {
        List<String> lines = Files.readAllLines(pem);
        return lines.get(lines.indexOf("-----BEGIN PRIVATE KEY-----") + 1);
    }

    /** Every regular file under {@code home} whose bytes contain one of the secrets. */
    static List<Path> filesHolding(Path home, List<String> secrets) throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            return files.filter(Files::isRegularFile).filter(f -> holds(f, secrets)).toList();
        }
    }

    private static boolean holds(Path file, List<String> secrets) {
        try {
            if (Files.size(file) > 64L << 20) {
                return false; // no secret file is that large (a journal or a log)
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            return secrets.stream().anyMatch(text::contains);
        } catch (IOException e) {
            return false; // gone meanwhile (a log rotated, a temporary file)
        }
    }

    /** Whether {@code user} can read {@code file}: runs cat as that user (the machine's root runs the tests). */
    static boolean readableBy(String user, Path file) {
        try {
            Process p = new ProcessBuilder("runuser", "-u", user, "--", "cat", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("runuser did not end within 10 s");
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads every process's command line every few milliseconds, and remembers any that holds a secret. */
    static final class CommandLineWatch implements AutoCloseable {
        private final List<String> secrets;
        private final Set<String> seen = new ConcurrentSkipListSet<>();
        private final AtomicLong rounds = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        CommandLineWatch(List<String> secrets) {
            this.secrets = List.copyOf(secrets);
            this.thread = new Thread(this::watch, "command-line-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private void watch() {
            while (running) {
                try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                    procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                        try {
                            String line = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                                    .replace('\0', ' ');
                            secrets.stream().filter(line::contains).forEach(s -> seen.add(line.replace(s, "<SECRET>")));
                        } catch (IOException e) {
                            // the process ended meanwhile
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                rounds.incrementAndGet();
                try {
                    Thread.sleep(2); // a sampling period, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The command lines that held a secret (the secret masked). */
        Set<String> seen() {
            return Set.copyOf(seen);
        }

        long rounds() {
            return rounds.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}
