package io.baton.simulator;

import io.baton.api.model.Placement;
import io.baton.api.spi.ClusterManager;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterManagerListener;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.Registration;
import io.baton.core.ClusterManagerTakeover;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A cluster manager that exists only in memory, for the simulator and tests. It behaves as SPEC
 * requires of a real one: it refuses to start an app twice or on a non-member, and when a member
 * fails or an app dies it takes the app over to its backup on its own. Thread-safe.
 */
public final class InMemoryClusterManager implements ClusterManager {
    private final List<ClusterManagerListener> listeners = new CopyOnWriteArrayList<>();
    private ClusterView view = new ClusterView(Set.of(), Placement.EMPTY, Map.of());

    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public synchronized ClusterView view() {
        return view;
    }

    /** A server becomes a member. */
    public void memberJoined(String server) {
        update(v -> {
            Set<String> members = new LinkedHashSet<>(v.members());
            members.add(server);
            return new ClusterView(members, v.placement(), v.backups());
        });
    }

    /** A member is gone (failure or detach): its apps are taken over to their backups as a real cluster manager does. */
    public void memberLost(String server) {
        update(v -> ClusterManagerTakeover.afterServerFailure(v, server));
    }

    /** An app died on its server: it is restarted on its backup, or stays stopped. */
    public void appDied(String app) {
        update(v -> ClusterManagerTakeover.afterAppFailure(v, app));
    }

    @Override
    public void start(String app, String server) throws ClusterManagerException {
        ClusterView v = view();
        requireMember(v, server, "start " + app);
        String running = v.placement().running().get(app);
        if (running != null && !running.equals(server)) {
            throw new ClusterManagerException("cannot start " + app + " on " + server + ": it runs on " + running);
        }
        setRunning(app, server);
    }

    @Override
    public void stop(String app, String server) throws ClusterManagerException {
        String running = view().placement().running().get(app);
        if (running != null && !running.equals(server)) {
            throw new ClusterManagerException("cannot stop " + app + " on " + server + ": it runs on " + running);
        }
        setRunning(app, null);
    }

    @Override
    public void move(String app, String from, String to) throws ClusterManagerException {
        ClusterView v = view();
        requireMember(v, to, "move " + app);
        String running = v.placement().running().get(app);
        if (running != null && !running.equals(from) && !running.equals(to)) {
            throw new ClusterManagerException("cannot move " + app + " from " + from + ": it runs on " + running);
        }
        setRunning(app, to);
    }

    @Override
    public void setBackup(String app, Optional<String> backup) {
        update(v -> {
            Map<String, String> backups = new LinkedHashMap<>(v.backups());
            backup.ifPresentOrElse(b -> backups.put(app, b), () -> backups.remove(app));
            return new ClusterView(v.members(), v.placement(), backups);
        });
    }

    @Override
    public Registration addListener(ClusterManagerListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private static void requireMember(ClusterView v, String server, String action) throws ClusterManagerException {
        if (!v.members().contains(server)) {
            throw new ClusterManagerException("cannot " + action + " on " + server + ": not a member");
        }
    }

    private void setRunning(String app, String serverOrNull) {
        update(v -> {
            Map<String, String> running = new LinkedHashMap<>(v.placement().running());
            if (serverOrNull == null) {
                running.remove(app);
            } else {
                running.put(app, serverOrNull);
            }
            return new ClusterView(v.members(), new Placement(running), v.backups());
        });
    }

    /**
     * Read, change and write the view as one step (a test's {@code memberLost} racing a controller's move must not
     * write back a view from before the move); listeners are told outside the lock.
     */
    private void update(UnaryOperator<ClusterView> change) {
        ClusterView next;
        synchronized (this) {
            next = change.apply(view);
            view = next;
        }
        listeners.forEach(l -> l.viewChanged(next));
    }
}
