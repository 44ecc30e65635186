package io.go4j.debug;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.go4j.debug.internal.http.Diagnostics;
import io.go4j.debug.internal.http.PprofHandler;
import io.go4j.debug.internal.http.PprofHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * PprofServer serves Go's {@code /debug/pprof} over HTTP, as Go's {@code net/http/pprof} does,
 * on the JDK's own HTTP server, so that {@code go tool pprof}, Pyroscope and Grafana Alloy read a
 * go4j program as they read a Go one.
 *
 * <p>Paths, under {@code /debug/pprof}: {@code /} (the index), {@code goroutine},
 * {@code block}, {@code mutex}, {@code goroutineleak} and every other profile by name, with
 * {@code ?debug=0} (gzip {@code profile.proto}, the default), {@code ?debug=1} (Go's legacy
 * text), {@code ?debug=2} (goroutine: the full dump) or {@code ?seconds=N} (the profile's change
 * over N seconds); {@code profile?seconds=N} (a CPU profile, 30 seconds by default);
 * {@code cmdline} (the JVM's command line, arguments separated by NUL bytes); {@code symbol}.
 * Beyond Go: {@code goroutines.html}, a page that groups identical stacks with their counts,
 * states, longest waits and labels, filterable and sortable; {@code goroutines.json}, every
 * goroutine as JSON. {@code trace?seconds=N} is go4j-trace's execution trace (Go's format, for
 * {@code go tool trace}) when go4j-trace is on the class or module path, found through
 * {@code internal.TraceEndpoint}; without it {@code trace} answers 501, naming that module.
 *
 * <p>Errors: an unknown profile is Go's 404 {@code Unknown profile}; a bad parameter
 * ({@code debug=x}, {@code seconds=-1}, a duration at or beyond the write timeout) is a 400 whose
 * text says what was wrong; a failure of the runtime is a 500 with its message, and is logged
 * ({@link System.Logger}). Input never causes a 500.
 *
 * <p>Security: the profiles show the program's stacks, labels and command line. {@link #start()}
 * binds the loopback address only; bind another address only on purpose, as with Go's
 * {@code localhost:6060}.
 *
 * <pre>{@code
 * try (PprofServer pprof = PprofServer.start(6060)) {
 *     // go tool pprof http://127.0.0.1:6060/debug/pprof/goroutine
 *     runTheProgram();
 * }
 * }</pre>
 */
public final class PprofServer implements AutoCloseable {

    /** The path Go serves its profiles under, and the one {@link #start()} uses. */
    public static final String PATH = PprofHttpServer.PATH;

    private final PprofHttpServer server;

    private PprofServer(PprofHttpServer server) {
        this.server = server;
    }

    /**
     * Starts a server on the loopback address, {@code 127.0.0.1}, on an ephemeral port (see
     * {@link #address()}).
     *
     * @return the running server
     * @throws IOException if no port can be bound
     */
    public static PprofServer start() throws IOException {
        return start(0);
    }

    /**
     * Starts a server on the loopback address, {@code 127.0.0.1}, on {@code port}.
     *
     * @param port the port, 0 for an ephemeral one
     * @return the running server
     * @throws IOException if the port cannot be bound (in use, say)
     */
    public static PprofServer start(int port) throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /**
     * Starts a server on {@code address}, which may be any address: a wildcard or public one
     * exposes the program's stacks to whoever can reach it.
     *
     * @param address where to listen
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static PprofServer start(InetSocketAddress address) throws IOException {
        return start(address, null);
    }

    /**
     * Starts a server on {@code address} that refuses, with Go's 400 {@code profile duration
     * exceeds server's WriteTimeout}, any CPU profile or delta of {@code writeTimeout} or more, as
     * Go's handler does for its server's {@code WriteTimeout}. It only bounds the durations asked
     * for; it does not cut off slow responses.
     *
     * @param address      where to listen
     * @param writeTimeout the limit (positive), or null for none (Go's default server has none)
     * @return the running server
     * @throws IOException              if the address cannot be bound
     * @throws IllegalArgumentException if {@code writeTimeout} is zero or negative
     */
    public static PprofServer start(InetSocketAddress address, Duration writeTimeout) throws IOException {
        return new PprofServer(PprofHttpServer.start(address, writeTimeout, Diagnostics.runtime()));
    }

    /**
     * Returns a handler serving the pprof paths under the path of whatever context it is
     * mounted on, for a server the program already has. Each request runs on the server's
     * executor, and a CPU profile or delta holds its thread for the whole duration: give the
     * server a virtual-thread executor ({@code Executors.newVirtualThreadPerTaskExecutor()}).
     *
     * @return a new handler
     */
    public static HttpHandler handler() {
        return new PprofHandler(Diagnostics.runtime(), null);
    }

    /**
     * Mounts {@link #handler()} on {@code server} at {@code path} ({@link #PATH} for Go's
     * paths): {@code path} itself redirects to {@code path + "/"}, the index.
     *
     * @param server the server
     * @param path   where, starting with {@code /}; a trailing {@code /} is ignored
     * @return the context created
     * @throws IllegalArgumentException if {@code path} does not start with {@code /}, or the
     *                                  server has a context at that path already
     */
    public static HttpContext mount(HttpServer server, String path) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
        String context = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return server.createContext(context, handler());
    }

    /**
     * Returns the address the server listens on, with its actual port (the ephemeral one if it
     * was started on port 0).
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * Returns the index page's address, {@code http://HOST:PORT/debug/pprof/}.
     *
     * @return the URI
     */
    public URI uri() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + PATH + "/");
    }

    /**
     * Stops the server: it stops accepting connections, gives requests in flight one second,
     * then interrupts them (a CPU profile being taken ends), and returns within a few seconds.
     * Closing a closed server does nothing.
     */
    @Override
    public void close() {
        server.close();
    }
}
