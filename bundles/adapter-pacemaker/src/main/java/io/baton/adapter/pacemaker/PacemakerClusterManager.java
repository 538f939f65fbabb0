package io.baton.adapter.pacemaker;

import io.baton.api.model.Placement;
import io.baton.api.spi.ClusterManager;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterManagerListener;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.Registration;
import io.baton.support.CommandRunner;
import io.baton.support.ViewPoller;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Baton's adapter to Pacemaker. A Baton application is a Pacemaker resource (primitive or group; id =
 * prefix + app). Membership and placement come from {@code crm_mon --output-as=xml}; Baton's running server
 * and backup are one location constraint per resource ({@link BatonConstraint}: rules {@code baton-run-*},
 * {@code baton-backup-*}, {@code baton-only-*}) plus resource-stickiness, so that Pacemaker itself takes an
 * application over to Baton's backup when its server dies; start and stop set target-role.
 *
 * <p>Every instruction reads the status first and does nothing when what it asks for already holds, waits
 * (at most settleTimeout) for a takeover under way to finish before rewriting a constraint — a constraint
 * written meanwhile could forbid the node Pacemaker is starting the application on — and waits for a start
 * or stop to be confirmed. The running-server rule always follows where the application really runs.
 * A stopped application prefers no node: its constraint becomes -INFINITY everywhere (and a stop also sets
 * target-role Stopped), so that Pacemaker never restarts it by itself on a node that returns; Baton decides
 * where it starts again. The poller does the same, between instructions, for a resource left stopped by
 * Pacemaker (disabled, or no member among its running server and backup).
 *
 * <p>Registered without a configuration too (all attributes have defaults): the local node's Pacemaker.
 */
@Component(service = ClusterManager.class, property = "baton.adapter=pacemaker",
        immediate = true, configurationPid = PacemakerConfig.PID)
@Designate(ocd = PacemakerConfig.class)
public final class PacemakerClusterManager implements ClusterManager {
    private static final Logger LOG = LoggerFactory.getLogger(PacemakerClusterManager.class);
    /** crm_mon's XML of a large cluster runs to megabytes. */
    private static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

    private final PacemakerSettings settings;
    private final PacemakerCli cli;
    private final PacemakerWaits waits;
    private final ViewPoller poller;
    // one instruction at a time; the poller tidies stopped resources only while none is under way
    private final ReentrantLock instructions = new ReentrantLock();
    // resources whose resource-stickiness this adapter has set since it started
    private final Set<String> sticky = ConcurrentHashMap.newKeySet();

    @Activate
    public PacemakerClusterManager(PacemakerConfig config) {
        this(PacemakerSettings.from(config));
        LOG.info("Pacemaker adapter ready: {}crm_mon every {} ms, scores run {} / backup {} / stickiness {}{}",
                settings.commandPrefix().isEmpty() ? "" : "(via '" + String.join(" ", settings.commandPrefix()) + "') ",
                settings.pollInterval().toMillis(), settings.scores().run(), settings.scores().backup(),
                settings.scores().stickiness(), settings.scores().exclusive() ? ", exclusive" : "");
    }

    PacemakerClusterManager(PacemakerSettings settings) {
        this(settings, new PacemakerCli(settings,
                new CommandRunner(settings.commandPrefix(), settings.environment(), settings.commandTimeout(),
                        MAX_OUTPUT_BYTES, PacemakerCli::excerpt)));
    }

    PacemakerClusterManager(PacemakerSettings settings, PacemakerCli cli) {
        this.settings = settings;
        this.cli = cli;
        this.waits = new PacemakerWaits(cli, settings);
        this.poller = new ViewPoller(this::polledView, settings.pollInterval(), "baton-pacemaker-adapter-poll");
    }

    @Deactivate
    public void close() {
        poller.close();
    }

    @Override
    public String name() {
        return "pacemaker";
    }

    @Override
    public ClusterView view() throws ClusterManagerException {
        return view(waits.read());
    }

    @Override
    public void start(String app, String server) throws ClusterManagerException {
        String operation = "start of " + app + " on " + server;
        String resource = settings.names().resource(app);
        instructions.lock();
        try {
            PacemakerSnapshot s = waits.settled(resource);
            PacemakerStatus.Resource r = s.require(operation, resource);
            Optional<String> running = r.runningOn();
            if (running.isPresent() && !running.get().equals(server)) {
                throw new ClusterManagerException(operation + " refused: " + resource + " runs on " + running.get());
            }
            if (running.isEmpty()) {
                s.requireMember(operation, server);
            }
            place(s, resource, s.constraint(resource).withRun(Optional.of(server)));
            enable(r, true);
            waits.awaitStatus(operation, resource, res -> res.runningOn().equals(Optional.of(server)));
        } finally {
            instructions.unlock();
            poller.pollSoon();
        }
    }

