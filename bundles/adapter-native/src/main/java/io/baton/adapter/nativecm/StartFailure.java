package io.baton.adapter.nativecm;

/** An app could not be started here; the message says why in terms an operator can act on. */
final class StartFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StartFailure(String message) {
        super(message);
    }
}
