package io.baton.core;

import io.baton.api.decision.Instruction;
import io.baton.api.model.BackupRule;
import io.baton.api.model.ServerChange;
import io.baton.api.model.ServerState;

/**
 * SPEC "Server joins" (recovery or operator attach) of server Y, new up set C.
 * <ol>
 *   <li>If applications are stopped: start each on {@code rule(C,A).primary} when given, up and
 *       allowed, else on Y when Y is allowed for it (else it stays stopped).</li>
 *   <li>Else, if a server runs two or more applications: among those applications whose
 *       {@code autoMove} is on and that are allowed on Y, the one on the highest-load server (ties:
 *       application order) moves to Y. At most one application moves per join.</li>
 *   <li>If step 1 or 2 changed something, every running application's backup is recomputed.
 *       Otherwise Y becomes the backup of every running application allowed on Y, except one
 *       whose backup rule is {@code none} (no backup) or names a server that is up and is not its
 *       running server (that server stays its backup).</li>
 * </ol>
 * Step 2 also runs when applications are stopped but step 1 could start none of them: a stopped
 * application that neither its primary nor Y may run must not keep Y from taking load. In step 3 an
 * application not allowed on Y keeps its backup unless the new configuration made it invalid (then
 * it is selected anew), so a backup is never a server the rule in force disallows.
 */
final class ServerJoin {
    private ServerJoin() {
    }

    static void apply(Workspace ws, String server, String verb) {
        int y = TriggerChecks.notUpServer(ws, server, verb + " server " + server);
        ws.processingServer = y;
        ws.setServerState(y, ServerState.UP, ServerChange.JOINED);

        boolean changed = startStoppedApps(ws, y) || moveOneApp(ws, y);
        if (changed) {
            new BackupSelection(ws).recomputeAll();
        } else {
            becomeBackup(ws, y);
        }
    }

    /** Step 1. */
    private static boolean startStoppedApps(Workspace ws, int y) {
        boolean started = false;
        for (int a : ws.book.order) {
            if (ws.running[a] != Workspace.NONE) {
                continue;
            }
            EffectiveApp rule = ws.rule(a);
            int target;
            String why;
            if (rule.primary != Workspace.NONE && Headroom.placeable(ws, a, rule.primary)) {
                target = rule.primary;
                why = "was stopped: started on its primary";
            } else if (Headroom.placeable(ws, a, y)) {
                target = y;
                why = "was stopped: started on the server that joined";
            } else {
                if (ws.book.constrained && rule.allows(y)) {
                    ws.runningWhy[a] = Headroom.whyNotPlaceable(ws, a, y) + ": stays stopped";
                }
                continue;
            }
            ws.setRunning(a, target, why);
            ws.instruct(new Instruction.Start(ws.appName(a), ws.serverName(target)));
            started = true;
        }
        return started;
    }

    /** Step 2. */
    private static boolean moveOneApp(Workspace ws, int y) {
        int chosen = Workspace.NONE;
        for (int a : ws.book.order) {
            int r = ws.running[a];
            if (r == Workspace.NONE || ws.appCount[r] < 2 || !ws.rule(a).autoMove() || !Headroom.placeable(ws, a, y)) {
                continue;
            }
            // Apps are visited in order, so only a strictly higher load displaces an earlier choice.
            if (chosen == Workspace.NONE || ws.load[r] > ws.load[ws.running[chosen]]) {
                chosen = a;
            }
        }
        if (chosen == Workspace.NONE) {
            return false;
        }
        int from = ws.running[chosen];
        ws.instruct(new Instruction.Move(ws.appName(chosen), ws.serverName(from), ws.serverName(y)));
        ws.setRunning(chosen, y, "autoMove: " + ws.serverName(from) + " ran " + ws.appCount[from]
                + " apps with the highest load (" + Format.load(ws.load[from]) + "); moved to the server that joined");
        return true;
    }

    /**
     * Step 3, when nothing was started or moved, as a pass in app order: {@code none} → none; a named server that is
     * a candidate → it; else Y if it is a candidate; else the current backup if it still is one; else (it had one)
     * backup selection; an app with no backup keeps none. Without capacities and apart pairs every up, allowed
     * server other than the running one is a candidate, so Y backs up every app allowed on it.
     */
    private static void becomeBackup(Workspace ws, int y) {
        BackupSelection selection = new BackupSelection(ws);
        Headroom headroom = Headroom.pass(ws);
        for (int a : ws.book.order) {
            if (ws.running[a] != Workspace.NONE) {
                becomeBackup(ws, y, a, selection, headroom);
            }
            headroom.decided(a);
        }
    }

    private static void becomeBackup(Workspace ws, int y, int a, BackupSelection selection, Headroom headroom) {
        EffectiveApp rule = ws.rule(a);
        if (rule.backupKind == BackupRule.Kind.NONE) {
            ws.setBackup(a, Workspace.NONE, BackupSelection.Why.RULE_NONE);
            return;
        }
        int named = BackupSelection.firstNamed(ws, rule, ws.running[a], s -> headroom.candidate(a, s));
        if (named != Workspace.NONE) {
            ws.setBackup(a, named, BackupSelection.Why.NAMED);
        } else if (headroom.candidate(a, y)) {
            ws.setBackup(a, y, BackupSelection.Why.JOINED);
        } else if (ws.backup[a] != Workspace.NONE && BackupSelection.isValid(ws, a) && headroom.candidate(a, ws.backup[a])) {
            return; // keeps its backup
        } else if (ws.backup[a] != Workspace.NONE) {
            selection.recompute(a, headroom);
        }
    }
}
