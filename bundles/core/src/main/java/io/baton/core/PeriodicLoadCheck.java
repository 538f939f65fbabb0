package io.baton.core;

import io.baton.api.model.BackupRule;

import java.util.function.IntPredicate;

/**
 * SPEC "Periodic load check": for every running application with a backup, {@code fixed} off and
 * a backup rule other than {@code none}, take the lowest-load candidate (every up, allowed server
 * other than its running server; for {@code idle}, idle ones only; ties: priority order). If its
 * load is lower than the current backup's by more than {@code loadHysteresis}, it becomes the backup.
 * A pass in app order: with capacities or apart pairs, a backup that can no longer take its app over (beside the
 * apps skipped and those before it) is replaced by the lowest-load candidate, or none.
 */
final class PeriodicLoadCheck {
    private PeriodicLoadCheck() {
    }

    static void apply(Workspace ws) {
        double hysteresis = ws.book.rules.loadHysteresis();
        ServerIndex index = new ServerIndex(ws);
        Headroom headroom = Headroom.pass(ws);
        for (int a = 0; a < ws.apps; a++) {
            if (skipped(ws, a)) {
                headroom.decided(a); // skipped apps keep their backups, decided from the start of the pass
            }
        }
        for (int a : ws.book.order) {
            if (skipped(ws, a)) {
                continue;
            }
            int current = ws.backup[a];
            EffectiveApp rule = ws.rule(a);
            int r = ws.running[a];
            IntPredicate candidate = s -> headroom.candidate(a, s);
            int best = rule.backupKind == BackupRule.Kind.IDLE ? index.lowestIdle(rule, r, candidate)
                    : index.lowestUp(rule, r, candidate);
            if (ws.book.constrained && !headroom.candidate(a, current)) {
                String why = current == r || !ws.isUp(current) || !rule.allows(current) ? null : headroom.whyNotCandidate(a, current);
                ws.setBackup(a, best, BackupSelection.Why.NO_LONGER_FITS);
                ws.backupNote[a] = why;
            } else if (best != Workspace.NONE && best != current && ws.load[current] - ws.load[best] > hysteresis) {
                ws.setBackup(a, best, BackupSelection.Why.LOAD_CHECK);
            }
            headroom.decided(a);
        }
    }

    /** Stopped, without a backup, {@code fixed} or with backup rule {@code none}: the check leaves it alone. */
    private static boolean skipped(Workspace ws, int a) {
        EffectiveApp rule = ws.rule(a);
        return ws.backup[a] == Workspace.NONE || rule.fixed() || rule.backupKind == BackupRule.Kind.NONE;
    }
}
