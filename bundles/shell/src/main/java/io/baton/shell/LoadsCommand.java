package io.baton.shell;

import io.baton.api.model.ServerLoad;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.util.Locale;

/** The server load table. */
@Command(scope = "baton", name = "loads", description = "Lists each server's CPU, memory and network load and its score")
@Service
public class LoadsCommand extends BatonAction {

    @Option(name = "--json", description = "Print JSON: {server: {cpu, memory, network, score, measuredAt}}")
    boolean json;

    @Override
    public Object execute() {
        if (json) {
            print(TablesJson.loads(snapshot()));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Server");
        table.column("CPU %").alignRight();
        table.column("Memory %").alignRight();
        table.column("Network %").alignRight();
        table.column("Score").alignRight();
        table.column("Measured");
        for (ServerLoad row : snapshot().tables().loads().values()) {
            table.addRow().addContent(row.server(), pct(row.cpu()), pct(row.memory()), pct(row.network()), pct(row.score()),
                    row.measuredAt().toString());
        }
        print(table);
        return null;
    }

    private static String pct(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
