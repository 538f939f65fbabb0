package io.baton.shell;

import io.baton.api.model.AppStatus;
import io.baton.api.spi.StoreSnapshot;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.util.function.Consumer;

/** The application table. */
@Command(scope = "baton", name = "apps", description = "Lists the applications: running server, backup server, processing")
@Service
public class AppsCommand extends BatonAction {

    @Option(name = "--json", description = "Print JSON: {app: {running, backup, processing}}")
    boolean json;

    @Override
    public Object execute() {
        if (json) {
            print(TablesJson.apps(snapshot()));
        } else {
            table(snapshot(), this::print);
        }
        return null;
    }

    static void table(StoreSnapshot s, Consumer<ShellTable> print) {
        ShellTable table = new ShellTable();
        table.column("App");
        table.column("Running");
        table.column("Backup");
        table.column("Processing");
        for (AppStatus row : s.tables().apps().values()) {
            table.addRow().addContent(row.name(), orDash(row.running()), orDash(row.backup()), row.processing() ? "yes" : "");
        }
        print.accept(table);
    }
}
