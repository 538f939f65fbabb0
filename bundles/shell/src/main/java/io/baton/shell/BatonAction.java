package io.baton.shell;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import io.baton.api.model.Rules;
import io.baton.api.spi.SharedStore;
import io.baton.api.spi.StoreSnapshot;
import io.baton.rules.RuleFileException;
import io.baton.rules.RuleFiles;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.util.Optional;

/**
 * What every {@code baton:*} command shares: the store, and where to print (the session's
 * console; tests hand in their own stream).
 */
abstract class BatonAction implements Action {
    static final Gson JSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    @Reference
    SharedStore store;

    @Reference(optional = true)
    Session session;

    /** Set by tests instead of a session. */
    PrintStream out;

    PrintStream out() {
        return out != null ? out : session.getConsole();
    }

    void print(ShellTable table) {
        table.print(out(), true);
    }

    void print(JsonElement json) {
        out().println(JSON.toJson(json));
    }

    StoreSnapshot snapshot() {
        return store.snapshot();
    }

    /** The rules in force, parsed; empty before the first deployment. */
    Optional<Rules> rules() {
        return snapshot().rules().flatMap(d -> {
            try {
                return Optional.of(RuleFiles.parse(d.source(), d.text()));
            } catch (RuleFileException e) {
                return Optional.empty();
            }
        });
    }

    static String orDash(Optional<String> value) {
        return value.orElse("-");
    }
}
