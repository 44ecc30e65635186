package io.go4j.trace;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * TraceHandler serves Go's {@code /debug/pprof/trace?seconds=N} on the JDK's HTTP server: it
 * traces the program for N seconds (1 by default, or when N is not a positive number, as Go's
 * {@code net/http/pprof} does) and answers the trace file, which
 * {@code go tool trace http://host:port/debug/pprof/trace?seconds=5} fetches and opens (or save
 * it with curl and open it).
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6060), 0);
 * PprofServer.mount(server, PprofServer.PATH);                      // go4j-debug's /debug/pprof
 * server.createContext(PprofServer.PATH + "/trace", TraceHandler.handler());
 * server.start();
 * }</pre>
 *
 * <p>The trace is streamed into the response while it records, as Go's handler does: the answer
 * starts (200, chunked) with the trace's header as soon as tracing is on, and its events follow
 * as {@link Trace#start} writes them (twice a second), so the N seconds cost the server no
 * memory beyond the tracer's buffers.
 *
 * <p>Answers: 200 with the trace ({@code application/octet-stream}, as an attachment named
 * {@code trace}); 500 {@code Could not enable tracing: tracing is already enabled} while another
 * trace or a {@link FlightRecorder} records (Go's text). If the handler's thread is interrupted
 * during the N seconds (its server's executor shutting down), the trace stops there and the
 * answer is a complete, shorter trace. A client that goes away ends the response's writes; the
 * trace still runs its N seconds (the JDK's server does not report a closed connection).
 */
public final class TraceHandler implements HttpHandler {
    private static final TraceHandler INSTANCE = new TraceHandler();

    private TraceHandler() {}

    /**
     * Returns the handler.
     *
     * @return the handler of {@code /debug/pprof/trace}
     */
    public static HttpHandler handler() {
        return INSTANCE;
    }

    /**
     * Traces for the requested seconds and answers the trace.
     *
     * @param exchange the request and its response
     * @throws IOException if the response cannot be written
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        boolean interrupted = false;
        try (exchange) {
            Duration d = duration(exchange.getRequestURI().getRawQuery());
            Response body = new Response(exchange);
            try {
                Trace.start(body);   // refused before it writes a byte: the 500 can still be sent
            } catch (IllegalStateException e) {
                error(exchange, "Could not enable tracing: " + e.getMessage());
                return;
            }
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                interrupted = true;   // stop now: the answer is the shorter trace
            }
            try {
                Trace.stop();
            } catch (UncheckedIOException e) {
                // the client went away: nothing more can be answered
            }
            body.start();   // (the header's write has started it; this is only for safety)
        } finally {
            // Restored only once the answer is closed: a write on an interrupted thread closes
            // the server's socket channel, and the client would lose the trace's end.
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The response body as the tracer's output: the first write (the trace's header, from
     * {@link Trace#start}) sends the 200 and its headers, chunked; the writes come from the
     * tracer's writer thread and from {@link Trace#stop}, one at a time.
     */
    private static final class Response extends OutputStream {
        private final HttpExchange exchange;
        private OutputStream body;   // guarded by this; null until the answer started

        Response(HttpExchange exchange) {
            this.exchange = exchange;
        }

        synchronized OutputStream start() throws IOException {
            if (body == null) {
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"trace\"");
                exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                exchange.sendResponseHeaders(200, 0);   // chunked: the length is not known yet
                body = exchange.getResponseBody();
            }
            return body;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            start().write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            start().write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            start().flush();
        }
    }

    /** The {@code seconds} parameter, as Go reads it: a float; 1 s if absent, bad or not positive. */
    static Duration duration(String rawQuery) {
        double seconds = 0;
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (key.equals("seconds") && eq >= 0) {
                    try {
                        seconds = Double.parseDouble(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    } catch (NumberFormatException e) {
                        seconds = 0;   // Go: a bad value means the default
                    }
                    break;
                }
            }
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            seconds = 1;
        }
        return Duration.ofNanos((long) Math.min(seconds * 1e9, Long.MAX_VALUE));
    }

    private static void error(HttpExchange exchange, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("X-Go-Pprof", "1");
        exchange.sendResponseHeaders(500, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
