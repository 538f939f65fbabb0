package io.baton.load;

import io.baton.api.decision.Trigger;
import io.baton.api.model.ServerLoad;
import io.baton.api.spi.ControllerService;
import io.baton.api.spi.LoadSample;
import io.baton.api.spi.LoadSource;
import io.baton.api.spi.SharedStore;
import io.baton.api.testing.InMemoryBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class LoadCycleTest {
    private final InMemoryBroker broker = new InMemoryBroker("test");
    private final SharedStore store = broker.node("a");
    private final FakeController controller = new FakeController();
    private final Deque<Object> samples = new ArrayDeque<>();
    private final LoadSource source = () -> {
        Object next = samples.isEmpty() ? new LoadSample(1, 1, 1) : samples.poll();
        if (next instanceof RuntimeException e) {
            throw e;
        }
        if (next instanceof Error e) {
            throw e;
        }
        return (LoadSample) next;
    };

    @AfterEach
    void close() {
        broker.close();
    }

    private LoadCycle cycle(double smoothing, LoadScore score, Optional<ControllerService> local) {
        return new LoadCycle(store, source, new LoadSettings(Duration.ofSeconds(1), smoothing, score), () -> local);
    }

    private Optional<ServerLoad> row() {
        broker.flush();
        return store.snapshot().tables().load("a");
    }

    @Test
    void writes_this_servers_row_with_the_configured_score() {
        samples.add(new LoadSample(10, 60, 30));
        Instant before = Instant.now();
        cycle(0, LoadScore.MEMORY, Optional.empty()).run();
        ServerLoad row = row().orElseThrow();
        assertThat(row.server()).isEqualTo("a");
        assertThat(List.of(row.cpu(), row.memory(), row.network(), row.score())).containsExactly(10.0, 60.0, 30.0, 60.0);
        assertThat(row.measuredAt()).isBetween(before, Instant.now());
    }

    @Test
    void smoothing_carries_over_from_one_update_to_the_next() {
        LoadCycle cycle = cycle(0.5, LoadScore.CPU, Optional.empty());
        samples.add(new LoadSample(0, 0, 0));
        samples.add(new LoadSample(100, 40, 20));
        cycle.run();
        cycle.run();
        ServerLoad row = row().orElseThrow();
        assertThat(List.of(row.cpu(), row.memory(), row.network(), row.score())).containsExactly(50.0, 20.0, 10.0, 50.0);
    }

    @Test
    void the_load_check_is_triggered_only_when_the_local_controller_is_active() {
        cycle(0, LoadScore.CPU, Optional.empty()).run(); // no controller at all: just the row
        assertThat(row()).isPresent();

        LoadCycle cycle = cycle(0, LoadScore.CPU, Optional.of(controller.service()));
        cycle.run();
        assertThat(controller.submitted).isEmpty();

        controller.active = true;
        cycle.run();
        cycle.run();
        assertThat(controller.submitted).containsExactly(new Trigger.LoadTick(), new Trigger.LoadTick());
    }

    @Test
    void the_load_check_is_triggered_after_the_row_is_written() {
        List<String> events = new CopyOnWriteArrayList<>();
        SharedStore recording = (SharedStore) Proxy.newProxyInstance(SharedStore.class.getClassLoader(),
                new Class<?>[]{SharedStore.class}, (proxy, method, args) -> {
                    events.add(method.getName());
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ControllerService local = controller.service();
        ControllerService orderRecording = (ControllerService) Proxy.newProxyInstance(
                ControllerService.class.getClassLoader(), new Class<?>[]{ControllerService.class},
                (proxy, method, args) -> {
                    events.add(method.getName());
                    return method.invoke(local, args);
                });
        controller.active = true;
        new LoadCycle(recording, source, new LoadSettings(Duration.ofSeconds(1), 0, LoadScore.CPU),
                () -> Optional.of(orderRecording)).run();
        assertThat(events).containsSubsequence("putLoad", "isActive", "submit");
    }

    @Test
    void a_failing_sample_is_skipped_and_the_next_one_is_written() {
        controller.active = true;
        LoadCycle cycle = cycle(0.5, LoadScore.CPU, Optional.of(controller.service()));
        samples.add(new IllegalStateException("no /proc"));
        samples.add(new UnsatisfiedLinkError("libjnidispatch.so"));
        samples.add(new IllegalStateException("no /proc")); // the same error again: logged at DEBUG only
        assertThatCode(() -> {
            cycle.run();
            cycle.run();
            cycle.run();
        }).doesNotThrowAnyException();
        assertThat(row()).isEmpty();
        assertThat(controller.submitted).isEmpty();

        samples.add(new LoadSample(80, 10, 10));
        cycle.run();
        assertThat(row().orElseThrow().cpu()).isEqualTo(80); // the failures left no trace in the smoothing
        assertThat(controller.ticks()).isEqualTo(1);
    }

    @Test
    void a_sample_the_source_returns_as_null_is_skipped() {
        new LoadCycle(store, () -> null, new LoadSettings(Duration.ofSeconds(1), 0, LoadScore.CPU), Optional::empty)
                .run();
        assertThat(row()).isEmpty();
    }

    @Test
    void a_failing_store_write_skips_the_trigger_and_a_failing_controller_is_survived() {
        controller.active = true;
        SharedStore broken = (SharedStore) Proxy.newProxyInstance(SharedStore.class.getClassLoader(),
                new Class<?>[]{SharedStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("putLoad")) {
                        throw new IllegalStateException("store closed");
                    }
                    return method.invoke(store, args);
                });
        new LoadCycle(broken, source, new LoadSettings(Duration.ofSeconds(1), 0, LoadScore.CPU),
                () -> Optional.of(controller.service())).run();
        assertThat(controller.submitted).isEmpty();

        controller.failure = new IllegalStateException("controller stopping");
        assertThatCode(() -> cycle(0, LoadScore.CPU, Optional.of(controller.service())).run())
                .doesNotThrowAnyException();
        assertThat(row()).isPresent();
    }
}
