package io.baton.itests.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A node's TCP connection to the broker as the kernel shows it ({@code /proc/net/tcp6}), for the failover
 * benchmark: after a kill -9 it tells when the kernel closed the node's end (a FIN, or a reset when data was left
 * unread) and when the broker closed its own end (it noticed), which splits "kill -> Will seen" into the dying
 * process, the broker and the delivery.
 */
final class BrokerLink {
    private static final String ESTABLISHED = "01";
    private static final String CLOSE_WAIT = "08";

    /** When the node's end and the broker's end were seen closed (epoch nanos); reset when the node's end vanished. */
    record Closing(long closedEpochNanos, long brokerClosedEpochNanos, boolean reset) {
    }

    private final int nodePort;
    private final int brokerPort;

    private BrokerLink(int nodePort, int brokerPort) {
        this.nodePort = nodePort;
        this.brokerPort = brokerPort;
    }

    /** The connection of process {@code pid} to the broker on 127.0.0.1:{@code brokerPort}. */
    static BrokerLink of(long pid, int brokerPort) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        for (String[] row : rows()) {
            if (port(row[2]) == brokerPort && inodes.contains(row[9])) {
                return new BrokerLink(port(row[1]), brokerPort);
            }
        }
        throw new IllegalStateException("no connection of pid " + pid + " to port " + brokerPort + " in /proc/net/tcp");
    }

    /** Polls every half millisecond until both ends are closed. */
    Closing awaitClosing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long closedAt = 0;
        boolean reset = false;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the connection from port " + nodePort + " to the broker is still open "
                        + timeout + " after the kill");
            }
            List<String[]> rows = rows();
            Optional<String> node = state(rows, nodePort, brokerPort);
            if (closedAt == 0 && !node.equals(Optional.of(ESTABLISHED))) {
                closedAt = FailoverBenchmark.epochNanos();
                reset = node.isEmpty();
            }
            if (closedAt != 0) {
                Optional<String> broker = state(rows, brokerPort, nodePort);
                if (broker.isEmpty() || !(broker.get().equals(ESTABLISHED) || broker.get().equals(CLOSE_WAIT))) {
                    return new Closing(closedAt, FailoverBenchmark.epochNanos(), reset);
                }
            }
            Thread.sleep(0, 500_000);
        }
    }

    private static Optional<String> state(List<String[]> rows, int local, int remote) {
        return rows.stream().filter(r -> port(r[1]) == local && port(r[2]) == remote).map(r -> r[3]).findFirst();
    }

    /**
     * /proc/net/tcp and tcp6 (a JVM's sockets are IPv6 ones, IPv4-mapped) without their headers, split: sl, local,
     * remote, state, queues, ..., inode (index 9).
     */
    private static List<String[]> rows() {
        try {
            List<String[]> rows = new ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Files.readAllLines(Path.of(table)).stream().skip(1).map(l -> l.trim().split("\\s+")).forEach(rows::add);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }
}
