package io.baton.controller;

import io.baton.api.decision.Trigger;

/** Triggers in the words of history entries and logs: "fail a", "move AP1 to c". */
final class Describe {
    private Describe() {
    }

    static String trigger(Trigger t) {
        if (t instanceof Trigger.ClusterStarted s) {
            return "start with " + String.join(", ", s.up());
        } else if (t instanceof Trigger.ServerFailed f) {
            return "fail " + f.server();
        } else if (t instanceof Trigger.ServerDetached d) {
            return "detach " + d.server();
        } else if (t instanceof Trigger.ServerJoined j) {
            return "join " + j.server();
        } else if (t instanceof Trigger.ServerAttached a) {
            return "attach " + a.server();
        } else if (t instanceof Trigger.AppFailed f) {
            return "appFail " + f.app();
        } else if (t instanceof Trigger.MoveRequested m) {
            return "move " + m.app() + " to " + m.to();
        }
        return t.kind();
    }
}
