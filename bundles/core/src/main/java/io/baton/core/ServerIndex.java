package io.baton.core;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntPredicate;

/**
 * The up servers and the idle up servers (running no application), each sorted by load and then
 * priority, so the lowest-load candidate for an application is found without scanning every
 * server. Built for one placement; rebuild after applications move.
 */
final class ServerIndex {
    private static final IntPredicate ANY = s -> true;

    private final Workspace ws;
    private final int[] upByLoad;
    private final int[] idleByLoad;

    ServerIndex(Workspace ws) {
        this.ws = ws;
        Comparator<Integer> byLoadThenPriority = Comparator.<Integer>comparingDouble(s -> ws.load[s])
                .thenComparingInt(s -> s);
        Integer[] upServers = ws.up.stream().boxed().sorted(byLoadThenPriority).toArray(Integer[]::new);
        this.upByLoad = Arrays.stream(upServers).mapToInt(Integer::intValue).toArray();
        this.idleByLoad = Arrays.stream(upByLoad).filter(this::isIdle).toArray();
    }

    boolean isIdle(int server) {
        return ws.isUp(server) && ws.appCount[server] == 0;
    }

    /** The lowest-load up server the application allows, other than {@code exclude}; -1 if none. */
    int lowestUp(EffectiveApp app, int exclude) {
        return lowest(upByLoad, app, exclude, false, ANY);
    }

    /** The lowest-load idle server the application allows, other than {@code exclude}; -1 if none. */
    int lowestIdle(EffectiveApp app, int exclude) {
        return lowest(idleByLoad, app, exclude, true, ANY);
    }

    /** As {@link #lowestUp}, among the servers that pass {@code also} too. */
    int lowestUp(EffectiveApp app, int exclude, IntPredicate also) {
        return lowest(upByLoad, app, exclude, false, also);
    }

    /** As {@link #lowestIdle}, among the servers that pass {@code also} too. */
    int lowestIdle(EffectiveApp app, int exclude, IntPredicate also) {
        return lowest(idleByLoad, app, exclude, true, also);
    }

    private int lowest(int[] sorted, EffectiveApp app, int exclude, boolean idleOnly, IntPredicate also) {
        if (app.allowsAll || app.allowed.length * 4 >= sorted.length) {
            for (int s : sorted) {
                if (s != exclude && app.allows(s) && also.test(s)) {
                    return s;
                }
            }
            return Workspace.NONE;
        }
        // Few allowed servers: look only at those instead of walking the whole sorted list.
        int best = Workspace.NONE;
        for (int s : app.allowed) {
            boolean candidate = s != exclude && (idleOnly ? isIdle(s) : ws.isUp(s)) && also.test(s);
            if (candidate && (best == Workspace.NONE || ws.load[s] < ws.load[best])) {
                best = s;
            }
        }
        return best;
    }
}
