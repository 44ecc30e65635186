package io.go4j.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;
import io.go4j.errgroup.Group;
import io.go4j.http.ClientDisconnected;
import io.go4j.http.GoHttpServer;
import io.go4j.http.RequestHandler;
import io.go4j.time.Ticker;
import io.go4j.time.Time;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HttpServerExample is a Go-style HTTP server on the JDK's {@code HttpServer} with go4j-http: every
 * request runs in its own goroutine with a context, fans out to two "backends" with an errgroup
 * that shares that context, and is bounded by Go's {@code TimeoutHandler}; a streaming endpoint
 * stops as soon as its client is seen gone.
 *
 * <ul>
 *   <li>{@code GET /work?ms=N}: two backend calls of N ms each, in parallel; 503 "too slow" after
 *       {@link #TIMEOUT}, and the backends are cancelled;</li>
 *   <li>{@code GET /stream}: a line every millisecond until the client hangs up.</li>
 * </ul>
 * Run it and try {@code curl 'http://127.0.0.1:PORT/work?ms=10'} and {@code ?ms=500}. The server
 * listens on 127.0.0.1 only, on a free port it prints.
 */
public final class HttpServerExample {
    /** How long {@code /work} may take before the client gets a 503. */
    public static final Duration TIMEOUT = Duration.ofMillis(100);

    /**
     * What the server's clients got, counted when each answer was decided.
     *
     * @param served     requests answered in full
     * @param timedOut   {@code /work} requests whose deadline passed (answered 503)
     * @param clientGone {@code /stream} requests whose client hung up
     * @param deadlineSeen {@code /work} handlers that saw their context cancelled by its deadline
     *                   ({@code Context.cause} a {@link DeadlineExceeded}): each of their clients got a
     *                   503, but a handler that answered just before the deadline and lost the race
     *                   to the timeout handler did not see it, so this is at most {@code timedOut}
     */
    public record Stats(long served, long timedOut, long clientGone, long deadlineSeen) {}

    private final HttpServer server;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong clientGone = new AtomicLong();
    private final AtomicLong deadlineSeen = new AtomicLong();

    private HttpServerExample(Context base) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RequestHandler bounded = GoHttpServer.timeoutHandler(this::work, TIMEOUT, "too slow\n");
        server.createContext("/work", GoHttpServer.handler(base, (ctx, ex) -> {
            bounded.handle(ctx, ex);
            // Counted from what the client got: a handler that finishes as its deadline passes
            // cannot tell whether its answer or the 503 went out; the timeout handler decided.
            switch (ex.getResponseCode()) {
                case 200 -> served.incrementAndGet();
                case 503 -> timedOut.incrementAndGet();
                default -> { }
            }
        }));
        server.createContext("/stream", GoHttpServer.handler(base, this::stream));
        server.start();
    }

    /**
     * Starts a server on 127.0.0.1 and a free port; ending {@code base} cancels every request.
     *
     * @param base the parent of every request's context
     * @return the running server
     * @throws IOException if the server cannot bind
     */
    public static HttpServerExample start(Context base) throws IOException {
        return new HttpServerExample(base);
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Returns what the server has seen so far.
     *
     * @return the counts
     */
    public Stats stats() {
        return new Stats(served.get(), timedOut.get(), clientGone.get(), deadlineSeen.get());
    }

    /** Stops the server at once; requests in flight see their writes fail. */
    public void stop() {
        server.stop(0);
    }

    /** {@code /work?ms=N}: two backend calls in parallel, sharing the request's context. */
    private void work(Context ctx, HttpExchange ex) throws IOException {
        String ms = query(ex).getOrDefault("ms", "0");
        if (!ms.matches("[0-9]{1,9}")) {
            badRequest(ex, "ms must be a number of milliseconds (at most 9 digits), not \"" + ms + "\"\n");
            return;
        }
        Duration each = Duration.ofMillis(Long.parseLong(ms));
        var g = Group.withContext(ctx);
        String[] answers = new String[2];
        for (int i = 0; i < answers.length; i++) {
            int backend = i;
            g.group().go(() -> answers[backend] = backend(g.context(), "backend-" + backend, each));
        }
        if (g.group().await() == null) {
            reply(ex, answers[0] + " " + answers[1] + "\n");
        } else if (Context.cause(ctx) instanceof DeadlineExceeded) {   // the backends were cancelled by it
            deadlineSeen.incrementAndGet();
        }
    }

    /** A backend call that takes {@code d}, or gives up with ctx's error when ctx ends first. */
    private static String backend(Context ctx, String name, Duration d) {
        return Select.select(
                Select.recv(Time.after(d), t -> name + ":ok"),
                Select.recv(ctx.done(), v -> {
                    throw ctx.err();
                }));
    }

    /** {@code /stream}: a line every millisecond until the client is seen gone. */
    private void stream(Context ctx, HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, 0);   // chunked
        OutputStream out = ex.getResponseBody();
        byte[] line = ("tick from goroutine " + Go.goid() + "\n").getBytes(StandardCharsets.UTF_8);
        try (Ticker tick = Time.newTicker(Duration.ofMillis(1))) {   // one timer, not one per line
            while (ctx.err() == null) {
                out.write(line);
                out.flush();
                Select.select(Select.recv(tick.c()), Select.recv(ctx.done()));
            }
        } catch (IOException e) {
            if (Context.cause(ctx) instanceof ClientDisconnected) {
                clientGone.incrementAndGet();
                return;
            }
            throw e;
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null || !q.contains("=")) {
            return Map.of();
        }
        String[] kv = q.split("=", 2);
        return Map.of(kv[0], kv[1]);
    }

    private static void reply(HttpExchange ex, String body) throws IOException {
        send(ex, 200, body);
    }

    private static void badRequest(HttpExchange ex, String body) throws IOException {
        send(ex, 400, body);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    /**
     * A client that goes away: sends {@code GET path} to the server on 127.0.0.1, waits for the
     * response to start, then hangs up with a reset.
     *
     * @param port the server's port
     * @param path the path and query
     * @param wait how long to wait for the response to start
     * @throws IOException if the connection fails or the response does not start in time
     */
    public static void hangUp(int port, String path, Duration wait) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) wait.toMillis());
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (s.getInputStream().read() < 0) {
                throw new IOException("the server closed the connection before answering " + path);
            }
            s.setSoLinger(true, 0);   // close with a reset, as a client that crashed or gave up
        }
    }

    /**
     * Serves until the process is stopped.
     *
     * @param args none
     * @throws IOException if the server cannot bind
     */
    public static void main(String[] args) throws IOException {
        HttpServerExample s = start(Context.background());
        System.out.println("listening on http://127.0.0.1:" + s.port() + "/work?ms=10 and /stream");
    }
}
