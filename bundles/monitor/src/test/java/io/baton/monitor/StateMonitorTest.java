package io.baton.monitor;

import io.baton.api.decision.Trigger;
import io.baton.api.model.Placement;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.ControllerLease;
import io.baton.api.spi.ControllerService;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.Registration;
import io.baton.api.spi.RequestOutcome;
import io.baton.api.testing.Await;
import io.baton.api.testing.Configs;
import io.baton.simulator.InMemoryClusterManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class StateMonitorTest {
    static final Duration WAIT = Duration.ofSeconds(5);

    /** Records what the monitor hands over. */
    static final class RecordingController implements ControllerService {
        final List<ClusterView> views = new CopyOnWriteArrayList<>();
        final List<Runnable> activation = new CopyOnWriteArrayList<>();

        @Override
        public boolean isActive() {
            return true;
        }

        @Override
        public Optional<ControllerLease> lease() {
            return Optional.empty();
        }

        @Override
        public void submit(Trigger trigger) {
        }

        @Override
        public void viewChanged(ClusterView view) {
            views.add(view);
        }

        @Override
        public Optional<RequestOutcome> request(OperatorRequest request, Duration timeout) {
            return Optional.empty();
        }

        @Override
        public Registration addActivationListener(Runnable listener) {
            activation.add(listener);
            return () -> activation.remove(listener);
        }
    }

    static MonitorConfig poll(int seconds) {
        return Configs.of(MonitorConfig.class, Map.of("pollIntervalSeconds", seconds));
    }

    @Test
    void every_change_of_the_cluster_managers_view_reaches_the_controller() {
        RecordingController controller = new RecordingController();
        InMemoryClusterManager manager = new InMemoryClusterManager();
        StateMonitor monitor = new StateMonitor(controller, poll(60));
        try {
            monitor.bindClusterManager(manager);
            Await.until("the first view", WAIT, () -> controller.views.size() == 1);
            manager.memberJoined("a");
            Await.until("a joined reaches the controller", WAIT,
                    () -> controller.views.get(controller.views.size() - 1).members().equals(Set.of("a")));
            int before = controller.views.size();
            controller.activation.forEach(Runnable::run);
            Await.until("the view is handed over again on activation", WAIT, () -> controller.views.size() == before + 1);
        } finally {
            monitor.deactivate();
        }
    }

    @Test
    void a_change_without_an_event_is_caught_by_the_periodic_read_and_an_unreachable_manager_is_survived() {
        RecordingController controller = new RecordingController();
        var state = new java.util.concurrent.atomic.AtomicReference<ClusterView>(new ClusterView(Set.of("a"), Placement.EMPTY, Map.of()));
        var failing = new java.util.concurrent.atomic.AtomicBoolean();
        // An adapter that never sends events and sometimes cannot be asked.
        io.baton.api.spi.ClusterManager quiet = new io.baton.api.spi.ClusterManager() {
            @Override
            public String name() {
                return "quiet";
            }

            @Override
            public ClusterView view() throws ClusterManagerException {
                if (failing.get()) {
                    throw new ClusterManagerException("not quorate");
                }
                return state.get();
            }

            @Override
            public void start(String app, String server) {
            }

            @Override
            public void stop(String app, String server) {
            }

            @Override
            public void move(String app, String from, String to) {
            }

            @Override
            public void setBackup(String app, Optional<String> backup) {
            }

            @Override
            public Registration addListener(io.baton.api.spi.ClusterManagerListener listener) {
                return () -> { };
            }
        };
        StateMonitor monitor = new StateMonitor(controller, poll(1));
        try {
            monitor.bindClusterManager(quiet);
            Await.until("the first view", WAIT, () -> controller.views.size() == 1);
            failing.set(true);
            state.set(new ClusterView(Set.of("a", "b"), Placement.EMPTY, Map.of()));
            failing.set(false);
            Await.until("b seen by polling", WAIT, () -> controller.views.get(controller.views.size() - 1).members().contains("b"));
        } finally {
            monitor.deactivate();
        }
    }

    @Test
    void changes_are_described_for_the_log() {
        ClusterView before = new ClusterView(Set.of("a", "b"), new Placement(Map.of("X", "a", "Y", "b")), Map.of());
        ClusterView after = new ClusterView(Set.of("b", "c"), new Placement(Map.of("X", "b", "Z", "c")), Map.of());
        assertThat(ViewChanges.between(before, after)).containsExactlyInAnyOrder("member a lost", "member c joined",
                "X moved from a to b", "Y stopped on b", "Z started on c");
    }
}
