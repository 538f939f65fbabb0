package io.baton.core;

import io.baton.api.decision.InvalidTriggerException;

import java.util.StringJoiner;

/** The checks that tell a trigger that cannot happen, with messages naming what is wrong. */
final class TriggerChecks {
    private TriggerChecks() {
    }

    static int server(Workspace ws, String name, String action) {
        int s = ws.book.findServer(name);
        if (s < 0) {
            throw new InvalidTriggerException("cannot " + action + ": unknown server " + name
                    + " (servers: " + list(ws.book.serverCount(), ws.book::server) + ")");
        }
        return s;
    }

    static int upServer(Workspace ws, String name, String action) {
        int s = server(ws, name, action);
        if (!ws.isUp(s)) {
            throw new InvalidTriggerException("cannot " + action + ": server " + name + " is "
                    + ws.state[s].label() + ", not up");
        }
        return s;
    }

    static int notUpServer(Workspace ws, String name, String action) {
        int s = server(ws, name, action);
        if (ws.isUp(s)) {
            throw new InvalidTriggerException("cannot " + action + ": server " + name + " is already up");
        }
        return s;
    }

    static int app(Workspace ws, String name, String action) {
        int a = ws.book.findApp(name);
        if (a < 0) {
            throw new InvalidTriggerException("cannot " + action + ": unknown app " + name
                    + " (apps: " + list(ws.book.appCount(), ws.book::app) + ")");
        }
        return a;
    }

    static String list(int count, java.util.function.IntFunction<String> name) {
        StringJoiner joined = new StringJoiner(", ");
        for (int i = 0; i < count; i++) {
            joined.add(name.apply(i));
        }
        return joined.toString();
    }
}
