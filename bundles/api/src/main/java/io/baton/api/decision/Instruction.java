package io.baton.api.decision;

import java.util.Objects;
import java.util.Optional;

/**
 * One step the controller asks the cluster manager to take. Every instruction is idempotent: a
 * controller that takes over after a crash may send it again.
 */
public sealed interface Instruction {

    /** The application the instruction is about. */
    String app();

    /** Start a stopped application on a server. */
    record Start(String app, String server) implements Instruction {
        public Start {
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String toString() {
            return "start " + app + " on " + server;
        }
    }

    /** Stop an application running on a server. */
    record Stop(String app, String server) implements Instruction {
        public Stop {
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(server, "server");
        }

        @Override
        public String toString() {
            return "stop " + app + " on " + server;
        }
    }

    /** Stop an application on one server and start it on another. */
    record Move(String app, String from, String to) implements Instruction {
        public Move {
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String toString() {
            return "move " + app + " from " + from + " to " + to;
        }
    }

    /** Make a server the one that takes the application over if its running server fails; empty for none. */
    record SetBackup(String app, Optional<String> backup) implements Instruction {
        public SetBackup {
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(backup, "backup");
        }

        @Override
        public String toString() {
            return "set backup of " + app + " to " + backup.orElse("none");
        }
    }
}
