package io.go4j.debug.internal.http;

import io.go4j.debug.internal.TraceEndpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * PprofHandler serves Go's {@code net/http/pprof} paths under the path of the context it is
 * mounted on (usually {@code /debug/pprof}): the index, every profile by name with
 * {@code debug=0|1|2} and {@code seconds=N} deltas, the CPU {@code profile}, {@code cmdline}
 * and {@code symbol}, and go4j's {@code goroutines.html}, {@code goroutines.json} and
 * {@code schedlatency} (the scheduling-latency histogram as text, or JSON with
 * {@code format=json}).
 *
 * <p>What Go's tools depend on is Go's, byte for byte: the content types
 * ({@code application/octet-stream} with {@code Content-Disposition: attachment; filename="NAME"}
 * for a binary profile, {@code NAME-delta} for a delta, {@code text/plain; charset=utf-8} for
 * {@code debug>0}), {@code X-Content-Type-Options: nosniff} on every profile, and the error
 * replies ({@code text/plain} with {@code X-Go-Pprof: 1}, Go's message and a newline, e.g.
 * 404 {@code Unknown profile}).
 *
 * <p>Where go4j differs from Go: input Go silently replaces by a default ({@code debug=x},
 * {@code seconds=abc} on {@code profile}) is refused with a 400 that names the parameter; a
 * failure of a profile writer is a 500 with its message (and is logged), where Go ignores a
 * writer's error; {@code trace} is served by go4j-trace's handler ({@code TraceEndpoint}) and
 * answers 501, naming go4j-trace, when that module is not on the path.
 *
 * <p>Input never causes a 500: every parameter is checked before anything is written, and a 500
 * means the runtime failed. The only limit on durations is {@code writeTimeout}, Go's check
 * against its server's {@code WriteTimeout}.
 */
public final class PprofHandler implements HttpHandler {

    /*
     * Implementation notes
     *
     * 1. The order of the checks in each path is Go's (404 before any parameter is read; for a
     *    delta: seconds, write timeout, then debug), so that the same bad request gets the same
     *    answer from a Go server and from this one.
     * 2. Headers of a 200 are set before the writer runs but sent only by ResponseBody's commit,
     *    so a writer that fails early is answered by error(), which replaces them (it removes
     *    Content-Disposition, as Go's serveError does). A failure after the commit cannot change
     *    the status: it is logged and rethrown without closing the exchange, and the JDK's server
     *    drops the connection (see ResponseBody).
     * 3. Which profiles have deltas is the runtime's to say (Profile.writeDelta throws
     *    IllegalArgumentException for one without): that exception, from writeDelta only, is
     *    input, and answers Go's 400. Every other exception is the runtime's and answers 500.
     */

    /** Go's CPU profile duration when {@code seconds} is absent. */
    static final Duration DEFAULT_CPU_SECONDS = Duration.ofSeconds(30);

    static final String TEXT = "text/plain; charset=utf-8";
    static final String BINARY = "application/octet-stream";
    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";

    private static final System.Logger LOG = System.getLogger(PprofHandler.class.getName());

    private final Diagnostics diagnostics;
    private final Duration writeTimeout; // null: none, as Go's default server

