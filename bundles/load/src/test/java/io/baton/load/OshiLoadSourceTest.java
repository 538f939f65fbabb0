package io.baton.load;

import io.baton.api.testing.Configs;
import io.baton.api.spi.LoadSample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Really measures this machine: bounded, a few seconds at most. */
class OshiLoadSourceTest {
    private static final Logger LOG = LoggerFactory.getLogger(OshiLoadSourceTest.class);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private OshiLoadSource source;

    @BeforeEach
    void create() {
        source = new OshiLoadSource(Configs.of(LoadConfig.class, Map.of()));
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(5_000);
        }
    }

    private void background(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Test
    void samples_are_percentages_and_memory_is_in_use() {
        for (int i = 0; i < 3; i++) {
            LoadSample sample = source.sample();
            LOG.info("sample {}: {}", i, sample);
            assertThat(List.of(sample.cpu(), sample.memory(), sample.network())).allSatisfy(v ->
                    assertThat(v).isBetween(0.0, 100.0));
            assertThat(sample.memory()).as("this JVM alone uses memory").isGreaterThan(0);
        }
    }

    @Test
    void a_sample_covers_at_least_the_minimum_window_and_costs_little_beyond_it() throws InterruptedException {
        long start = System.nanoTime();
        source.sample(); // the first: reads OSHI once, then waits for the window instead of reporting noise
        long firstMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(firstMillis).isGreaterThanOrEqualTo(OshiLoadSource.MIN_WINDOW.toMillis() - 5);

        Thread.sleep(OshiLoadSource.MIN_WINDOW.toMillis()); // as the updater's interval would
        long cost = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            source.sample();
            cost = Math.min(cost, (System.nanoTime() - t0) / 1_000_000);
            Thread.sleep(OshiLoadSource.MIN_WINDOW.toMillis());
        }
        LOG.info("first sample {} ms; a sample once the window has passed: {} ms", firstMillis, cost);
        assertThat(cost).isLessThan(OshiLoadSource.MIN_WINDOW.toMillis());
    }

    @Test
    void a_platform_oshi_cannot_read_fails_each_sample_not_the_component() {
        OshiLoadSource unsupported = new OshiLoadSource(() -> {
            throw new UnsupportedOperationException("Operating system not supported: Plan 9");
        }, 1);
        assertThatThrownBy(unsupported::sample).hasMessageContaining("Plan 9");
        assertThatThrownBy(unsupported::sample).as("tried again").hasMessageContaining("Plan 9");
    }

    @Test
    void cpu_rises_when_busy_threads_run() {
        LoadSample before = source.sample();
        int cpus = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < cpus; i++) {
            background("busy-" + i, () -> {
                long x = 0;
                while (running.get()) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    LOG.trace("unlikely");
                }
            });
        }
        source.sample(); // partly before the threads ran
        LoadSample busy = source.sample();
        LOG.info("cpu before {} %, with {} busy threads {} %", before.cpu(), cpus, busy.cpu());
        assertThat(busy.cpu()).isGreaterThan(60);
    }

    @Test
    void loopback_traffic_is_not_network_load() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            background("loopback-writer", () -> pump(client));
            background("loopback-reader", () -> drain(accepted));
            source.sample();
            LoadSample sample = source.sample();
            LOG.info("network with loopback traffic: {} %", sample.network());
            // hundreds of MB/s over lo: were it counted, this would read 100
            assertThat(sample.network()).isLessThan(50);
        }
    }

    private void pump(Socket socket) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = socket.getOutputStream()) {
            while (running.get()) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // the test closed the socket
        }
    }

    private void drain(Socket socket) {
        byte[] chunk = new byte[64 * 1024];
        try (InputStream in = socket.getInputStream()) {
            while (running.get() && in.read(chunk) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // the test closed the socket
        }
    }
}
