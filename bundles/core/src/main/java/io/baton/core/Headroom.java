package io.baton.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SPEC "Capacity, separation and priority": where an application may run (placeable) and which servers may back it
 * up (candidates: up, allowed, not its running server R, no app apart from it there, and room for its takeover
 * together with the apps on R already decided to be backed up there). One per pass over the backups: it sums, per
 * (running server, backup) pair, the demands of the applications decided so far. So no single failure overloads a
 * server or brings apart apps together. Without capacities, demands and apart pairs every up, allowed server other
 * than R is a candidate, as the rules were before.
 */
final class Headroom {
    /** Sums of small decimal demands are compared with this much slack. */
    private static final double EPSILON = 1e-9;

    private final Workspace ws;
    private final boolean[] decided;
    /** (R × servers + S) → the decided apps running on R with backup S, and their summed demand. */
    private final Map<Long, Takeover> takeover = new HashMap<>();

    private record Takeover(double[] demand, List<Integer> apps) {
    }

    private Headroom(Workspace ws) {
        this.ws = ws;
        this.decided = new boolean[ws.apps];
    }

    /** For a pass in app order: nothing decided yet. */
    static Headroom pass(Workspace ws) {
        return new Headroom(ws);
    }

    /** For one application alone: every other application's backup counts as decided. */
    static Headroom allBut(Workspace ws, int app) {
        Headroom h = new Headroom(ws);
        for (int a = 0; a < ws.apps; a++) {
            if (a != app) {
                h.decided(a);
            }
        }
        return h;
    }

    /** The application's backup is decided: a later candidate check counts its takeover. */
    void decided(int app) {
        if (decided[app]) {
            return;
        }
        decided[app] = true;
        int r = ws.running[app];
        int b = ws.backup[app];
        if (ws.book.constrained && r != Workspace.NONE && b != Workspace.NONE) {
            Takeover t = takeover.computeIfAbsent(key(r, b),
                    k -> new Takeover(new double[ws.book.dimensions.length], new ArrayList<>(2)));
            double[] demand = ws.book.demand[app];
            for (int d = 0; d < demand.length; d++) {
                t.demand()[d] += demand[d];
            }
            t.apps().add(app);
        }
    }

    /** Whether {@code server} may be the application's backup now. */
    boolean candidate(int app, int server) {
        int r = ws.running[app];
        if (server == r || !ws.isUp(server) || !ws.rule(app).allows(server)) {
            return false;
        }
        if (!ws.book.constrained) {
            return true;
        }
        for (int x : ws.book.apart[app]) {
            if (ws.running[x] == server || (ws.running[x] == r && decided[x] && ws.backup[x] == server)) {
                return false;
            }
        }
        Takeover t = takeover.get(key(r, server));
        double[] cap = ws.book.capacity[server];
        double[] demand = ws.book.demand[app];
        for (int d = 0; d < cap.length; d++) {
            if (ws.used[server][d] + demand[d] + (t == null ? 0 : t.demand()[d]) > cap[d] + EPSILON) {
                return false;
            }
        }
        return true;
    }

    /** Why an up, allowed server other than its running one cannot back the application up; null when it can. */
    String whyNotCandidate(int app, int server) {
        int r = ws.running[app];
        String name = ws.appName(app);
        String s = ws.serverName(server);
        for (int x : ws.book.apart[app]) {
            if (ws.running[x] == server) {
                return name + " kept apart from " + ws.appName(x) + " (on " + s + ")";
            }
            if (ws.running[x] == r && decided[x] && ws.backup[x] == server) {
                return name + " kept apart from " + ws.appName(x) + " (" + s + " takes " + ws.appName(x) + " over too)";
            }
        }
        Takeover t = takeover.get(key(r, server));
        double[] cap = ws.book.capacity[server];
        double[] demand = ws.book.demand[app];
        StringBuilder dimensions = null; // built by hand: a decision may explain thousands of backups
        for (int d = 0; d < cap.length; d++) {
            if (ws.used[server][d] + demand[d] + (t == null ? 0 : t.demand()[d]) > cap[d] + EPSILON) {
                dimensions = (dimensions == null ? new StringBuilder() : dimensions.append(", "))
                        .append(ws.book.dimensions[d]);
            }
        }
        if (dimensions == null) {
            return null;
        }
        if (t == null || !fits(ws, app, server, 0)) {
            return s + " has no room to take " + name + " over (" + shortage(ws, app, server) + ")";
        }
        StringBuilder text = new StringBuilder(64).append(s).append(" cannot take ").append(name)
                .append(" over together with ");
        for (int i = 0; i < t.apps().size(); i++) {
            text.append(i == 0 ? "" : ", ").append(ws.appName(t.apps().get(i)));
        }
        return text.append(" (").append(dimensions).append(')').toString();
    }

