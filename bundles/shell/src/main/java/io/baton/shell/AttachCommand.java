package io.baton.shell;

import io.baton.api.spi.OperatorRequest;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.util.Optional;

@Command(scope = "baton", name = "attach", description = "Puts a detached server back into the cluster (handled as a join)")
@Service
public class AttachCommand extends RequestCommand {

    @Argument(index = 0, name = "server", required = true, description = "The server to attach")
    @Completion(ServerCompleter.class)
    String server;

    @Override
    public Object execute() throws Exception {
        return send(OperatorRequest.Action.ATTACH, server, Optional.empty());
    }
}