    /**
     * Creates a handler.
     *
     * @param diagnostics  what it serves
     * @param writeTimeout Go's server {@code WriteTimeout} for the duration check: a profile or
     *                     delta of at least this many seconds is refused with Go's 400; null for
     *                     none
     */
    public PprofHandler(Diagnostics diagnostics, Duration writeTimeout) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        if (writeTimeout != null && (writeTimeout.isNegative() || writeTimeout.isZero())) {
            throw new IllegalArgumentException("write timeout must be positive: " + writeTimeout);
        }
        this.writeTimeout = writeTimeout;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (BadRequest e) {
            error(ex, 400, e.getMessage());
        } catch (RuntimeException | Error e) {
            // A bug of this handler (the writers' own failures are caught where they are called):
            // logged, and answered with a 500 if nothing was sent yet.
            LOG.log(System.Logger.Level.ERROR, "/debug/pprof: " + ex.getRequestURI(), e);
            if (ex.getResponseCode() == -1) {
                error(ex, 500, "internal error: " + e);
            }
            throw e;
        }
    }

    private void route(HttpExchange ex) throws IOException, BadRequest {
        String base = ex.getHttpContext().getPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String path = ex.getRequestURI().getPath();
        if (path.equals(base)) {
            redirect(ex, base + "/");
            return;
        }
        if (!path.startsWith(base + "/")) {
            error(ex, 404, "404 page not found");
            return;
        }
        String name = path.substring(base.length() + 1);
        Query query = Query.parse(ex.getRequestURI().getRawQuery());
        Headers h = ex.getResponseHeaders();
        switch (name) {
            case "" -> index(ex);
            case "cmdline" -> cmdline(ex);
            case "profile" -> cpuProfile(ex, query);
            case "trace" -> {
                java.util.Optional<com.sun.net.httpserver.HttpHandler> tracer = TraceEndpoint.find();
                if (tracer.isPresent()) {
                    tracer.get().handle(ex);
                } else {
                    h.set("X-Content-Type-Options", "nosniff");
                    error(ex, 501, "trace: no execution tracer here: add go4j-trace to the class or module path");
                }
            }
            case "symbol" -> {
                // No program counters on the JVM: pprof reads "0" as "no symbols available".
                h.set("X-Content-Type-Options", "nosniff");
                send(ex, 200, TEXT, "num_symbols: 0\n");
            }
            case "goroutines.html" -> goroutinePage(ex);
            case "goroutines.json" -> goroutineJson(ex);
            case "schedlatency" -> schedLatency(ex, query);
            default -> profile(ex, name, query);
        }
    }

    // Paths

    private void index(HttpExchange ex) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("X-Content-Type-Options", "nosniff");
        List<Diagnostics.ProfileCount> profiles;
        try {
            profiles = diagnostics.profiles();
        } catch (RuntimeException e) {
            failed(ex, "could not list the profiles", e);
            return;
        }
        send(ex, 200, HTML, IndexPage.render(profiles, TraceEndpoint.find().isPresent()));
    }

    private void cmdline(HttpExchange ex) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("X-Content-Type-Options", "nosniff");
        List<String> args;
        try {
            args = diagnostics.commandLine();
        } catch (RuntimeException e) {
            failed(ex, "could not read the command line", e);
            return;
        }
        send(ex, 200, TEXT, String.join("\0", args));
    }

    private void cpuProfile(HttpExchange ex, Query query) throws IOException, BadRequest {
        Headers h = ex.getResponseHeaders();
        h.set("X-Content-Type-Options", "nosniff");
        Duration seconds = query.seconds(DEFAULT_CPU_SECONDS);
        checkWriteTimeout(seconds);
        h.set("Content-Type", BINARY);
        h.set("Content-Disposition", "attachment; filename=\"profile\"");
        ResponseBody body = new ResponseBody(ex);
        try {
            diagnostics.writeCpuProfile(body, seconds);
        } catch (IllegalStateException e) {
            failed(ex, body, "Could not enable CPU profiling: " + e.getMessage(), e);
            return;
        } catch (Exception e) {
            failed(ex, body, "Could not write the CPU profile: " + e, e);
            return;
        }
        body.finish();
    }

    private void profile(HttpExchange ex, String name, Query query) throws IOException, BadRequest {
        Headers h = ex.getResponseHeaders();
        h.set("X-Content-Type-Options", "nosniff");
        boolean exists;
        try {
            exists = diagnostics.exists(name);
        } catch (RuntimeException e) {
            failed(ex, "could not look up profile " + name, e);
            return;
        }
        if (!exists) {
            error(ex, 404, "Unknown profile");
            return;
        }
        if (!query.get("seconds").isEmpty()) {
            deltaProfile(ex, name, query);
            return;
        }
        int debug = query.debug();
        if (debug != 0) {
            h.set("Content-Type", TEXT);
        } else {
            h.set("Content-Type", BINARY);
            h.set("Content-Disposition", "attachment; filename=\"" + name + "\"");
        }
        // Go's writers read debug >= 2 as 2 for the goroutine profile and any debug > 0 as 1 for
        // the others; the runtime's contract takes 0, 1 or 2 (2 for the goroutine profiles only).
        int normalized = name.equals("goroutine") || name.equals("goroutineleak") ? Math.min(debug, 2) : Math.min(debug, 1);
        ResponseBody body = new ResponseBody(ex);
        try {
            diagnostics.writeProfile(name, body, normalized);
        } catch (Exception e) {
            failed(ex, body, "failed to write profile " + name + ": " + e, e);
            return;
        }
        body.finish();
    }

    private void deltaProfile(HttpExchange ex, String name, Query query) throws IOException, BadRequest {
        Duration seconds = query.seconds(null);
        checkWriteTimeout(seconds);
        if (query.debug() != 0) {
            throw new BadRequest("seconds and debug params are incompatible");
        }
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", BINARY);
        h.set("Content-Disposition", "attachment; filename=\"" + name + "-delta\"");
        ResponseBody body = new ResponseBody(ex);
        try {
            diagnostics.writeDelta(name, body, seconds);
        } catch (IllegalArgumentException e) {
            if (body.committed()) {
                failed(ex, body, "failed to compute delta of " + name + ": " + e, e);
            } else {
                error(ex, 400, "\"seconds\" parameter is not supported for this profile type");
            }
            return;
        } catch (Exception e) {
            failed(ex, body, "failed to compute delta of " + name + ": " + e, e);
            return;
        }
        body.finish();
    }

    private void goroutinePage(HttpExchange ex) throws IOException {
        StringBuilder json = new StringBuilder(64 * 1024);
        try {
            diagnostics.writeGoroutinesJson(json);
        } catch (Exception e) {
            failed(ex, "could not list the goroutines", e);
            return;
        }
        Headers h = ex.getResponseHeaders();
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Security-Policy", GoroutinePage.CONTENT_SECURITY_POLICY);
        h.set("Cache-Control", "no-store");
        send(ex, 200, HTML, GoroutinePage.render(json));
    }

    private void goroutineJson(HttpExchange ex) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Content-Type", JSON);
        h.set("Cache-Control", "no-store");
        ResponseBody body = new ResponseBody(ex);
        Writer out = new OutputStreamWriter(body, StandardCharsets.UTF_8);
        try {
            diagnostics.writeGoroutinesJson(out);
            out.flush();
        } catch (Exception e) {
            failed(ex, body, "could not list the goroutines: " + e, e);
            return;
        }
        body.finish();
    }

    private void schedLatency(HttpExchange ex, Query query) throws IOException, BadRequest {
        boolean json = query.json();
        Headers h = ex.getResponseHeaders();
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Cache-Control", "no-store");
        StringBuilder out = new StringBuilder(json ? 16 * 1024 : 1024);
        try {
            diagnostics.writeSchedLatency(out, json);
        } catch (Exception e) {
            failed(ex, "could not read the scheduling latencies", e);
            return;
        }
        send(ex, 200, json ? JSON : TEXT, out.toString());
    }

    // Checks and replies

    private void checkWriteTimeout(Duration seconds) throws BadRequest {
        if (writeTimeout != null && seconds.compareTo(writeTimeout) >= 0) {
            throw new BadRequest("profile duration exceeds server's WriteTimeout");
        }
    }

    /** A failure of the runtime (not of the input) before anything was sent: 500, logged. */
    private static void failed(HttpExchange ex, String message, Exception e) throws IOException {
        LOG.log(System.Logger.Level.WARNING, "/debug/pprof: " + message, e);
        error(ex, 500, message + ": " + e);
    }

    /**
     * A failure of the runtime while writing {@code body}: a 500 if nothing was sent yet, else
     * the connection is dropped (see the implementation notes); logged either way.
     */
    private static void failed(HttpExchange ex, ResponseBody body, String message, Exception e) throws IOException {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.WARNING, "/debug/pprof: " + message, e);
        if (body.committed()) {
            throw new IOException("/debug/pprof: response cut short: " + message, e);
        }
        error(ex, 500, message);
    }

    /** Go's serveError: plain text, {@code X-Go-Pprof: 1}, no attachment, the text and a newline. */
    static void error(HttpExchange ex, int status, String text) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", TEXT);
        h.set("X-Go-Pprof", "1");
        h.remove("Content-Disposition");
        send(ex, status, null, text + "\n");
    }

    private static void redirect(HttpExchange ex, String to) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        String location = query == null ? to : to + "?" + query;
        ex.getResponseHeaders().set("Location", location);
        send(ex, 301, HTML, "<a href=\"" + IndexPage.htmlEscape(location) + "\">Moved Permanently</a>.\n\n");
    }

    private static void send(HttpExchange ex, int status, String contentType, String text) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean head = "HEAD".equalsIgnoreCase(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }
}
