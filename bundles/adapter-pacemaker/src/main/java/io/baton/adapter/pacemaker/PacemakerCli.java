package io.baton.adapter.pacemaker;

import io.baton.api.spi.ClusterManagerException;
import io.baton.support.CommandResult;
import io.baton.support.CommandRunner;

import java.util.List;
import java.util.Map;

/**
 * Pacemaker's command-line tools as Java calls: {@code crm_mon} for the status, {@code cibadmin} for
 * Baton's constraints, {@code crm_resource} for meta attributes. Every call names its command in its error.
 */
class PacemakerCli {
    /** cibadmin's and crm_resource's exit code for "no such object" (CRM_EX_NOSUCH). */
    static final int NO_SUCH_OBJECT = 105;

    private final PacemakerSettings settings;
    private final CommandRunner runner;
    private final boolean live;

    PacemakerCli(PacemakerSettings settings, CommandRunner runner) {
        this.settings = settings;
        this.runner = runner;
        this.live = !settings.environment().containsKey("CIB_file");
    }

    /**
     * The cluster status as seen from the node the commands run on.
     *
     * @throws ClusterManagerException when crm_mon cannot reach the cluster, when no controller (DC) is
     *                                 elected, or when the partition is not quorate
     */
    PacemakerStatus status() throws ClusterManagerException {
        CommandResult result = runner.attempt("reading the cluster status",
                List.of(settings.tool("crm_mon"), "--one-shot", "--output-as=xml"));
        if (!result.ok()) {
            throw new ClusterManagerException("Pacemaker cluster unreachable: " + result.command()
                    + " exited with code " + result.exitCode() + ": " + excerpt(result));
        }
        PacemakerStatus status = CrmMonParser.parse(result.stdout());
        if (live) {
            if (status.dc().isEmpty()) {
                throw new ClusterManagerException("Pacemaker cluster not ready: no controller (DC) elected yet "
                        + "(" + result.command() + "; nodes online: " + String.join(", ", status.members()) + ")");
            }
            if (!status.quorate()) {
                throw new ClusterManagerException("Pacemaker partition is not quorate (" + result.command()
                        + " on DC " + status.dc().get() + "; online: " + String.join(", ", status.members())
                        + "): its membership is not the cluster's");
            }
        }
        return status;
    }

    /** Baton's constraints, by resource id. */
    Map<String, BatonConstraint> constraints() throws ClusterManagerException {
        CommandResult result = runner.run("reading Baton's constraints",
                List.of(settings.tool("cibadmin"), "--query", "--scope", "constraints"));
        return ConstraintReader.parse(result.stdout());
    }

    /** Writes (creates or replaces) Baton's constraint on a resource, atomically. */
    void write(BatonConstraint constraint) throws ClusterManagerException {
        String operation = "writing constraint " + constraint.id();
        String xml = constraint.xml(settings.scores());
        CommandResult replaced = runner.attempt(operation, cibadmin("--replace", xml));
        if (replaced.ok()) {
            return;
        }
        if (replaced.exitCode() != NO_SUCH_OBJECT) {
            throw runner.failure(operation, replaced);
        }
        CommandResult created = runner.attempt(operation, cibadmin("--create", xml));
        if (!created.ok()) {
            // created meanwhile by someone else: replace what is there now
            CommandResult again = runner.attempt(operation, cibadmin("--replace", xml));
            if (!again.ok()) {
                throw runner.failure(operation, created);
            }
        }
    }

    /** Removes Baton's constraint from a resource; nothing to do when there is none. */
    void delete(String resource) throws ClusterManagerException {
        String operation = "removing constraint " + BatonConstraint.id(resource);
        CommandResult result = runner.attempt(operation, cibadmin("--delete",
                "<rsc_location id=\"" + BatonConstraint.esc(BatonConstraint.id(resource)) + "\"/>"));
        if (!result.ok() && result.exitCode() != NO_SUCH_OBJECT) {
            throw runner.failure(operation, result);
        }
    }

    /** Sets a meta attribute of a resource (target-role, resource-stickiness). */
    void setMeta(String resource, String name, String value) throws ClusterManagerException {
        runner.run("setting " + name + "=" + value + " on " + resource, List.of(settings.tool("crm_resource"),
                "--resource", resource, "--meta", "--set-parameter", name, "--parameter-value", value));
    }

    /** Removes a meta attribute of a resource; nothing to do when it is not set. */
    void deleteMeta(String resource, String name) throws ClusterManagerException {
        String operation = "removing " + name + " from " + resource;
        CommandResult result = runner.attempt(operation, List.of(settings.tool("crm_resource"),
                "--resource", resource, "--meta", "--delete-parameter", name));
        if (!result.ok() && result.exitCode() != NO_SUCH_OBJECT) {
            throw runner.failure(operation, result);
        }
    }

    /**
     * What an error shows of a failed command's output: the first lines of stderr, else the errors crm_mon
     * --output-as=xml reports on stdout, else stdout's. The runner is made with it.
     */
    static String excerpt(CommandResult result) {
        String errors = CommandResult.firstLines(result.stderr());
        if (!errors.isEmpty()) {
            return errors;
        }
        String fromXml = CrmMonParser.errors(result.stdout());
        return fromXml.isEmpty() ? result.excerpt() : fromXml;
    }

    private List<String> cibadmin(String action, String xml) {
        return List.of(settings.tool("cibadmin"), action, "--scope", "constraints", "--xml-text", xml);
    }
}
