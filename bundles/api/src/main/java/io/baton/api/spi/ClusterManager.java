package io.baton.api.spi;

import io.baton.api.decision.Instruction;
import org.osgi.annotation.versioning.ConsumerType;

import java.util.Optional;

/**
 * An adapter to the cluster manager that really starts and stops applications (Baton never starts
 * an application itself). Registered as an OSGi service with a {@code baton.adapter} property
 * naming it; the controller selects one by a target filter.
 *
 * <p>Contract for implementations: thread-safe; every operation is idempotent (asking for a
 * state that already holds succeeds without doing anything), because a controller that takes over
 * after a crash repeats the step it was in. When a server fails, the cluster manager itself
 * restarts each application that ran there on that application's backup (if it is up) without
 * waiting for Baton; when an application dies on a live server it restarts it on its backup.
 * Errors are reported as {@link ClusterManagerException} with a message an operator can act on.
 */
@ConsumerType
public interface ClusterManager {

    /** The adapter's short name, e.g. {@code native} or {@code pacemaker}. */
    String name();

    /**
     * The cluster manager's current view: members, placement and backups.
     *
     * @throws ClusterManagerException if the cluster manager cannot be asked, or is not quorate;
     *                                 never reported as "no members"
     */
    ClusterView view() throws ClusterManagerException;

    /** Start a stopped application on a member server. */
    void start(String app, String server) throws ClusterManagerException;

    /** Stop an application on a server. */
    void stop(String app, String server) throws ClusterManagerException;

    /** Stop an application on {@code from} and start it on {@code to}. */
    void move(String app, String from, String to) throws ClusterManagerException;

    /** Make {@code backup} the server the application is taken over to; empty for none. */
    void setBackup(String app, Optional<String> backup) throws ClusterManagerException;

    /** Notifies the listener of every change of the view until the registration is closed. */
    Registration addListener(ClusterManagerListener listener);

    /** Carries out one instruction of a decision. */
    default void execute(Instruction instruction) throws ClusterManagerException {
        if (instruction instanceof Instruction.Start s) {
            start(s.app(), s.server());
        } else if (instruction instanceof Instruction.Stop s) {
            stop(s.app(), s.server());
        } else if (instruction instanceof Instruction.Move m) {
            move(m.app(), m.from(), m.to());
        } else if (instruction instanceof Instruction.SetBackup b) {
            setBackup(b.app(), b.backup());
        } else {
            throw new ClusterManagerException("unsupported instruction " + instruction);
        }
    }
}
