package io.baton.shell;

import io.baton.api.spi.Membership;
import io.baton.api.spi.StoreSnapshot;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.util.ArrayList;
import java.util.List;

/** The brokers this node is configured with, in priority order: which it reaches, which it and the others use. */
@Command(scope = "baton", name = "brokers", description = "Lists the brokers in priority order: reachable, in use, used by")
@Service
public class BrokersCommand extends BatonAction {

    @Option(name = "--json", description = "Print JSON: [{url, reachable, inUse, usedBy}]")
    boolean json;

    @Override
    public Object execute() {
        StoreSnapshot s = snapshot();
        if (json) {
            print(TablesJson.brokers(s));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Broker");
        table.column("Reachable");
        table.column("In use here");
        table.column("Used by");
        for (Membership.Broker b : s.membership().brokers()) {
            List<String> users = new ArrayList<>();
            s.membership().nodes().forEach((node, st) -> {
                if (st.broker().filter(b.url()::equals).isPresent()) {
                    users.add(node);
                }
            });
            table.addRow().addContent(b.url(), b.reachable() ? "yes" : "NO", b.inUse() ? "yes" : "",
                    String.join(", ", users));
        }
        print(table);
        if (s.membership().brokers().size() == 1) {
            out().println("One broker only: it is a single point of failure (list more in brokerUrls).");
        }
        return null;
    }

    /** One line: each broker with what this node sees of it. */
    static String summary(StoreSnapshot s) {
        List<String> parts = new ArrayList<>();
        for (Membership.Broker b : s.membership().brokers()) {
            parts.add(b.url() + (b.inUse() ? " (in use)" : b.reachable() ? "" : " (unreachable)"));
        }
        if (parts.isEmpty()) {
            return "none known";
        }
        return String.join(", ", parts) + (parts.size() == 1 ? " - a single point of failure" : "");
    }
}
