package io.go4j.trace;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 * <p>Answers: 200 with the trace ({@code application/octet-stream}, as an attachment named
 * {@code trace}); 500 {@code Could not enable tracing: tracing is already enabled} while another
 * trace or a {@link FlightRecorder} records (Go's text); 500 if the wait is interrupted.
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
        try (exchange) {
            Duration d = duration(exchange.getRequestURI().getRawQuery());
            ByteArrayOutputStream trace = new ByteArrayOutputStream();
            try {
                Trace.start(trace);
            } catch (IllegalStateException e) {
                error(exchange, "Could not enable tracing: " + e.getMessage());
                return;
            }
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Trace.stop();
                Thread.currentThread().interrupt();
                error(exchange, "trace: interrupted");
                return;
            }
            Trace.stop();
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"trace\"");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.sendResponseHeaders(200, trace.size());
            try (OutputStream body = exchange.getResponseBody()) {
                trace.writeTo(body);
            }
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
