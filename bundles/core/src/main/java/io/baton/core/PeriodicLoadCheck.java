package io.baton.core;

import io.baton.api.model.BackupRule;

/**
 * SPEC "Periodic load check": for every running application with a backup, {@code fixed} off and
 * a backup rule other than {@code none}, take the lowest-load candidate (every up, allowed server
 * other than its running server; for {@code idle}, idle ones only; ties: priority order). If its
 * load is lower than the current backup's by more than {@code loadHysteresis}, it becomes the backup.
 */
final class PeriodicLoadCheck {
    private PeriodicLoadCheck() {
    }

    static void apply(Workspace ws) {
        double hysteresis = ws.book.rules.loadHysteresis();
        ServerIndex index = new ServerIndex(ws);
        for (int a = 0; a < ws.apps; a++) {
            int current = ws.backup[a];
            EffectiveApp rule = ws.rule(a);
            if (current == Workspace.NONE || rule.fixed() || rule.backupKind == BackupRule.Kind.NONE) {
                continue;
            }
            int r = ws.running[a];
            int best = rule.backupKind == BackupRule.Kind.IDLE ? index.lowestIdle(rule, r) : index.lowestUp(rule, r);
            if (best != Workspace.NONE && best != current && ws.load[current] - ws.load[best] > hysteresis) {
                ws.setBackup(a, best, BackupSelection.Why.LOAD_CHECK);
            }
        }
    }
}
