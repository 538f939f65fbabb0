package io.baton.shell;

import io.baton.rules.RuleFiles;
import io.baton.rules.Template;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

import java.util.List;

/** Prints a starting rule file for a ready template. */
@Command(scope = "baton", name = "template", description = "Prints a rule file for a ready template: hot-standby, n-to-1, n-to-m, spread, priority")
@Service
public class TemplateCommand extends BatonAction {

    @Argument(index = 0, name = "name", required = true, description = "The template")
    @Completion(TemplateCompleter.class)
    String name;

    @Option(name = "--servers", description = "Comma-separated servers in priority order (default: this cluster's)")
    String servers;

    @Option(name = "--apps", description = "Comma-separated applications (default: app1, app2, ...)")
    String apps;

    @Option(name = "--cluster", description = "The cluster's name (default: this node's cluster)")
    String cluster;

    @Override
    public Object execute() throws Exception {
        Template template = Template.byId(name).orElseThrow(() ->
                new CommandException("unknown template \"" + name + "\" (templates: " + String.join(", ", Template.ids()) + ")"));
        List<String> serverList = servers != null ? List.of(servers.split(","))
                : rules().map(r -> r.servers()).orElse(template == Template.HOT_STANDBY ? List.of("node1", "node2") : List.of("s1", "s2", "s3"));
        int defaultApps = template == Template.HOT_STANDBY ? 2 : Math.max(1, serverList.size() - 1);
        List<String> appList = apps != null ? List.of(apps.split(","))
                : java.util.stream.IntStream.rangeClosed(1, defaultApps).mapToObj(i -> "app" + i).toList();
        String text = JSON.toJson(template.exampleRuleFile(cluster != null ? cluster : store.cluster(), serverList, appList));
        try {
            RuleFiles.parse("template " + template.id(), text);
        } catch (io.baton.rules.RuleFileException e) {
            throw new CommandException(e.getMessage());
        }
        out().println(text);
        return null;
    }
}
