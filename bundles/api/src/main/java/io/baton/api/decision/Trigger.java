package io.baton.api.decision;

import io.baton.api.model.Placement;

import java.util.List;
import java.util.Objects;

/**
 * An event the controller reacts to. Triggers that follow an action the cluster manager took on
 * its own (a server or an application failing) carry the placement the cluster manager reports
 * after that action, because the controller must start from the real state (SPEC "Server leaves",
 * step 1).
 */
public sealed interface Trigger {

    /** A short lower-case name of the trigger kind, as used in history and JSON. */
    String kind();

    /** The cluster forms with these servers up, in any order. */
    record ClusterStarted(List<String> up) implements Trigger {
        public ClusterStarted {
            up = List.copyOf(up);
        }

        @Override
        public String kind() {
            return "start";
        }
    }

    /** A server left without being asked to; {@code observed} is the cluster manager's placement after its own takeover. */
    record ServerFailed(String server, Placement observed) implements Trigger {
        public ServerFailed {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(observed, "observed");
        }

        @Override
        public String kind() {
            return "fail";
        }
    }

    /** An operator takes a server out of the cluster; its applications are handed to their backups first. */
    record ServerDetached(String server) implements Trigger {
        public ServerDetached {
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String kind() {
            return "detach";
        }
    }

    /** A failed or never-started server became a member. */
    record ServerJoined(String server) implements Trigger {
        public ServerJoined {
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String kind() {
            return "join";
        }
    }

    /** An operator puts a server (back) into the cluster; handled exactly as a join. */
    record ServerAttached(String server) implements Trigger {
        public ServerAttached {
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String kind() {
            return "attach";
        }
    }

    /** The periodic load check, driven by the load updater on the controller's server. */
    record LoadTick() implements Trigger {
        @Override
        public String kind() {
            return "tick";
        }
    }

    /**
     * An application died while its server stayed up; {@code observed} is the cluster manager's
     * placement after it restarted the application on its backup (or left it stopped).
     */
    record AppFailed(String app, Placement observed) implements Trigger {
        public AppFailed {
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(observed, "observed");
        }

        @Override
        public String kind() {
            return "appFail";
        }
    }

    /** An operator moves an application to a server (a stopped application is started there). */
    record MoveRequested(String app, String to) implements Trigger {
        public MoveRequested {
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String kind() {
            return "move";
        }
    }

    /**
     * A controller took over, or the cluster-manager adapter was replaced: bring the tables and the
     * cluster manager into line. Rows still flagged as processing are finished (their intended
     * placement is instructed again where the cluster manager differs); other rows adopt where the
     * cluster manager really runs each application, except that an application the tables have
     * running on an up server but the cluster manager has stopped is started again (nothing is
     * lost in a swap). Every running application's backup is then set on the cluster manager.
     *
     * An interrupted detach whose server is still a member is undone (the server is up again), so
     * the operator's request, still pending, is redone from the real placement; an interrupted
     * instruction towards a server that is not a member is not redone.
     *
     * @param observed the cluster manager's placement
     * @param backups  the backups the cluster manager has, application to server
     * @param members  the servers the cluster manager has as members, or null when not known (every
     *                 server the tables have up is then taken as one)
     */
    record Reconcile(Placement observed, java.util.Map<String, String> backups, java.util.Set<String> members)
            implements Trigger {
        public Reconcile {
            Objects.requireNonNull(observed, "observed");
            backups = java.util.Map.copyOf(backups);
            members = members == null ? null : java.util.Set.copyOf(members);
        }

        /** Without the cluster manager's membership (every server the tables have up is taken as a member). */
        public Reconcile(Placement observed, java.util.Map<String, String> backups) {
            this(observed, backups, null);
        }

        /** Whether the cluster manager has this server as a member (true when membership is not known). */
        public boolean isMember(String server) {
            return members == null || members.contains(server);
        }

        @Override
        public String kind() {
            return "reconcile";
        }
    }

    /** A new rule file is in force; it applies from the next decision on, so nothing moves now. */
    record RulesDeployed() implements Trigger {
        @Override
        public String kind() {
            return "deploy";
        }
    }
}
