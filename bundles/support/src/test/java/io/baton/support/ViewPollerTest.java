package io.baton.support;

import io.baton.api.model.Placement;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.Registration;
import io.baton.api.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ViewPollerTest {
    private static ClusterView view(String... members) {
        return new ClusterView(Set.of(members), new Placement(Map.of()), Map.of());
    }

    @Test
    void tells_each_listener_every_change_once_and_never_a_failed_poll() throws Exception {
        AtomicReference<Object> next = new AtomicReference<>(view("a", "b"));
        AtomicInteger polls = new AtomicInteger();
        ViewSource source = () -> {
            polls.incrementAndGet();
            Object v = next.get();
            if (v instanceof ClusterManagerException e) {
                throw e;
            }
            return (ClusterView) v;
        };
        List<ClusterView> told = new CopyOnWriteArrayList<>();
        try (ViewPoller poller = new ViewPoller(source, Duration.ofMillis(20), "test-poll")) {
            Registration registration = poller.add(told::add);
            Await.until("the first view", Duration.ofSeconds(5), () -> told.size() == 1);
            int seen = polls.get();
            Await.until("more polls", Duration.ofSeconds(5), () -> polls.get() > seen + 3);
            assertThat(told).as("an unchanged view is not told again").containsExactly(view("a", "b"));

            next.set(new ClusterManagerException("cluster unreachable"));
            int failing = polls.get();
            Await.until("failed polls", Duration.ofSeconds(5), () -> polls.get() > failing + 3);
            assertThat(told).as("a failed poll is never 'no members'").containsExactly(view("a", "b"));

            next.set(view("a"));
            Await.until("the change", Duration.ofSeconds(5), () -> told.size() == 2);
            assertThat(told.get(1)).isEqualTo(view("a"));

            registration.close();
            List<ClusterView> late = new CopyOnWriteArrayList<>();
            poller.add(late::add);
            Await.until("a new listener gets the current view", Duration.ofSeconds(5), () -> late.size() == 1);
            assertThat(late).containsExactly(view("a"));
        }
    }
}
