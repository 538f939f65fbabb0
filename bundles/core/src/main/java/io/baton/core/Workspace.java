package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.ServerChange;
import io.baton.api.model.ServerState;
import io.baton.api.model.ServerStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The mutable working copy one decision is computed on: the tables as arrays indexed by server and
 * application number, what they held before, and the placement instructions so far. Lives for one
 * call of {@link DecisionEngine#decide}; never shared.
 */
final class Workspace {
    static final int NONE = -1;

    final RuleBook book;
    final ClusterState before;
    final int servers;
    final int apps;

    final ServerState[] state;
    final ServerChange[] change;
    final double[] load;
    final BitSet up;

    final int[] running;
    final int[] backup;
    final int[] runningBefore;
    final int[] backupBefore;
    /** How many applications each server runs. */
    final int[] appCount;
    /** Per server, per capacity dimension: the summed demand of the applications it runs. */
    final double[][] used;

    /** Why an application's running server changed (null when it did not). */
    final String[] runningWhy;
    /** Why an application's backup is what it is, as a {@link BackupSelection.Why}. */
    final BackupSelection.Why[] backupWhy;
    /** Why a server before the chosen one could not be an application's backup (null: none was passed over). */
    final String[] backupNote;

    final List<Instruction> placement = new ArrayList<>();
    /** The server whose change this decision handles, or NONE. */
    int processingServer = NONE;
    /** The backups the cluster manager reports (reconciliation only): a differing backup is set again. */
    int[] managerBackups;

    private EffectiveApp[] effective;

    Workspace(RuleBook book, ClusterState before) {
        this.book = book;
        this.before = before;
        this.servers = book.serverCount();
        this.apps = book.appCount();
        this.state = new ServerState[servers];
        this.change = new ServerChange[servers];
        this.load = new double[servers];
        this.up = new BitSet(servers);
        for (int s = 0; s < servers; s++) {
            ServerStatus row = before.server(book.server(s));
            state[s] = row.state();
            change[s] = ServerChange.NONE;
            load[s] = before.loadScore(book.server(s));
            if (row.isUp()) {
                up.set(s);
            }
        }
        this.running = new int[apps];
        this.backup = new int[apps];
        this.appCount = new int[servers];
        this.used = new double[servers][book.dimensions.length];
        for (int a = 0; a < apps; a++) {
            AppStatus row = before.app(book.app(a));
            // An app cannot run on, or be taken over by, a server that is not up.
            int r = row.running().map(book::findServer).filter(this::isUp).orElse(NONE);
            running[a] = r;
            backup[a] = r == NONE ? NONE : row.backup().map(book::findServer).filter(b -> isUp(b) && b != r).orElse(NONE);
            if (r != NONE) {
                appCount[r]++;
                use(r, a, 1);
            }
        }
        this.runningBefore = running.clone();
        this.backupBefore = backup.clone();
        this.runningWhy = new String[apps];
        this.backupWhy = new BackupSelection.Why[apps];
        this.backupNote = new String[apps];
        Arrays.fill(backupWhy, BackupSelection.Why.UNCHANGED);
        this.effective = book.forUpSet(up);
    }

    boolean isUp(int server) {
        return server >= 0 && up.get(server);
    }

    /** {@code rule(C, A)} for the current set of up servers. */
    EffectiveApp rule(int app) {
        return effective[app];
    }

    String serverName(int server) {
        return server == NONE ? "none" : book.server(server);
    }

    String appName(int app) {
        return book.app(app);
    }

    /** Records a membership change of a server; {@code rule(C, A)} follows the new up set. */
    void setServerState(int server, ServerState newState, ServerChange detected) {
        state[server] = newState;
        change[server] = detected;
        up.set(server, newState == ServerState.UP);
        effective = book.forUpSet(up);
    }

    /** Changes where an application runs (NONE: stopped) and keeps the per-server counts right. */
    void setRunning(int app, int server, String why) {
        if (running[app] == server) {
            return;
        }
        if (running[app] != NONE) {
            appCount[running[app]]--;
            use(running[app], app, -1);
        }
        running[app] = server;
        if (server != NONE) {
            appCount[server]++;
            use(server, app, 1);
        } else {
            backup[app] = NONE;
        }
        runningWhy[app] = why;
    }

    void setBackup(int app, int server, BackupSelection.Why why) {
        backup[app] = server;
        backupWhy[app] = why;
        backupNote[app] = null;
    }

    private void use(int server, int app, int sign) {
        double[] demand = book.demand[app];
        for (int d = 0; d < demand.length; d++) {
            used[server][d] += sign * demand[d];
        }
    }

    void instruct(Instruction instruction) {
        placement.add(instruction);
    }
}
