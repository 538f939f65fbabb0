package io.baton.adapter.nativecm;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the native cluster manager (PID {@value NativeClusterManager#PID}). */
@ObjectClassDefinition(name = "Baton native cluster manager",
        description = "Baton's own cluster manager: starts applications as OS processes and takes them over.")
public @interface NativeConfig {

    @AttributeDefinition(description = "How long start/stop/move/setBackup wait for the target node to confirm.")
    int instructionTimeoutSeconds() default 10;

    @AttributeDefinition(description = "How long view() waits for takeovers under way to finish, so the controller"
            + " reads the placement after the cluster manager's own takeover.")
    long settleTimeoutMillis() default 3000;

    @AttributeDefinition(description = "Time between SIGTERM to an app's process tree and SIGKILL.")
    long stopGracePeriodMillis() default 5000;

    @AttributeDefinition(description = "Directory that relative working directories are resolved against;"
            + " empty means ${karaf.base}, else the current directory.")
    String baseDirectory() default "";

    @AttributeDefinition(description = "Where each app's stdout and stderr are appended (<app>.log);"
            + " empty means ${karaf.data}/baton/logs.")
    String logDirectory() default "";

    @AttributeDefinition(description = "Where pid files (<app>.pid) are kept so a restarted agent finds its"
            + " processes; empty means ${karaf.data}/baton/run.")
    String runDirectory() default "";

    @AttributeDefinition(description = "Stop the local apps when the component stops (bundle stop, Karaf"
            + " shutdown). When false they keep running and are adopted from their pid files on restart.")
    boolean stopAppsOnDeactivate() default true;

    @AttributeDefinition(description = "Run the watchdog: a small bash script (${karaf.data}/baton/watchdog.sh) outside"
            + " the JVM, renewed every 100 ms up to the end of this node's lease (the shared store's: a majority"
            + " acknowledged it). If the JVM freezes (kill -STOP, a very long pause) or the lease runs out, it"
            + " SIGKILLs the local apps at the lease's end; if the JVM dies (kill -9), at once. Needs bash and setsid.")
    boolean watchdog() default true;
}
