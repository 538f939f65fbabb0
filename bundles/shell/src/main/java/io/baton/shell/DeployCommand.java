package io.baton.shell;

import io.baton.api.model.Rules;
import io.baton.api.spi.DeployedRules;
import io.baton.rules.RuleFileException;
import io.baton.rules.RuleFiles;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Validates a rule file, then distributes it to every node through the store. A bad file changes
 * nothing: the rules in force stay in force.
 */
@Command(scope = "baton", name = "deploy", description = "Validates a rule file and makes it the rules of the cluster")
@Service
public class DeployCommand extends BatonAction {

    @Argument(index = 0, name = "file", required = true, description = "The rule file (JSON)")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--timeout", description = "Seconds to wait until this node's mirror has the new revision")
    int timeoutSeconds = 10;

    @Override
    public Object execute() throws Exception {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new CommandException(file + ": no such file");
        } catch (IOException e) {
            throw new CommandException(file + ": cannot read: " + e.getMessage());
        }
        Rules rules;
        try {
            rules = RuleFiles.parse(file, text);
        } catch (RuleFileException e) {
            throw new CommandException("rejected, the rules in force stay in force:\n" + e.getMessage());
        }
        if (!rules.cluster().equals(store.cluster())) {
            throw new CommandException(file + ": $.cluster: the file is for cluster \"" + rules.cluster()
                    + "\" but this node belongs to \"" + store.cluster() + "\"");
        }
        long revision = snapshot().rules().map(DeployedRules::revision).orElse(0L) + 1;
        try {
            store.putRules(new DeployedRules(Path.of(file).getFileName().toString(), text, revision, Instant.now()));
        } catch (IllegalStateException e) {
            throw new CommandException("not deployed: " + e.getMessage());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (snapshot().rules().map(DeployedRules::revision).orElse(0L) < revision) {
            if (System.nanoTime() > deadline) {
                throw new CommandException("revision " + revision + " was sent but has not come back from the store within "
                        + timeoutSeconds + " s (is the broker reachable? baton:status)");
            }
            Thread.sleep(20);
        }
        out().println("Deployed revision " + revision + ": cluster " + rules.cluster() + ", " + rules.servers().size()
                + " servers, " + rules.apps().size() + " apps" + rules.model().map(m -> ", template " + m).orElse(""));
        return null;
    }
}
