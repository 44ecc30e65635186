package io.go4j.debug.internal.http;

/**
 * BadRequest is a request the handler refuses because of its input (a parameter, a path): the
 * client gets a 400 with this exception's message, which says what was wrong, in Go's words where
 * Go has them. It is checked so that no handler path forgets it.
 */
final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the refusal.
     *
     * @param message what was wrong, for the client
     */
    BadRequest(String message) {
        super(message, null, false, false);
    }
}