    /** SPEC "placeable": up, allowed, no app apart from it there, its demand fits beside what the server runs. */
    static boolean placeable(Workspace ws, int app, int server) {
        if (!ws.isUp(server) || !ws.rule(app).allows(server)) {
            return false;
        }
        return !ws.book.constrained || whyNotPlaceable(ws, app, server) == null;
    }

    /** Why the application cannot run on an up, allowed server; null when it can. */
    static String whyNotPlaceable(Workspace ws, int app, int server) {
        for (int x : ws.book.apart[app]) {
            if (ws.running[x] == server) {
                return ws.appName(app) + " kept apart from " + ws.appName(x) + " (on " + ws.serverName(server) + ")";
            }
        }
        if (!fits(ws, app, server, ws.running[app] == server ? 1 : 0)) {
            return ws.serverName(server) + " has no room for " + ws.appName(app) + " (" + shortage(ws, app, server) + ")";
        }
        return null;
    }

    /**
     * Why no up, allowed server can run the application, e.g. "no server has room for AP3 (cpu 4 needed, most free
     * 2)" or "AP4 kept apart from AP2 (on c)".
     */
    static String nowhere(Workspace ws, int app) {
        String apartOnly = null;
        double[] mostFree = new double[ws.book.dimensions.length];
        Arrays.fill(mostFree, Double.NEGATIVE_INFINITY);
        boolean anyUp = false;
        for (int s = 0; s < ws.servers; s++) {
            if (!ws.isUp(s) || !ws.rule(app).allows(s)) {
                continue;
            }
            anyUp = true;
            String why = whyNotPlaceable(ws, app, s);
            if (why != null && fits(ws, app, s, 0) && apartOnly == null) {
                apartOnly = why;
            }
            for (int d = 0; d < mostFree.length; d++) {
                mostFree[d] = Math.max(mostFree[d], ws.book.capacity[s][d] - ws.used[s][d]);
            }
        }
        if (!anyUp) {
            return "no allowed server is up";
        }
        if (apartOnly != null) {
            return apartOnly;
        }
        List<String> parts = new ArrayList<>();
        double[] demand = ws.book.demand[app];
        for (int d = 0; d < demand.length; d++) {
            if (demand[d] > mostFree[d] + EPSILON) {
                parts.add(ws.book.dimensions[d] + " " + Format.amount(demand[d]) + " needed, most free "
                        + Format.amount(Math.max(0, mostFree[d])));
            }
        }
        return "no server has room for " + ws.appName(app) + " ("
                + (parts.isEmpty() ? "no server has room in every dimension at once" : String.join("; ", parts)) + ")";
    }

    /** Whether the demand fits beside what the server runs ({@code already}: 1 when the app is counted there). */
    private static boolean fits(Workspace ws, int app, int server, int already) {
        double[] cap = ws.book.capacity[server];
        double[] demand = ws.book.demand[app];
        for (int d = 0; d < cap.length; d++) {
            if (ws.used[server][d] + (1 - already) * demand[d] > cap[d] + EPSILON) {
                return false;
            }
        }
        return true;
    }

    /** "cpu 4 needed, 2 free" for each dimension that does not fit beside what the server runs. */
    private static String shortage(Workspace ws, int app, int server) {
        List<String> parts = new ArrayList<>();
        double[] cap = ws.book.capacity[server];
        double[] demand = ws.book.demand[app];
        int already = ws.running[app] == server ? 1 : 0;
        for (int d = 0; d < cap.length; d++) {
            double free = cap[d] - ws.used[server][d] + already * demand[d];
            if (demand[d] > free + EPSILON) {
                parts.add(ws.book.dimensions[d] + " " + Format.amount(demand[d]) + " needed, "
                        + Format.amount(Math.max(0, free)) + " free");
            }
        }
        return parts.isEmpty() ? "not with what it would take over" : String.join("; ", parts);
    }

    private long key(int running, int backup) {
        return (long) running * ws.servers + backup;
    }
}
