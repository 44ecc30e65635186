package io.go4j.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.go4j.Go;
import io.go4j.context.CancelCauseContext;
import io.go4j.context.CancelContext;
import io.go4j.context.Context;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * GoHttpServer adapts go4j to the JDK's {@code com.sun.net.httpserver}: every request runs in a
 * goroutine of its own with a go4j {@link Context}, as every request in Go's {@code net/http}
 * runs in a goroutine with {@code r.Context()}; and {@link #timeoutHandler} is Go's
 * {@code http.TimeoutHandler}.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
 * server.createContext("/slow", GoHttpServer.handler(GoHttpServer.timeoutHandler((ctx, ex) -> {
 *     String answer = work(ctx);                      // gives up when ctx is done
 *     byte[] body = answer.getBytes(UTF_8);
 *     ex.sendResponseHeaders(200, body.length);
 *     ex.getResponseBody().write(body);
 * }, Duration.ofSeconds(2), "too slow")));
 * server.start();
 * }</pre>
 *
 * <p>The server's own threads only hand each exchange to a new goroutine, so a handler may block
 * (on channels, I/O, a database) without holding up other requests. The request's context is
 * cancelled when the handler returns or throws, when a write of the response fails because the
 * client has gone ({@link ClientDisconnected}), and when the base context ends; see the package
 * documentation for what cannot be detected. A handler's exception is not a goroutine panic (as in
 * Go, where the server recovers a handler's panic): the client gets a 500 if no response was
 * started, the exception is logged at {@code ERROR} by the {@code System.Logger} named
 * {@code io.go4j.http}, and the exchange is closed.
 */
public final class GoHttpServer {
    /** The System.Logger that reports handlers' failures. */
    static final String LOGGER = "io.go4j.http";

    /** What a late write of a timed-out handler throws (Go's {@code http.ErrHandlerTimeout}). */
    static final String HANDLER_TIMEOUT = "http: Handler timeout";

    private GoHttpServer() {}

    /**
     * Returns a handler that serves each exchange in a new goroutine, with a request context
     * whose parent is {@code Context.background()}.
     *
     * @param handler the request handler
     * @return an {@link HttpHandler} for {@code HttpServer.createContext}
     * @throws NullPointerException if {@code handler} is null
     */
    public static HttpHandler handler(RequestHandler handler) {
        return handler(Context.background(), handler);
    }

    /**
     * Returns a handler that serves each exchange in a new goroutine, with a request context
     * whose parent is {@code base} (Go's {@code Server.BaseContext}): cancelling {@code base}
     * cancels every request in flight, e.g. at shutdown.
     *
     * @param base    the parent of every request's context
     * @param handler the request handler
     * @return an {@link HttpHandler} for {@code HttpServer.createContext}
     * @throws NullPointerException if an argument is null
     */
    public static HttpHandler handler(Context base, RequestHandler handler) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(handler, "handler");
        return exchange -> {
            try {
                Go.go(() -> serve(base, handler, exchange));
            } catch (RuntimeException | Error e) {
                exchange.close();   // no goroutine will: the server's thread reports e
                throw e;
            }
        };
    }

    /** Runs one exchange in the current goroutine. */
    private static void serve(Context base, RequestHandler handler, HttpExchange exchange) throws Exception {
        CancelCauseContext ctx = Context.withCancelCause(base);
        try {
            exchange.setStreams(null, new CancellingOutputStream(exchange.getResponseBody(), ctx));
            handler.handle(ctx, exchange);
        } catch (Throwable t) {
            if (Go.isGoexit(t)) {
                throw t;
            }
            failed(exchange, t);
        } finally {
            ctx.cancel();
            exchange.close();
        }
    }

    /** Answers 500 if the response has not started, and logs the handler's failure. */
    private static void failed(HttpExchange exchange, Throwable t) {
        if (exchange.getResponseCode() == -1) {
            try {
                exchange.sendResponseHeaders(500, -1);
            } catch (IOException e) {
                t.addSuppressed(e);
            }
        }
        System.getLogger(LOGGER).log(Level.ERROR, "http: panic serving " + exchange.getRemoteAddress()
                + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + t, t);
    }

    /**
     * Returns Go's {@code http.TimeoutHandler}: a handler that runs {@code handler} with a
     * deadline {@code timeout} from now. If {@code handler} finishes in time its response is sent
     * as it wrote it. Otherwise the client gets {@code 503 Service Unavailable} with {@code body}
     * as a {@code text/plain} body, {@code handler}'s context is cancelled
     * ({@code DeadlineExceeded}), and what {@code handler} writes afterwards is discarded: its
     * writes then throw {@link IOException} {@code "http: Handler timeout"} (Go's
     * {@code ErrHandlerTimeout}).
     *
     * <p>{@code handler} writes into a buffer, as in Go, so its response reaches the client
     * only when it has finished: do not use it for streaming. If the request's context ends
     * first for another reason (the client gone), nothing is sent. An exception from
     * {@code handler} is rethrown by the returned handler, as Go re-panics, except the
     * {@code "http: Handler timeout"} of a late write, which ends the request as a timeout.
     *
     * @param handler the handler to bound
     * @param timeout how long it may take; must be positive
     * @param body    the body of the 503 response
     * @return the bounded handler
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public static RequestHandler timeoutHandler(RequestHandler handler, Duration timeout, String body) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(body, "body");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("go4j: timeoutHandler: timeout must be positive: " + timeout);
        }
        byte[] message = body.getBytes(StandardCharsets.UTF_8);
        return (ctx, exchange) -> {
            try (CancelContext bounded = Context.withTimeout(ctx, timeout)) {
                TimeoutBuffer buffer = new TimeoutBuffer(bounded);
                TimeoutExchange buffered = new TimeoutExchange(exchange, buffer);
                buffer.serve(() -> handler.handle(bounded, buffered), message, buffered);
            }
        };
    }
}
