package io.go4j.trace;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.go4j.debug.internal.GoDuration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * TraceHandler serves Go's {@code /debug/pprof/trace?seconds=N} on the JDK's HTTP server: it
 * traces the program for N seconds (1 by default, or when N is not a positive number, as Go's
 * {@code net/http/pprof} does) and answers the trace file, to save (with curl) and open with
 * {@code go tool trace FILE}. Beyond Go, {@code /debug/pprof/trace?flight=1} answers the window of
 * the running {@link FlightRecorder} at once (see below).
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
 * trace or a {@link FlightRecorder} records (Go's text; when a flight recorder records, the text
 * goes on to say that {@code flight=1} answers its window). If the handler's thread is
 * interrupted during the N seconds (its server's executor shutting down), the trace stops there
 * and the answer is a complete, shorter trace. A client that goes away ends the response's
 * writes; the trace still runs its N seconds (the JDK's server does not report a closed
 * connection).
 *
 * <p><b>A flight recorder's window.</b> A trace cannot start while a flight recorder records, but
 * the recorder holds the recent past already: {@code flight=1} answers it, without waiting, from
 * the recorder that is running, whether go4j-trace's agent started it
 * ({@code -javaagent:go4j-trace.jar=flight}, {@link FlightRecorder#launched()}) or the program
 * did ({@link FlightRecorder#start()}). It is the same path and handler, so go4j-debug's
 * {@code PprofServer}, which mounts this handler as its {@code trace}, serves it too:
 *
 * <pre>{@code
 * curl -o flight.trace 'http://127.0.0.1:6060/debug/pprof/trace?flight=1'
 * go tool trace flight.trace
 * }</pre>
 *
 * Answers: 200 with the window as a complete trace ({@code application/octet-stream}, with its
 * length, as an attachment named {@code flight.trace}); recording goes on. 404 with a text saying
 * how to start one when no flight recorder runs (a trace started by {@link Trace#start} has no
 * window to give). 400 with a text for a {@code flight} other than {@code 0} or {@code 1}, and for
 * {@code seconds} beside {@code flight=1} (the window's length is the recorder's, its age and
 * size bound). {@code flight=0} is the plain trace. Other parameters are ignored, as Go ignores
 * them; a parameter whose escapes cannot be decoded is skipped, as Go's query parser skips it.
 */
public final class TraceHandler implements HttpHandler {
    /*
     * Implementation notes.
     *
     * 1. flight=1 is a parameter of the trace's path rather than a path of its own, so that every
     *    server that mounts this handler (go4j-debug's PprofServer through its TraceEndpoint seam,
     *    a program's own HttpServer) serves it without a second registration.
     * 2. The window is written to memory first, then sent with its length. Writing straight into
     *    the response would hold the recorder's lock (writeTo is serialised) for as long as the
     *    client takes to read: a stalled client would then hold up the slow watches' snapshots,
     *    which write on request threads, and the snapshot a deadlock report waits for. The cost
     *    is one window's file in memory per such request in progress.
     */

    /** The parameter that asks for the running flight recorder's window. */
    static final String FLIGHT = "flight";

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
     * Traces for the requested seconds and answers the trace; or, for {@code flight=1}, answers
     * the running flight recorder's window at once.
     *
     * @param exchange the request and its response
     * @throws IOException if the response cannot be written
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String flight = query.get(FLIGHT);
        if (flight == null || flight.equals("0")) {
            trace(exchange, duration(query));
            return;
        }
        try (exchange) {
            if (!flight.equals("1")) {
                error(exchange, 400, "bad flight parameter " + GoDuration.quote(flight)
                        + ": want flight=1 (the running flight recorder's window) or flight=0 (a trace of seconds=N)");
            } else if (query.containsKey("seconds")) {
                error(exchange, 400, "seconds does not apply to flight=1: the window is the flight recorder's"
                        + " (its age and size bounds); ask for flight=1 alone");
            } else {
                flightWindow(exchange);
            }
        }
    }

    /** Traces for {@code d} and streams the trace into the answer. */
    private static void trace(HttpExchange exchange, Duration d) throws IOException {
        boolean interrupted = false;
        try (exchange) {
            Response body = new Response(exchange);
            try {
                Trace.start(body);   // refused before it writes a byte: the 500 can still be sent
            } catch (IllegalStateException e) {
                String hint = FlightRecorder.running().isPresent()
                        ? " (a flight recorder is recording: ?flight=1 answers its window)" : "";
                error(exchange, 500, "Could not enable tracing: " + e.getMessage() + hint);
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

    /** Answers the running flight recorder's window (note 2), or 404 if none runs. */
    private static void flightWindow(HttpExchange exchange) throws IOException {
        Optional<FlightRecorder> running = FlightRecorder.running();
        ByteArrayOutputStream window = new ByteArrayOutputStream();
        boolean written = false;
        if (running.isPresent()) {
            try {
                running.get().writeTo(window);
                written = true;
            } catch (IllegalStateException e) {
                // it stopped since running() answered: none runs
            }
        }
        if (!written) {
            error(exchange, 404, "no flight recorder is running: start one at launch"
                    + " (java -javaagent:go4j-trace.jar=flight ...) or in the program (FlightRecorder.start)");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"flight.trace\"");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(200, window.size());
        try (OutputStream out = exchange.getResponseBody()) {
            window.writeTo(out);
        }
    }

    /**
     * The query's parameters, the first value of each, as Go's {@code Request.FormValue} reads
     * them; a pair whose escapes cannot be decoded is skipped, as Go's {@code url.ParseQuery}
     * skips it. A key without {@code =} has the empty value.
     */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                // a bad escape: skipped
            }
        }
        return params;
    }

    /** The {@code seconds} parameter, as Go reads it: a float; 1 s if absent, bad or not positive. */
    static Duration duration(String rawQuery) {
        return duration(query(rawQuery));
    }

    private static Duration duration(Map<String, String> query) {
        double seconds = 0;
        String value = query.get("seconds");
        if (value != null) {
            try {
                seconds = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                seconds = 0;   // Go: a bad value means the default
            }
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            seconds = 1;
        }
        return Duration.ofNanos((long) Math.min(seconds * 1e9, Long.MAX_VALUE));
    }

    private static void error(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("X-Go-Pprof", "1");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
