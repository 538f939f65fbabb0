package io.baton.adapter.command;

import io.baton.api.spi.ClusterManager;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.ClusterManagerListener;
import io.baton.api.spi.ClusterView;
import io.baton.api.spi.Registration;
import io.baton.support.CommandRunner;
import io.baton.support.ViewPoller;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cluster manager driven by configured command lines, for any CLI-driven cluster manager. Every
 * instruction first reads the view and does nothing when the state it asks for already holds (a
 * controller that took over repeats its last step). The cluster manager reports no backups, so the
 * view's backups are those set through this adapter since it started. Needs its configuration: without
 * one it stays unregistered. Immediate, so that a bad configuration is reported (and the service
 * withdrawn) when it is made, not when the controller first uses the adapter.
 */
@Component(service = ClusterManager.class, property = "baton.adapter=command", immediate = true,
        configurationPid = CommandConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CommandConfig.class)
public final class CommandClusterManager implements ClusterManager {
    private static final Logger LOG = LoggerFactory.getLogger(CommandClusterManager.class);
    private static final int MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

    private final CommandSettings settings;
    private final CommandRunner runner;
    private final ViewPoller poller;
    // app -> backup as last set; an app that is absent has an unknown backup, so setting it always runs
    private final Map<String, Optional<String>> backups = new ConcurrentHashMap<>();
    // instructions check the view, then act: one at a time, so two cannot both see "stopped" and start
    private final Object instructions = new Object();

    @Activate
    public CommandClusterManager(CommandConfig config) {
        this(CommandSettings.from(config));
        LOG.info("command-line adapter ready: status '{}', members '{}'",
                CommandRunner.display(settings.status().args()), CommandRunner.display(settings.members().args()));
    }

    CommandClusterManager(CommandSettings settings) {
        this.settings = settings;
        this.runner = new CommandRunner(List.of(), Map.of(), settings.timeout(), MAX_OUTPUT_BYTES);
        this.poller = new ViewPoller(this::view, settings.pollInterval(), "baton-command-adapter-poll");
    }

    @Deactivate
    void close() {
        poller.close();
    }

    @Override
    public String name() {
        return "command";
    }

    @Override
    public ClusterView view() throws ClusterManagerException {
        Set<String> members = settings.parser().members(
                runner.run("reading the members", settings.members().argv(Map.of())).stdout());
        String status = runner.run("reading the status", settings.status().argv(Map.of())).stdout();
        Map<String, String> known = new LinkedHashMap<>();
        backups.forEach((app, backup) -> backup.ifPresent(server -> known.put(app, server)));
        return new ClusterView(members, settings.parser().placement(status), known);
    }

    @Override
    public void start(String app, String server) throws ClusterManagerException {
        String operation = "start of " + app + " on " + server;
        synchronized (instructions) {
            ClusterView view = view();
            Optional<String> running = view.placement().runningServer(app);
            if (running.equals(Optional.of(server))) {
                LOG.debug("{}: already running there", operation);
                return;
            }
            if (running.isPresent()) {
                throw new ClusterManagerException(operation + " refused: it runs on " + running.get());
            }
            requireMember(operation, view, server);
            instruct(operation, settings.start(), Map.of("app", app, "node", server));
        }
    }

    @Override
    public void stop(String app, String server) throws ClusterManagerException {
        String operation = "stop of " + app + " on " + server;
        synchronized (instructions) {
            if (!view().placement().runningServer(app).equals(Optional.of(server))) {
                LOG.debug("{}: not running there", operation);
                return;
            }
            instruct(operation, settings.stop(), Map.of("app", app, "node", server));
        }
    }

    @Override
    public void move(String app, String from, String to) throws ClusterManagerException {
        String operation = "move of " + app + " from " + from + " to " + to;
        synchronized (instructions) {
            ClusterView view = view();
            Optional<String> running = view.placement().runningServer(app);
            if (running.equals(Optional.of(to))) {
                LOG.debug("{}: already running on {}", operation, to);
                return;
            }
            if (running.isPresent() && !running.get().equals(from)) {
                throw new ClusterManagerException(operation + " refused: it runs on " + running.get());
            }
            requireMember(operation, view, to);
            if (running.isEmpty()) {
                // stopped: an earlier attempt got as far as the stop; finishing it is starting on "to"
                instruct(operation, settings.start(), Map.of("app", app, "node", to));
            } else if (settings.move().isPresent()) {
                instruct(operation, settings.move().get(), Map.of("app", app, "from", from, "to", to));
            } else {
                instruct(operation + " (stop)", settings.stop(), Map.of("app", app, "node", from));
                instruct(operation + " (start)", settings.start(), Map.of("app", app, "node", to));
            }
        }
    }

    @Override
    public void setBackup(String app, Optional<String> backup) throws ClusterManagerException {
        String operation = backup.map(b -> "setting the backup of " + app + " to " + b)
                .orElse("clearing the backup of " + app);
        synchronized (instructions) {
            if (backup.equals(backups.get(app))) {
                LOG.debug("{}: already set", operation);
                return;
            }
            if (settings.setBackup().isPresent()) {
                backups.remove(app); // unknown if the command fails: a retry must run it again
                instruct(operation, settings.setBackup().get(), Map.of("app", app, "backup", backup.orElse("")));
            } else {
                LOG.debug("{}: no setBackupCommand, recorded only", operation);
                poller.pollSoon();
            }
            backups.put(app, backup);
        }
    }

    @Override
    public Registration addListener(ClusterManagerListener listener) {
        return poller.add(listener);
    }

    private void instruct(String operation, CommandTemplate command, Map<String, String> values)
            throws ClusterManagerException {
        List<String> argv = command.argv(values);
        LOG.info("{}: {}", operation, CommandRunner.display(argv));
        try {
            runner.run(operation, argv);
        } finally {
            poller.pollSoon(); // a failed command may have changed something too
        }
    }

    private static void requireMember(String operation, ClusterView view, String server)
            throws ClusterManagerException {
        if (!view.members().contains(server)) {
            throw new ClusterManagerException(operation + " refused: " + server + " is not a member (members: "
                    + String.join(", ", view.members()) + ")");
        }
    }
}
