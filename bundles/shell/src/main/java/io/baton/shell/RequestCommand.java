package io.baton.shell;

import io.baton.api.spi.ControllerService;
import io.baton.api.spi.OperatorRequest;
import io.baton.api.spi.RequestOutcome;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** An operator command carried out by the active controller, wherever it runs; prints its answer. */
abstract class RequestCommand extends BatonAction {

    @Reference
    ControllerService controller;

    @Option(name = "--timeout", description = "Seconds to wait for the controller's answer")
    int timeoutSeconds = 30;

    Object send(OperatorRequest.Action action, String subject, Optional<String> target) throws Exception {
        OperatorRequest request = new OperatorRequest(UUID.randomUUID().toString(), action, subject, target, store.node(), Instant.now());
        Optional<RequestOutcome> outcome = controller.request(request, Duration.ofSeconds(timeoutSeconds));
        if (outcome.isEmpty()) {
            throw new CommandException(request + ": no answer from a controller within " + timeoutSeconds
                    + " s (is one elected? baton:status); the request stays queued and expires after 2 minutes");
        }
        if (!outcome.get().accepted()) {
            throw new CommandException(outcome.get().message());
        }
        out().println(outcome.get().message());
        return null;
    }
}
