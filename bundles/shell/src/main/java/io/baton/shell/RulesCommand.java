package io.baton.shell;

import com.google.gson.JsonParser;
import io.baton.api.model.AppRule;
import io.baton.api.model.Rules;
import io.baton.api.spi.DeployedRules;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.util.Optional;

/** The rule table in force: where it came from and each application's defaults. */
@Command(scope = "baton", name = "rules", description = "Shows the rule file in force")
@Service
public class RulesCommand extends BatonAction {

    @Option(name = "--json", description = "Print the rule file itself")
    boolean json;

    @Override
    public Object execute() {
        Optional<DeployedRules> deployed = snapshot().rules();
        if (deployed.isEmpty()) {
            out().println("No rules deployed yet: baton:deploy FILE");
            return null;
        }
        if (json) {
            print(JsonParser.parseString(deployed.get().text()));
            return null;
        }
        DeployedRules d = deployed.get();
        out().println("Revision " + d.revision() + " from " + d.source() + ", deployed " + d.deployedAt());
        Optional<Rules> rules = rules();
        if (rules.isEmpty()) {
            out().println("(the stored rule file does not parse; the controller keeps the previous rules)");
            return null;
        }
        Rules r = rules.get();
        out().println("Cluster " + r.cluster() + ": servers in priority order " + String.join(", ", r.servers())
                + "; load hysteresis " + r.loadHysteresis() + r.model().map(m -> "; template " + m).orElse("")
                + "; " + r.configurations().size() + " configuration entries");
        ShellTable table = new ShellTable();
        table.column("App");
        table.column("Primary");
        table.column("Backup");
        table.column("Fixed");
        table.column("AutoMove");
        table.column("Servers");
        for (AppRule app : r.apps()) {
            table.addRow().addContent(app.name(), orDash(app.primary()), app.backup().toString(), app.fixed() ? "yes" : "",
                    app.autoMove() ? "yes" : "", app.allowed().size() == r.servers().size() ? "all" : String.join(",", app.allowed()));
        }
        print(table);
        return null;
    }
}
