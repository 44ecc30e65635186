package io.go4j.http;

import com.sun.net.httpserver.HttpExchange;
import io.go4j.context.Context;

/**
 * RequestHandler handles one request of the JDK's HTTP server with the request's go4j context
 * (Go's {@code http.Handler}, with {@code r.Context()} passed explicitly).
 */
@FunctionalInterface
public interface RequestHandler {
    /**
     * Handles {@code exchange}. The exchange is closed after this returns or throws.
     *
     * @param ctx      the request's context: done when the request ends, the client is seen gone,
     *                 or the server's base context ends
     * @param exchange the request and its response
     * @throws Exception what the handler fails with: the client gets a 500 if no response was
     *                   started, and the failure is logged
     */
    void handle(Context ctx, HttpExchange exchange) throws Exception;
}
