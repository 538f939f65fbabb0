package io.baton.core;

import io.baton.api.model.BackupRule;

import java.util.function.IntPredicate;

/**
 * SPEC "Backup selection": the backup of an application running on server R in configuration C.
 * <ul>
 *   <li>{@code none} → no backup; a named server that is up, allowed and not R → that server;</li>
 *   <li>otherwise, among up allowed servers other than R, an idle one with the lowest load; if
 *       there is none: {@code idle} → no backup, {@code auto} (or a named server that is down) →
 *       the lowest-load server. Ties go to priority order.</li>
 * </ul>
 * Only the candidates {@link Headroom} allows count (with capacities, demands or apart pairs: room for the takeover
 * beside the backups already decided); a server passed over for want of room is named in the reason.
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
        NO_ROOM("no server can take it over"),
        STOPPED("it is stopped"),
        JOINED("the server that joined becomes the backup"),
        LOAD_CHECK("periodic load check: a server with lower load"),
        NO_LONGER_FITS("periodic load check: its backup can no longer take it over");

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

    /** Recomputes every application's backup as a pass in app order: running ones by the rule, stopped ones none. */
    void recomputeAll() {
        Headroom headroom = Headroom.pass(ws);
        for (int a : ws.book.order) {
            recompute(a, headroom);
        }
    }

    /**
     * A repair pass in app order (SPEC "Application failure", reconciliation): a backup that still satisfies the rule
     * and is still a candidate stays; the others, and the applications {@code redo} names, are chosen again.
     */
    void repair(IntPredicate redo) {
        Headroom headroom = Headroom.pass(ws);
        for (int a : ws.book.order) {
            int b = ws.backup[a];
            if (redo.test(a) || (b != Workspace.NONE && !(isValid(ws, a) && headroom.candidate(a, b)))) {
                recompute(a, headroom);
            } else {
                headroom.decided(a);
            }
        }
    }

    /** Recomputes one application's backup by the rule, with the backups {@code headroom} counts as decided. */
    void recompute(int app, Headroom headroom) {
        choose(app, headroom);
        headroom.decided(app);
    }

    private void choose(int app, Headroom headroom) {
        if (ws.running[app] == Workspace.NONE) {
            ws.setBackup(app, Workspace.NONE, Why.STOPPED);
            return;
        }
        if (!ws.book.constrained) {
            Choice c = pick(app, s -> true);
            ws.setBackup(app, c.server(), c.why());
            return;
        }
        // the walk visits servers in the order the rule prefers them: the first one turned down for want of room
        // (or for an apart app) is the one the rule would have taken, and the reason names it
        int[] passedOver = {Workspace.NONE};
        Choice c = pick(app, s -> {
            boolean ok = headroom.candidate(app, s);
            if (!ok && passedOver[0] == Workspace.NONE) {
                passedOver[0] = s;
            }
            return ok;
        });
        boolean noted = passedOver[0] != Workspace.NONE;
        ws.setBackup(app, c.server(), noted && c.server() == Workspace.NONE ? Why.NO_ROOM : c.why());
        if (noted) {
            ws.backupNote[app] = headroom.whyNotCandidate(app, passedOver[0]);
        }
    }

    private record Choice(int server, Why why) {
    }

    /** SPEC "Backup selection" among the up, allowed servers other than the running one that pass {@code ok}. */
    private Choice pick(int app, IntPredicate ok) {
        EffectiveApp rule = ws.rule(app);
        int r = ws.running[app];
        if (rule.backupKind == BackupRule.Kind.NONE) {
            return new Choice(Workspace.NONE, Why.RULE_NONE);
        }
        int named = firstNamed(ws, rule, r, ok);
        if (named != Workspace.NONE) {
            return new Choice(named, Why.NAMED);
        }
        int idle = index.lowestIdle(rule, r, ok);
        if (idle != Workspace.NONE) {
            return new Choice(idle, Why.IDLE_LOWEST);
        }
        if (rule.backupKind == BackupRule.Kind.IDLE) {
            return new Choice(Workspace.NONE, Why.NO_IDLE);
        }
        int lowest = index.lowestUp(rule, r, ok);
        return new Choice(lowest, lowest == Workspace.NONE ? Why.NO_CANDIDATE : Why.LOWEST_LOAD);
    }

    /** The first named backup that is up, allowed and not the running server; NONE if there is none. */
    static int firstNamed(Workspace ws, EffectiveApp rule, int running) {
        return firstNamed(ws, rule, running, s -> true);
    }

    /** As above, among the named servers that pass {@code ok} too. */
    static int firstNamed(Workspace ws, EffectiveApp rule, int running, IntPredicate ok) {
        for (int s : rule.named) {
            if (s != running && ws.isUp(s) && rule.allows(s) && ok.test(s)) {
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