    @Override
    public void stop(String app, String server) throws ClusterManagerException {
        String operation = "stop of " + app + " on " + server;
        String resource = settings.names().resource(app);
        instructions.lock();
        try {
            PacemakerSnapshot s = waits.read();
            PacemakerStatus.Resource r = s.require(operation, resource);
            if (r.runningOn().isPresent() && !r.runningOn().get().equals(server)) {
                LOG.debug("{}: it runs on {}, not there; nothing to do", operation, r.runningOn().get());
                return;
            }
            enable(r, false);
            waits.awaitStatus(operation, resource, res -> res.runningOn().isEmpty());
            // stopped: no node is preferred any more, so that Pacemaker does not start it again by itself on a
            // node that returns (SPEC "Server joins": Baton decides where a stopped app starts again)
            place(s, resource, BatonConstraint.nowhere(resource));
        } finally {
            instructions.unlock();
            poller.pollSoon();
        }
    }

    @Override
    public void move(String app, String from, String to) throws ClusterManagerException {
        String operation = "move of " + app + " from " + from + " to " + to;
        String resource = settings.names().resource(app);
        instructions.lock();
        try {
            PacemakerSnapshot s = waits.settled(resource);
            PacemakerStatus.Resource r = s.require(operation, resource);
            Optional<String> running = r.runningOn();
            if (running.equals(Optional.of(to))) {
                place(s, resource, s.constraint(resource).withRun(Optional.of(to)));
                return;
            }
            if (running.isPresent() && !running.get().equals(from)) {
                throw new ClusterManagerException(operation + " refused: " + resource + " runs on " + running.get());
            }
            s.requireMember(operation, to);
            if (running.isPresent()) {
                // stop, set its start server, start: whatever the stickiness (a group's is the sum of its members')
                enable(r, false);
                waits.awaitStatus(operation + " (stop)", resource, res -> res.runningOn().isEmpty());
            }
            place(s, resource, s.constraint(resource).withRun(Optional.of(to)));
            cli.setMeta(resource, "target-role", "Started");
            waits.awaitStatus(operation + " (start)", resource, res -> res.runningOn().equals(Optional.of(to)));
        } finally {
            instructions.unlock();
            poller.pollSoon();
        }
    }

    @Override
    public void setBackup(String app, Optional<String> backup) throws ClusterManagerException {
        String operation = backup.map(b -> "setting the backup of " + app + " to " + b)
                .orElse("clearing the backup of " + app);
        String resource = settings.names().resource(app);
        instructions.lock();
        try {
            PacemakerSnapshot s = waits.settled(resource);
            PacemakerStatus.Resource r = s.require(operation, resource);
            if (backup.isPresent() && s.status().node(backup.get()).isEmpty()) {
                throw new ClusterManagerException(operation + " refused: " + backup.get()
                        + " is not a Pacemaker node (nodes: " + String.join(", ", s.nodeNames()) + ")");
            }
            BatonConstraint current = s.constraint(resource);
            BatonConstraint wanted;
            if (r.runningOn().isPresent() || s.startPending(resource, settings.scores().exclusive())) {
                // running, or still being started after settleTimeout: keep the node it is started on preferred
                wanted = current.withRun(r.runningOn().or(current::run)).withBackup(backup);
            } else {
                // stopped: a stopped app has no backup (SPEC), and no node may be preferred to restart it
                if (backup.isPresent()) {
                    LOG.info("{}: {} does not run, so it has no backup; no node is preferred", operation, resource);
                }
                wanted = BatonConstraint.nowhere(resource);
            }
            if (!s.constraints().containsKey(resource) && wanted.run().isEmpty() && wanted.backup().isEmpty()) {
                LOG.debug("{}: not placed by Baton and stopped; nothing to record", operation);
                return;
            }
            place(s, resource, wanted);
        } finally {
            instructions.unlock();
            poller.pollSoon();
        }
    }

    @Override
    public Registration addListener(ClusterManagerListener listener) {
        return poller.add(listener);
    }

    /** The applications that have a Baton constraint now. */
    public Set<String> placedApps() throws ClusterManagerException {
        Set<String> apps = new LinkedHashSet<>();
        for (String resource : cli.constraints().keySet()) {
            settings.names().app(resource).ifPresent(apps::add);
        }
        return apps;
    }

