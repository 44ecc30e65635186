package io.go4j.http;

import java.io.IOException;

/**
 * ClientDisconnected is the cause of a request context cancelled because the client went away:
 * a write of the response failed, or the container reported an I/O error on the request.
 * {@code Context.cause(ctx)} returns it; {@code ctx.err()} is {@code Canceled}, as in Go.
 */
public final class ClientDisconnected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the cause.
     *
     * @param cause the I/O error that showed the client gone, or null if none was given
     */
    public ClientDisconnected(Throwable cause) {
        super("client disconnected", cause);
    }

    /**
     * Returns whether {@code t} or one of its causes is an {@link IOException}: the sign of a
     * failed write to a client.
     */
    static boolean isIo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
