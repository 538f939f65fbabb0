package io.baton.shell;

import io.baton.api.model.Rules;
import io.baton.api.model.ServerStatus;
import io.baton.api.spi.Membership;
import io.baton.api.spi.StoreSnapshot;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.Row;
import org.apache.karaf.shell.support.table.ShellTable;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/** The server state table. */
@Command(scope = "baton", name = "servers", description = "Lists the servers: state, detected change, processing, connection, broker, quorum, load, capacity used")
@Service
public class ServersCommand extends BatonAction {

    @Option(name = "--json", description = "Print JSON: {server: {state, change, processing, connected, broker, quorate, load"
            + "[, capacity: {dimension: {used, total}}]}}")
    boolean json;

    @Override
    public Object execute() {
        if (json) {
            print(TablesJson.servers(snapshot(), rules()));
        } else {
            table(snapshot(), rules(), this::print);
        }
        return null;
    }

    /** With a Capacity column (used/total per dimension) when the rules give capacities or demands. */
    static void table(StoreSnapshot s, Optional<Rules> rules, Consumer<ShellTable> print) {
        Optional<CapacityUse> capacity = CapacityUse.of(rules, s.tables());
        ShellTable table = new ShellTable();
        table.column("Server");
        table.column("State");
        table.column("Change");
        table.column("Processing");
        table.column("Connected");
        table.column("Broker");
        table.column("Quorate");
        table.column("Load").alignRight();
        capacity.ifPresent(c -> table.column("Capacity (used/total)"));
        for (ServerStatus row : s.tables().servers().values()) {
            Optional<Membership.Standing> standing = Optional.ofNullable(s.membership().nodes().get(row.name()));
            Row line = table.addRow();
            line.addContent(row.name(), row.state().label(), row.change().label(), row.processing() ? "yes" : "",
                    s.liveNodes().contains(row.name()) ? "yes" : "no",
                    standing.flatMap(Membership.Standing::broker).orElse("-"),
                    standing.map(st -> st.quorate() ? "yes" : "no").orElse("-"),
                    s.tables().load(row.name()).map(l -> String.format(Locale.ROOT, "%.1f", l.score())).orElse("-"));
            capacity.ifPresent(c -> line.addContent(c.describe(row.name())));
        }
        print.accept(table);
    }
}
