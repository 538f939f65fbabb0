package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.decision.Trigger;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ServerChange;
import io.baton.api.model.ServerState;
import io.baton.api.model.ServerStatus;

/**
 * Brings tables and cluster manager into line when a controller takes over or the adapter is
 * replaced (SPEC "Processing flags": "A controller that takes over finds every row still flagged,
 * asks the cluster manager for the real state, and finishes or redoes that step idempotently").
 * <ul>
 *   <li>A row still flagged as processing is finished: its intended placement is instructed again
 *       where the cluster manager differs (unless the intended server is no longer up: then the
 *       cluster manager's placement is adopted, or, if it runs the app nowhere, the app goes to its backup
 *       when that one is up, as on a server failure).</li>
 *   <li>Another row adopts where the cluster manager runs the app; an app the tables have running on
 *       an up server but the cluster manager does not run is started there again, so nothing is lost
 *       when adapters are swapped.</li>
 *   <li>Valid backups are kept, invalid ones selected anew, and every backup the cluster manager
 *       does not have yet is set on it.</li>
 * </ul>
 */
final class Reconciliation {
    private Reconciliation() {
    }

    static void apply(Workspace ws, Trigger.Reconcile trigger) {
        undoInterruptedDetaches(ws, trigger);
        for (int a = 0; a < ws.apps; a++) {
            String name = ws.appName(a);
            AppStatus row = ws.before.app(name);
            int observed = trigger.observed().runningServer(name).map(ws.book::findServer).filter(ws::isUp)
                    .orElse(Workspace.NONE);
            int table = ws.running[a];
            if (row.processing()) {
                finishInterrupted(ws, a, row, observed, trigger);
            } else if (observed != table) {
                if (observed != Workspace.NONE) {
                    ws.setRunning(a, observed, "the cluster manager runs it on " + ws.serverName(observed));
                } else {
                    ws.instruct(new Instruction.Start(name, ws.serverName(table)));
                    ws.runningWhy[a] = "the cluster manager does not run it: started again";
                }
            }
        }
        new BackupSelection(ws).repair(a -> ws.running[a] != Workspace.NONE && ws.backup[a] == Workspace.NONE);
        ws.managerBackups = new int[ws.apps];
        for (int a = 0; a < ws.apps; a++) {
            String backup = trigger.backups().get(ws.appName(a));
            ws.managerBackups[a] = backup == null ? Workspace.NONE : ws.book.findServer(backup);
        }
    }

    /**
     * A detach interrupted by the controller's death, whose server is still a member, is undone: the
     * operator's request is answered only after its decision is carried out, so it is still pending
     * and is redone from the cluster manager's real placement (which may have changed since, e.g. the
     * detach's intended backups died with the controller).
     */
    private static void undoInterruptedDetaches(Workspace ws, Trigger.Reconcile trigger) {
        for (int s = 0; s < ws.servers; s++) {
            String server = ws.serverName(s);
            ServerStatus row = ws.before.server(server);
            if (row.processing() && row.state() == ServerState.DETACHED && trigger.isMember(server)) {
                ws.setServerState(s, ServerState.UP, ServerChange.NONE);
            }
        }
    }

    /** A row whose instruction was interrupted: redo it towards the intended placement. */
    private static void finishInterrupted(Workspace ws, int a, AppStatus row, int observed, Trigger.Reconcile trigger) {
        String name = ws.appName(a);
        int intended = row.running().map(ws.book::findServer).orElse(Workspace.NONE);
        boolean intendedUp = ws.isUp(intended) && trigger.isMember(ws.serverName(intended));
        if (row.running().isPresent() && !intendedUp) {
            int backup = row.backup().map(ws.book::findServer).orElse(Workspace.NONE);
            if (observed == Workspace.NONE && backup != Workspace.NONE && ws.isUp(backup)
                    && trigger.isMember(ws.serverName(backup))) {
                // as when a server fails (SPEC "Server failure"): its app goes to its backup, which is up
                ws.setRunning(a, backup, "interrupted instruction: its intended server " + ws.serverName(intended)
                        + " is not up; started on its backup " + ws.serverName(backup));
                ws.instruct(new Instruction.Start(name, ws.serverName(backup)));
                return;
            }
            ws.setRunning(a, observed, "interrupted instruction: its intended server is not up; "
                    + (observed == Workspace.NONE ? "the cluster manager does not run it" : "the cluster manager runs it on " + ws.serverName(observed)));
            return;
        }
        // ws.running[a] holds the intended server (or NONE for an intended stop).
        if (observed == intended) {
            ws.runningWhy[a] = "interrupted instruction: already done by the cluster manager";
        } else if (intended == Workspace.NONE) {
            ws.instruct(new Instruction.Stop(name, ws.serverName(observed)));
            ws.runningWhy[a] = "interrupted instruction redone: stop";
        } else if (observed == Workspace.NONE) {
            ws.instruct(new Instruction.Start(name, ws.serverName(intended)));
            ws.runningWhy[a] = "interrupted instruction redone: start";
        } else {
            ws.instruct(new Instruction.Move(name, ws.serverName(observed), ws.serverName(intended)));
            ws.runningWhy[a] = "interrupted instruction redone: move";
        }
    }
}
