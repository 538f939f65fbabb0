package io.baton.shell;

import io.baton.api.spi.OperatorRequest;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.Optional;

@Command(scope = "baton", name = "detach", description = "Takes a server out of the cluster: its apps go to their backups first")
@Service
public class DetachCommand extends RequestCommand {

    @Argument(index = 0, name = "server", required = true, description = "The server to detach")
    @Completion(ServerCompleter.class)
    String server;

    @Override
    public Object execute() throws Exception {
        return send(OperatorRequest.Action.DETACH, server, Optional.empty());
    }
}
