package io.baton.shell;

import io.baton.api.spi.OperatorRequest;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.Optional;

@Command(scope = "baton", name = "move", description = "Moves an application to an up server it is allowed on; backups are recomputed")
@Service
public class MoveCommand extends RequestCommand {

    @Argument(index = 0, name = "app", required = true, description = "The application")
    @Completion(AppCompleter.class)
    String app;

    @Argument(index = 1, name = "server", required = true, description = "The server to run it on")
    @Completion(ServerCompleter.class)
    String server;

    @Override
    public Object execute() throws Exception {
        return send(OperatorRequest.Action.MOVE, app, Optional.of(server));
    }
}
