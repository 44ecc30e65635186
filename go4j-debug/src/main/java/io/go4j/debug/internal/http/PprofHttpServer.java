package io.go4j.debug.internal.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * PprofHttpServer is a JDK {@link HttpServer} serving a {@link PprofHandler} at
 * {@code /debug/pprof} (and an empty {@code /favicon.ico}), one virtual thread per request; {@code io.go4j.debug.PprofServer} is its
 * public face, and the tests start it with a fake {@link Diagnostics}.
 *
 * <p>Closing it is bounded: requests in flight get {@link #GRACE} to finish, then their threads
 * are interrupted (a CPU profile or delta being collected ends) and the connections are closed;
 * {@link #close()} returns within about {@code GRACE + }{@link #DRAIN}.
 */
public final class PprofHttpServer implements AutoCloseable {

    /** The path the handler is mounted on. */
    public static final String PATH = "/debug/pprof";

    /** How long requests in flight may still run when the server is closed (whole seconds). */
    public static final Duration GRACE = Duration.ofSeconds(1);
    /** How long closing waits for interrupted requests' threads to end. */
    public static final Duration DRAIN = Duration.ofSeconds(5);

    private final HttpServer server;
    private final ExecutorService executor;
    private boolean closed; // guarded by this

    private PprofHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code address} and starts serving.
     *
     * @param address      where to listen (port 0 for an ephemeral port)
     * @param writeTimeout see {@link PprofHandler#PprofHandler(Diagnostics, Duration)}; null for none
     * @param diagnostics  what to serve
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static PprofHttpServer start(InetSocketAddress address, Duration writeTimeout, Diagnostics diagnostics)
            throws IOException {
        Objects.requireNonNull(address, "address");
        PprofHandler handler = new PprofHandler(diagnostics, writeTimeout);
        HttpServer server = HttpServer.create(address, 0);
        server.createContext(PATH, handler);
        // Browsers ask every server for an icon; Go's index names none. "No content" keeps their
        // consoles free of a 404 that is not the pages' (the goroutine page names a data: icon).
        server.createContext("/favicon.ico", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("go4j-pprof-http-", 0).factory());
        server.setExecutor(executor);
        server.start();
        return new PprofHttpServer(server, executor);
    }

    /** @return the address it listens on (with the actual port) */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Stops the server: no new connection is accepted, requests in flight get {@link #GRACE}
     * then are interrupted, and it returns when their threads have ended or after
     * {@link #DRAIN}. Closing twice does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        server.stop((int) GRACE.toSeconds());
        executor.shutdownNow();
        try {
            executor.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
