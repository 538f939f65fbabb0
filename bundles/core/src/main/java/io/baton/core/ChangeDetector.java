package io.baton.core;

import io.baton.api.decision.Trigger;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.Rules;
import io.baton.api.model.ServerState;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.ClusterView;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The state monitor's comparison (SPEC "Runtime shape", state monitor): which triggers the
 * difference between the tables and the cluster manager's view calls for. Level-triggered: a
 * change already handled (the tables agree) yields nothing, so a repeated or missed view loses
 * nothing. Order: servers that left first (the cluster manager has taken their apps over), then
 * apps that failed on servers still up, then servers that joined.
 */
public final class ChangeDetector {
    private ChangeDetector() {
    }

    public static List<Trigger> detect(Rules rules, ClusterState tables, ClusterView view) {
        List<Trigger> triggers = new ArrayList<>();
        Set<String> members = view.members();
        for (String server : rules.servers()) {
            if (tables.server(server).isUp() && !members.contains(server)) {
                triggers.add(new Trigger.ServerFailed(server, view.placement()));
            }
        }
        for (AppStatus app : tables.apps().values()) {
            Optional<String> running = app.running();
            boolean onLiveServer = running.isPresent() && members.contains(running.get()) && tables.server(running.get()).isUp();
            if (onLiveServer && !app.processing() && !view.placement().runningServer(app.name()).equals(running)) {
                triggers.add(new Trigger.AppFailed(app.name(), view.placement()));
            }
        }
        for (String server : rules.servers()) {
            ServerStatus row = tables.server(server);
            // A detached server comes back only when an operator attaches it.
            if (!row.isUp() && row.state() != ServerState.DETACHED && members.contains(server)) {
                triggers.add(new Trigger.ServerJoined(server));
            }
        }
        return triggers;
    }
}
