package io.baton.core;

import io.baton.api.decision.Trigger;

/**
 * SPEC "Application failure": the application died but its server stayed up. The cluster manager
 * restarted it on its backup if that backup was up, else left it stopped; the controller takes
 * where it runs from the cluster manager and recomputes that application's backup (a stopped
 * application has none) in a repair pass: every other backup that can still take its app over stays.
 */
final class ApplicationFailure {
    private ApplicationFailure() {
    }

    static void apply(Workspace ws, Trigger.AppFailed trigger) {
        String name = trigger.app();
        int a = TriggerChecks.app(ws, name, "fail app " + name);
        int was = ws.running[a];
        if (was == Workspace.NONE) {
            throw new io.baton.api.decision.InvalidTriggerException("cannot fail app " + name + ": it is stopped");
        }
        int now = trigger.observed().runningServer(name).map(ws.book::findServer).orElse(Workspace.NONE);
        String wasName = ws.serverName(was);
        if (now == Workspace.NONE || !ws.isUp(now)) {
            int backup = ws.backupBefore[a];
            ws.setRunning(a, Workspace.NONE, "failed on " + wasName + " and "
                    + (backup == Workspace.NONE ? "it had no backup" : "its backup " + ws.serverName(backup) + " was not up")
                    + ": stopped");
        } else if (now == was) {
            ws.runningWhy[a] = "failed on " + wasName + ": the cluster manager restarted it there";
        } else {
            ws.setRunning(a, now, "failed on " + wasName + ": the cluster manager restarted it on "
                    + (now == ws.backupBefore[a] ? "its backup " : "") + ws.serverName(now));
        }
        // a repair pass: the backups that can still take their apps over stay, A's and the others are chosen again
        new BackupSelection(ws).repair(x -> x == a);
    }
}
