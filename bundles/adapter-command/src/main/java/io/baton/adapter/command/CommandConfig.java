package io.baton.adapter.command;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the command-line adapter (PID {@code io.baton.adapter.command}). Each command is
 * one command line, split into arguments like a shell would split it (quotes, backslashes) but never
 * run by a shell; placeholders are replaced inside each argument, so a value stays one argument.
 */
@ObjectClassDefinition(name = "Baton command-line cluster-manager adapter",
        description = "Drives any CLI-driven cluster manager through configured command lines.")
public @interface CommandConfig {
    String PID = "io.baton.adapter.command";

    @AttributeDefinition(description = "Prints the member (online) nodes, matched line by line with membersPattern.")
    String membersCommand();

    @AttributeDefinition(description = "Prints where each application runs, matched line by line with statusPattern.")
    String statusCommand();

    @AttributeDefinition(description = "Starts application {app} on node {node}.")
    String startCommand();

    @AttributeDefinition(description = "Stops application {app}, which runs on node {node}.")
    String stopCommand();

    @AttributeDefinition(required = false, description = "Moves application {app} from node {from} to node "
            + "{to}; empty: a move is the stop command, then the start command.")
    String moveCommand() default "";

    @AttributeDefinition(required = false, description = "Makes node {backup} the one application {app} is "
            + "taken over to ({backup} is empty for none); empty: backups are only recorded in the view.")
    String setBackupCommand() default "";

    @AttributeDefinition(min = "1", description = "Seconds a command may run before it and its child processes "
            + "are killed and the operation fails.")
    int timeoutSeconds() default 30;

    @AttributeDefinition(min = "1", description = "Seconds between two runs of the members and status commands "
            + "that detect changes of the view.")
    int pollIntervalSeconds() default 2;

    @AttributeDefinition(description = "Regular expression applied to each line of the status output, with "
            + "named groups app and node; a node of '-' or empty means stopped; other lines are ignored.")
    String statusPattern() default "^\\s*(?<app>\\S+)\\s+(?<node>\\S+)\\s*$";

    @AttributeDefinition(description = "Regular expression applied to each line of the members output, with a "
            + "named group node; other lines are ignored.")
    String membersPattern() default "^\\s*(?<node>\\S+)\\s*$";
}
