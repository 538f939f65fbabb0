package io.baton.api.decision;

/**
 * Thrown when a trigger cannot happen in the given state, e.g. failing a server that is not up or
 * moving an application to a server that is down. The message says why, naming the server or app.
 */
public class InvalidTriggerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidTriggerException(String message) {
        super(message);
    }
}