    /**
     * Hands an application back to Pacemaker's own placement: removes Baton's constraint on its resource.
     * The resource-stickiness Baton set stays, so that the resource keeps running where it runs (without
     * stickiness Pacemaker rebalances resources that were fine); {@link #release(String, boolean)} removes it
     * too. Idempotent.
     */
    public void release(String app) throws ClusterManagerException {
        release(app, false);
    }

    /**
     * Removes Baton's constraint on the application's resource and, when {@code stickinessToo}, the
     * resource-stickiness meta attribute (Pacemaker may then move the resource). Idempotent.
     */
    public void release(String app, boolean stickinessToo) throws ClusterManagerException {
        String resource = settings.names().resource(app);
        instructions.lock();
        try {
            cli.delete(resource);
            if (stickinessToo) {
                cli.deleteMeta(resource, "resource-stickiness");
            }
            sticky.remove(resource);
            LOG.info("released {}: Baton's constraint {} removed", app, BatonConstraint.id(resource));
        } finally {
            instructions.unlock();
            poller.pollSoon();
        }
    }

    /** Releases every application that has a Baton constraint but is not among {@code apps} (left Baton's rules). */
    public List<String> retainOnly(Collection<String> apps) throws ClusterManagerException {
        List<String> released = new ArrayList<>();
        for (String app : placedApps()) {
            if (!apps.contains(app)) {
                release(app);
                released.add(app);
            }
        }
        return released;
    }

    private ClusterView view(PacemakerSnapshot s) {
        Map<String, String> running = new LinkedHashMap<>();
        for (PacemakerStatus.Resource r : s.status().resources().values()) {
            settings.names().app(r.id()).ifPresent(app -> r.runningOn().ifPresent(node -> running.put(app, node)));
        }
        Map<String, String> backups = new LinkedHashMap<>();
        for (BatonConstraint c : s.constraints().values()) {
            if (s.status().resources().containsKey(c.resource())) {
                settings.names().app(c.resource()).ifPresent(app -> c.backup().ifPresent(b -> backups.put(app, b)));
            }
        }
        return new ClusterView(new LinkedHashSet<>(s.status().members()), new Placement(running), backups);
    }

    /**
     * The view for the poller; first, when no instruction is under way, Baton's constraint on every resource
     * left stopped (disabled, or neither its running server nor its backup is a member, and not failed or
     * unmanaged) stops preferring any node, so that a node that returns does not get it back from Pacemaker
     * itself before Baton decides (e.g. its server died while its backup was down, with no controller to
     * stop it, or it was stopped behind Baton's back).
     */
    private ClusterView polledView() throws ClusterManagerException {
        PacemakerSnapshot s = waits.read();
        if (!s.leftStopped(settings.scores().exclusive()).isEmpty() && instructions.tryLock()) {
            try {
                // an instruction may have finished meanwhile: decide on a fresh reading
                PacemakerSnapshot now = waits.read();
                List<String> stale = now.leftStopped(settings.scores().exclusive());
                for (String resource : stale) {
                    BatonConstraint old = now.constraint(resource);
                    LOG.info("{} is stopped: {} no longer prefers its running server {} / backup {}", resource,
                            BatonConstraint.id(resource), old.run().orElse("none"), old.backup().orElse("none"));
                    cli.write(BatonConstraint.nowhere(resource));
                }
                if (!stale.isEmpty()) {
                    s = waits.read();
                }
            } finally {
                instructions.unlock();
            }
        }
        return view(s);
    }

    private void place(PacemakerSnapshot s, String resource, BatonConstraint wanted) throws ClusterManagerException {
        if (!wanted.equals(s.constraints().get(resource))) {
            LOG.info("{}: running server {}, backup {}", BatonConstraint.id(resource), wanted.run().orElse("none"),
                    wanted.backup().orElse("none"));
            cli.write(wanted);
        }
        if (settings.scores().stickiness() > 0 && !sticky.contains(resource)) {
            cli.setMeta(resource, "resource-stickiness", Integer.toString(settings.scores().stickiness()));
            sticky.add(resource);
        }
    }

    private void enable(PacemakerStatus.Resource r, boolean started) throws ClusterManagerException {
        if (started ? r.targetRole().map(t -> !t.equalsIgnoreCase("Started")).orElse(true) : !r.disabled()) {
            cli.setMeta(r.id(), "target-role", started ? "Started" : "Stopped");
        }
    }
}
