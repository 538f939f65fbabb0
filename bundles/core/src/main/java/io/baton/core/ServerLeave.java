package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.decision.Trigger;
import io.baton.api.model.Placement;
import io.baton.api.model.ServerChange;
import io.baton.api.model.ServerState;

/**
 * SPEC "Server leaves" (failure or operator detach) of server X.
 * <ol>
 *   <li>On a failure the cluster manager has already done its own takeover: the controller takes
 *       the real running server of each application from the cluster manager. On a detach the
 *       controller hands each of X's applications to its backup first (or stops it when the
 *       backup is not up).</li>
 *   <li>The backup of every running application is recomputed by {@link BackupSelection}.</li>
 * </ol>
 */
final class ServerLeave {
    private ServerLeave() {
    }

    static void failed(Workspace ws, Trigger.ServerFailed trigger) {
        int x = TriggerChecks.upServer(ws, trigger.server(), "fail server " + trigger.server());
        ws.processingServer = x;
        ws.setServerState(x, ServerState.FAILED, ServerChange.FAILED);
        adoptObserved(ws, trigger.observed(), x);
        new BackupSelection(ws).recomputeAll();
    }

    static void detached(Workspace ws, Trigger.ServerDetached trigger) {
        int x = TriggerChecks.upServer(ws, trigger.server(), "detach server " + trigger.server());
        ws.processingServer = x;
        String name = ws.serverName(x);
        for (int a = 0; a < ws.apps; a++) {
            if (ws.running[a] != x) {
                continue;
            }
            int b = ws.backup[a];
            if (b != Workspace.NONE && ws.isUp(b)) {
                ws.instruct(new Instruction.Move(ws.appName(a), name, ws.serverName(b)));
                ws.setRunning(a, b, name + " detached: handed over to its backup");
            } else {
                ws.instruct(new Instruction.Stop(ws.appName(a), name));
                ws.setRunning(a, Workspace.NONE, name + " detached and it had no backup: stopped");
            }
        }
        ws.setServerState(x, ServerState.DETACHED, ServerChange.DETACHED);
        new BackupSelection(ws).recomputeAll();
    }

    /** Takes each application's running server from the cluster manager's placement after its takeover. */
    private static void adoptObserved(Workspace ws, Placement observed, int failed) {
        String failedName = ws.serverName(failed);
        for (int a = 0; a < ws.apps; a++) {
            int was = ws.running[a];
            int now = observed.runningServer(ws.appName(a)).map(ws.book::findServer).orElse(Workspace.NONE);
            if (now != Workspace.NONE && !ws.isUp(now)) {
                ws.setRunning(a, Workspace.NONE, "reported on " + ws.serverName(now) + ", which is not up: treated as stopped");
            } else if (now != was) {
                ws.setRunning(a, now, takeoverReason(ws, a, was, now, failed, failedName));
            }
        }
    }

    private static String takeoverReason(Workspace ws, int app, int was, int now, int failed, String failedName) {
        if (was != failed) {
            return "the cluster manager reports it " + (now == Workspace.NONE ? "stopped" : "on " + ws.serverName(now));
        }
        if (now == Workspace.NONE) {
            int backup = ws.backupBefore[app];
            return failedName + " failed and "
                    + (backup == Workspace.NONE ? "it had no backup" : "its backup " + ws.serverName(backup) + " was not up")
                    + ": stopped";
        }
        return failedName + " failed: the cluster manager took it over on "
                + (now == ws.backupBefore[app] ? "its backup " : "") + ws.serverName(now);
    }
}
