package io.baton.core;

import io.baton.api.model.AppRule;
import io.baton.api.model.BackupRule;

import java.util.BitSet;

/** {@code rule(C, A)} of one application for one set of up servers, with server names as indexes. */
final class EffectiveApp {
    final AppRule rule;
    /** Its primary server, or -1. */
    final int primary;
    final BackupRule.Kind backupKind;
    /** The named backup servers in preference order (empty unless NAMED). */
    final int[] named;
    /** The allowed servers in priority order. */
    final int[] allowed;
    final boolean allowsAll;
    private final BitSet allowedSet;

    EffectiveApp(AppRule rule, RuleBook book) {
        this.rule = rule;
        this.primary = rule.primary().map(p -> book.serverIndex(p, "primary of " + rule.name())).orElse(-1);
        this.backupKind = rule.backup().kind();
        this.named = rule.backup().servers().stream()
                .mapToInt(s -> book.serverIndex(s, "backup of " + rule.name())).toArray();
        this.allowedSet = new BitSet(book.serverCount());
        rule.allowed().forEach(s -> allowedSet.set(book.serverIndex(s, "servers of " + rule.name())));
        this.allowed = allowedSet.stream().toArray();
        this.allowsAll = allowed.length == book.serverCount();
    }

    boolean allows(int server) {
        return allowsAll || allowedSet.get(server);
    }

    boolean fixed() {
        return rule.fixed();
    }

    boolean autoMove() {
        return rule.autoMove();
    }
}
