package io.baton.core;

import io.baton.api.decision.Decision;
import io.baton.api.decision.Instruction;
import io.baton.api.decision.Reason;
import io.baton.api.decision.Trigger;
import io.baton.api.model.AppStatus;
import io.baton.api.model.ClusterState;
import io.baton.api.model.ServerLoad;
import io.baton.api.model.ServerStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a finished {@link Workspace} into a {@link Decision}: placement instructions first, then a
 * backup instruction for every application whose backup changed or that now runs elsewhere; the
 * tables with and without processing flags; one reason per changed row.
 */
final class Outcome {
    private Outcome() {
    }

    static Decision of(Workspace ws, Trigger trigger, List<Reason> extraReasons) {
        List<Instruction> instructions = new ArrayList<>(ws.placement);
        boolean[] instructed = new boolean[ws.apps];
        for (Instruction i : ws.placement) {
            int a = ws.book.findApp(i.app());
            if (a >= 0) {
                instructed[a] = true;
            }
        }
        for (int a = 0; a < ws.apps; a++) {
            boolean moved = ws.running[a] != ws.runningBefore[a];
            boolean managerDiffers = ws.managerBackups != null && ws.managerBackups[a] != ws.backup[a];
            if (ws.backup[a] != ws.backupBefore[a] || (moved && ws.running[a] != Workspace.NONE) || managerDiffers) {
                instructions.add(new Instruction.SetBackup(ws.appName(a), server(ws, ws.backup[a])));
                instructed[a] = true;
            }
        }

        Map<String, ServerStatus> servers = new LinkedHashMap<>();
        Map<String, ServerLoad> loads = new LinkedHashMap<>();
        List<Reason> reasons = new ArrayList<>();
        for (int s = 0; s < ws.servers; s++) {
            String name = ws.serverName(s);
            ServerStatus was = ws.before.server(name);
            servers.put(name, new ServerStatus(name, ws.state[s], ws.change[s], false));
            ws.before.load(name).ifPresent(l -> loads.put(name, l));
            if (was.state() != ws.state[s]) {
                reasons.add(new Reason(name, was.state().label() + " → " + ws.state[s].label()));
            }
        }
        Map<String, AppStatus> apps = new LinkedHashMap<>();
        for (int a = 0; a < ws.apps; a++) {
            String name = ws.appName(a);
            apps.put(name, new AppStatus(name, server(ws, ws.running[a]), server(ws, ws.backup[a]), false));
            appReason(ws, a).ifPresent(reasons::add);
        }
        reasons.addAll(extraReasons);
        ClusterState settled = new ClusterState(servers, loads, apps);
        return new Decision(trigger, flagged(ws, settled, instructed), settled, instructions, reasons);
    }

    /** The settled tables with the rows under way flagged (SPEC "Processing flags"). */
    private static ClusterState flagged(Workspace ws, ClusterState settled, boolean[] instructed) {
        Map<String, ServerStatus> servers = settled.servers();
        if (ws.processingServer != Workspace.NONE) {
            servers = new LinkedHashMap<>(servers);
            String name = ws.serverName(ws.processingServer);
            servers.put(name, servers.get(name).withProcessing(true));
        }
        Map<String, AppStatus> apps = new LinkedHashMap<>(settled.apps());
        for (int a = 0; a < ws.apps; a++) {
            if (instructed[a]) {
                apps.computeIfPresent(ws.appName(a), (k, row) -> row.withProcessing(true));
            }
        }
        return new ClusterState(servers, settled.loads(), apps);
    }

    private static Optional<Reason> appReason(Workspace ws, int a) {
        List<String> parts = new ArrayList<>(2);
        if (ws.running[a] != ws.runningBefore[a] || ws.runningWhy[a] != null) {
            String change = ws.running[a] == ws.runningBefore[a] ? "running " + ws.serverName(ws.running[a])
                    : "running " + ws.serverName(ws.runningBefore[a]) + " → " + ws.serverName(ws.running[a]);
            parts.add(change + (ws.runningWhy[a] == null ? "" : " (" + ws.runningWhy[a] + ")"));
        }
        boolean leftWithout = ws.backup[a] == Workspace.NONE && ws.running[a] != Workspace.NONE && ws.backupNote[a] != null;
        if (ws.backup[a] != ws.backupBefore[a] || leftWithout) {
            BackupSelection.Why why = ws.backupWhy[a];
            String load = ws.backup[a] == Workspace.NONE ? "" : ", load " + Format.load(ws.load[ws.backup[a]]);
            String note = ws.backupNote[a] == null ? "" : "; " + ws.backupNote[a];
            String change = ws.backup[a] == ws.backupBefore[a] ? ws.serverName(ws.backup[a])
                    : ws.serverName(ws.backupBefore[a]) + " → " + ws.serverName(ws.backup[a]);
            parts.add("backup " + change + " (" + why.phrase + load + note + ")");
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(new Reason(ws.appName(a), String.join("; ", parts)));
    }

    private static Optional<String> server(Workspace ws, int server) {
        return server == Workspace.NONE ? Optional.empty() : Optional.of(ws.serverName(server));
    }
}
