package io.baton.adapter.pacemaker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the Pacemaker adapter (PID {@code io.baton.adapter.pacemaker}). Every attribute has a
 * default: an empty configuration drives the local node's Pacemaker with the tools on the PATH.
 */
@ObjectClassDefinition(name = "Baton Pacemaker cluster-manager adapter",
        description = "Drives Pacemaker through crm_mon, crm_resource and cibadmin; Baton's running server and "
                + "backup of each application become location constraints with ids baton-<resource>.")
public @interface PacemakerConfig {
    String PID = "io.baton.adapter.pacemaker";

    @AttributeDefinition(min = "50", description = "Milliseconds between two polls of crm_mon that detect "
            + "changes of membership and placement.")
    int pollIntervalMillis() default 2000;

    @AttributeDefinition(min = "100", description = "Milliseconds a Pacemaker command may run before it is "
            + "killed and the operation fails.")
    int commandTimeoutMillis() default 20000;

    @AttributeDefinition(min = "0", description = "Milliseconds an instruction waits for Pacemaker to carry it "
            + "out (a start confirmed, a stop confirmed), and for a takeover under way to finish before Baton "
            + "rewrites the application's constraint.")
    int settleTimeoutMillis() default 30000;

    @AttributeDefinition(description = "Score of the location rule baton-run-<resource> on the running server.")
    int runScore() default 200;

    @AttributeDefinition(description = "Score of the location rule baton-backup-<resource> on the backup server; "
            + "positive and lower than runScore.")
    int backupScore() default 100;

    @AttributeDefinition(description = "resource-stickiness meta attribute Baton sets on each resource it "
            + "places; with backupScore + stickiness > runScore a recovered server does not take its "
            + "application back on its own (Baton decides).")
    int stickiness() default 150;

    @AttributeDefinition(description = "Adds the rule baton-only-<resource> (-INFINITY on every node other than "
            + "the running server and the backup), so that no other server runs the application.")
    boolean exclusive() default true;

    @AttributeDefinition(required = false, description = "Resource id = this prefix + Baton application name; "
            + "resources whose id does not start with it are not Baton's and are ignored. Empty: identity.")
    String resourcePrefix() default "";

    @AttributeDefinition(required = false, description = "Directory of crm_mon, crm_resource and cibadmin; "
            + "empty: found on the PATH.")
    String toolDirectory() default "";

    @AttributeDefinition(required = false, description = "CIB_file for the commands (work on a CIB file "
            + "instead of the live cluster, e.g. for tests); empty: the live cluster.")
    String cibFile() default "";

    @AttributeDefinition(required = false, description = "Extra environment of the commands, NAME=VALUE each.")
    String[] environment() default {};

    @AttributeDefinition(required = false, description = "Words put before every command, split at white space, "
            + "e.g. 'nsenter -t 1234 -n -m -p -u --' to run the commands inside another node's namespaces or "
            + "'ssh node1'; empty: run them directly.")
    String commandPrefix() default "";
}
