package io.baton.shell;

import io.baton.api.spi.SharedStore;
import io.baton.rules.RuleFileException;
import io.baton.rules.RuleFiles;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the servers of the rules in force. */
@Service
public class ServerCompleter implements Completer {

    @Reference
    SharedStore store;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(names()).complete(session, commandLine, candidates);
    }

    List<String> names() {
        return store.snapshot().rules().map(d -> {
            try {
                return RuleFiles.parse(d.source(), d.text()).servers();
            } catch (RuleFileException e) {
                return List.<String>of();
            }
        }).orElse(List.of());
    }
}
