package io.baton.shell;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.baton.api.model.HistoryEntry;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.util.List;

/** The controller's latest decisions: trigger, what changed and why, and errors. */
@Command(scope = "baton", name = "history", description = "Shows the latest decisions of the controller")
@Service
public class HistoryCommand extends BatonAction {

    @Option(name = "-n", aliases = "--last", description = "How many entries (newest last)")
    int last = 20;

    @Option(name = "--json", description = "Print JSON: a list of {at, term, controller, trigger, reasons, instructions, error}")
    boolean json;

    @Override
    public Object execute() {
        List<HistoryEntry> all = snapshot().history();
        List<HistoryEntry> entries = all.subList(Math.max(0, all.size() - Math.max(0, last)), all.size());
        if (json) {
            JsonArray array = new JsonArray();
            for (HistoryEntry e : entries) {
                JsonObject o = new JsonObject();
                o.addProperty("at", e.at().toString());
                o.addProperty("term", e.term());
                o.addProperty("controller", e.controller());
                o.addProperty("trigger", e.trigger());
                JsonArray reasons = new JsonArray();
                e.reasons().forEach(reasons::add);
                o.add("reasons", reasons);
                JsonArray instructions = new JsonArray();
                e.instructions().forEach(instructions::add);
                o.add("instructions", instructions);
                o.addProperty("error", e.error().orElse(null));
                array.add(o);
            }
            print(array);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("Term").alignRight();
        table.column("Trigger");
        table.column("Changes").maxSize(100).wrap();
        for (HistoryEntry e : entries) {
            String changes = e.reasons().isEmpty() ? "no change" : String.join("\n", e.reasons());
            table.addRow().addContent(e.at().toString(), e.term(), e.trigger(),
                    e.error().map(err -> changes + "\nFAILED: " + err).orElse(changes));
        }
        print(table);
        return null;
    }
}
