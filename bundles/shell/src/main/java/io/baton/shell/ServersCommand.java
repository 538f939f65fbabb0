package io.baton.shell;

import io.baton.api.model.ServerStatus;
import io.baton.api.spi.Membership;
import io.baton.api.spi.StoreSnapshot;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.util.function.Consumer;

/** The server state table. */
@Command(scope = "baton", name = "servers", description = "Lists the servers: state, detected change, processing, connection, broker, quorum, load")
@Service
public class ServersCommand extends BatonAction {

    @Option(name = "--json", description = "Print JSON: {server: {state, change, processing, connected, broker, quorate, load}}")
    boolean json;

    @Override
    public Object execute() {
        if (json) {
            print(TablesJson.servers(snapshot()));
        } else {
            table(snapshot(), this::print);
        }
        return null;
    }

    static void table(StoreSnapshot s, Consumer<ShellTable> print) {
        ShellTable table = new ShellTable();
        table.column("Server");
        table.column("State");
        table.column("Change");
        table.column("Processing");
        table.column("Connected");
        table.column("Broker");
        table.column("Quorate");
        table.column("Load").alignRight();
        for (ServerStatus row : s.tables().servers().values()) {
            java.util.Optional<Membership.Standing> standing = java.util.Optional.ofNullable(s.membership().nodes().get(row.name()));
            table.addRow().addContent(row.name(), row.state().label(), row.change().label(), row.processing() ? "yes" : "",
                    s.liveNodes().contains(row.name()) ? "yes" : "no",
                    standing.flatMap(Membership.Standing::broker).orElse("-"),
                    standing.map(st -> st.quorate() ? "yes" : "no").orElse("-"),
                    s.tables().load(row.name()).map(l -> String.format(java.util.Locale.ROOT, "%.1f", l.score())).orElse("-"));
        }
        print.accept(table);
    }
}
