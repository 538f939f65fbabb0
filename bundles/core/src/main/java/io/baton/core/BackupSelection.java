package io.baton.core;

import io.baton.api.model.BackupRule;

/**
 * SPEC "Backup selection": the backup of an application running on server R in configuration C.
 * <ul>
 *   <li>{@code none} → no backup; a named server that is up, allowed and not R → that server;</li>
 *   <li>otherwise, among up allowed servers other than R, an idle one with the lowest load; if
 *       there is none: {@code idle} → no backup, {@code auto} (or a named server that is down) →
 *       the lowest-load server. Ties go to priority order.</li>
 * </ul>
 */
final class BackupSelection {

    /** Why a backup is what it is; the phrase appears in reasons. */
    enum Why {
        UNCHANGED(""),
        RULE_NONE("its backup rule is none"),
        NAMED("its named backup"),
        IDLE_LOWEST("the lowest-load idle server"),
        LOWEST_LOAD("no idle server: the lowest-load server"),
        NO_IDLE("no idle server and its backup rule is idle"),
        NO_CANDIDATE("no other allowed server is up"),
        STOPPED("it is stopped"),
        JOINED("the server that joined becomes the backup"),
        LOAD_CHECK("periodic load check: a server with lower load");

        final String phrase;

        Why(String phrase) {
            this.phrase = phrase;
        }
    }

    private final Workspace ws;
    private final ServerIndex index;

    BackupSelection(Workspace ws) {
        this.ws = ws;
        this.index = new ServerIndex(ws);
    }

    /** Recomputes the backup of every application: running ones by the rule, stopped ones none. */
    void recomputeAll() {
        for (int a = 0; a < ws.apps; a++) {
            recompute(a);
        }
    }

    /** Recomputes one application's backup by the rule. */
    void recompute(int app) {
        if (ws.running[app] == Workspace.NONE) {
            ws.setBackup(app, Workspace.NONE, Why.STOPPED);
            return;
        }
        EffectiveApp rule = ws.rule(app);
        int r = ws.running[app];
        if (rule.backupKind == BackupRule.Kind.NONE) {
            ws.setBackup(app, Workspace.NONE, Why.RULE_NONE);
            return;
        }
        int named = firstNamed(ws, rule, r);
        if (named != Workspace.NONE) {
            ws.setBackup(app, named, Why.NAMED);
            return;
        }
        int idle = index.lowestIdle(rule, r);
        if (idle != Workspace.NONE) {
            ws.setBackup(app, idle, Why.IDLE_LOWEST);
        } else if (rule.backupKind == BackupRule.Kind.IDLE) {
            ws.setBackup(app, Workspace.NONE, Why.NO_IDLE);
        } else {
            int lowest = index.lowestUp(rule, r);
            ws.setBackup(app, lowest, lowest == Workspace.NONE ? Why.NO_CANDIDATE : Why.LOWEST_LOAD);
        }
    }

    /** The first named backup that is up, allowed and not the running server; NONE if there is none. */
    static int firstNamed(Workspace ws, EffectiveApp rule, int running) {
        for (int s : rule.named) {
            if (s != running && ws.isUp(s) && rule.allows(s)) {
                return s;
            }
        }
        return Workspace.NONE;
    }

    /** Whether the application's current backup still satisfies {@code rule(C, A)}: up, allowed, not its running server. */
    static boolean isValid(Workspace ws, int app) {
        int b = ws.backup[app];
        EffectiveApp rule = ws.rule(app);
        if (b == Workspace.NONE) {
            return true;
        }
        return rule.backupKind != BackupRule.Kind.NONE && b != ws.running[app] && ws.isUp(b) && rule.allows(b);
    }
}
