package io.baton.load;

import io.baton.api.model.ServerLoad;
import io.baton.api.spi.LoadSample;
import io.baton.api.spi.LoadSource;
import io.baton.api.testing.Await;
import io.baton.api.testing.InMemoryBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The updater on its own thread, against the in-memory store. */
class LoadUpdaterTest {
    private static final Duration INTERVAL = Duration.ofMillis(20);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final InMemoryBroker broker = new InMemoryBroker("test");
    private final InMemoryBroker.Node store = broker.node("a");
    private final FakeController controller = new FakeController();
    private final AtomicInteger calls = new AtomicInteger();
    private LoadUpdater updater;

    @AfterEach
    void close() {
        if (updater != null) {
            updater.stop();
        }
        broker.close();
    }

    private LoadUpdater start(LoadSource source) {
        updater = new LoadUpdater(store, source, new LoadSettings(INTERVAL, 0, LoadScore.CPU),
                () -> Optional.of(controller.service()));
        return updater;
    }

    private Optional<ServerLoad> row() {
        return store.snapshot().tables().load("a");
    }

    @Test
    void keeps_this_servers_row_up_to_date() {
        start(() -> new LoadSample(calls.incrementAndGet() % 100, 5, 5));
        Await.until("a first row", WAIT, () -> row().isPresent());
        double first = row().orElseThrow().cpu();
        Await.until("a newer row", WAIT, () -> row().map(r -> r.cpu() != first).orElse(false));
        assertThat(controller.submitted).as("no tick while the controller is inactive").isEmpty();
    }

    @Test
    void ticks_the_controller_while_it_is_active_and_stops_when_it_is_not() {
        start(() -> {
            calls.incrementAndGet();
            return new LoadSample(1, 1, 1);
        });
        Await.until("rows", WAIT, () -> row().isPresent());
        assertThat(controller.ticks()).isZero();

        controller.active = true;
        Await.until("three ticks", WAIT, () -> controller.ticks() >= 3);

        controller.active = false;
        long ticks = controller.ticks();
        int updates = calls.get();
        Await.until("three more updates", WAIT, () -> calls.get() >= updates + 3);
        // one update may have been between isActive and submit when it turned inactive
        assertThat(controller.ticks()).isBetween(ticks, ticks + 1);
    }

    @Test
    void survives_failing_samples_including_errors_and_goes_on() {
        start(() -> switch (calls.incrementAndGet()) {
            case 1, 2 -> throw new IllegalStateException("sensor unavailable");
            case 3 -> throw new UnsatisfiedLinkError("no jnidispatch");
            case 4 -> throw new IllegalArgumentException("cpu load must be within 0..100, was 101.0");
            default -> new LoadSample(42, 1, 1);
        });
        Await.until("a row after four failures", WAIT, () -> row().map(r -> r.cpu() == 42).orElse(false));
        int seen = calls.get();
        Await.until("further updates", WAIT, () -> calls.get() > seen + 2);
    }

    @Test
    void stop_ends_the_updates() throws InterruptedException {
        start(() -> {
            calls.incrementAndGet();
            return new LoadSample(1, 1, 1);
        });
        Await.until("some updates", WAIT, () -> calls.get() >= 3);
        updater.stop();
        int stopped = calls.get();
        Thread.sleep(10 * INTERVAL.toMillis()); // proving an absence: nothing to await
        assertThat(calls.get()).isEqualTo(stopped);
        Await.until("the updater thread to end", WAIT, () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("baton-load-updater")));
        updater = null;
    }
}
