package io.go4j.examples;

import io.go4j.Chan;
import io.go4j.Select;
import io.go4j.context.Context;
import io.go4j.http.GoContextFilter;
import io.go4j.http.GoTimeoutFilter;
import io.go4j.time.Time;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.Serial;
import java.time.Duration;
import java.util.EnumSet;

/**
 * ServletExample is go4j-http's servlet filters in an embedded Jetty 12 (Jakarta EE 10) on
 * 127.0.0.1: {@code GoContextFilter} runs each request in a goroutine with a go4j {@code Context},
 * and {@code GoTimeoutFilter} (Go's {@code http.TimeoutHandler}) answers 503 with its body when
 * the servlet takes longer than {@link #TIMEOUT}, and cancels the servlet's context.
 *
 * <ul>
 *   <li>{@code GET /work?ms=N}: work that takes N ms, or stops as soon as its context ends;
 *       {@code 200 "worked N ms"} in time, {@code 503 "too slow"} after {@link #TIMEOUT}.</li>
 * </ul>
 * The servlet reports each cancellation it sees ({@link #nextCancellation}): after a 503 it is
 * {@code context deadline exceeded}.
 */
public final class ServletExample {
    /** How long {@code /work} may take before the client gets a 503. */
    public static final Duration TIMEOUT = Duration.ofMillis(100);
    /** The 503's body (Go's {@code TimeoutHandler} body). */
    public static final String TOO_SLOW = "too slow\n";

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final Chan<String> cancellations = Chan.make(64);   // what each cancelled servlet saw

    private ServletExample() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        // Each request in a goroutine with a Context, then bounded by the timeout: in this order.
        FilterHolder go = context.addFilter(GoContextFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
        go.setAsyncSupported(true);
        FilterHolder timeout = new FilterHolder(new GoTimeoutFilter(TIMEOUT, TOO_SLOW));
        timeout.setAsyncSupported(true);
        context.addFilter(timeout, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder work = new ServletHolder(new Work(cancellations));
        work.setAsyncSupported(true);
        context.addServlet(work, "/work");
        server.setHandler(context);
        server.start();
    }

    /**
     * Starts a server on 127.0.0.1 and a free port.
     *
     * @return the running server
     * @throws Exception if Jetty cannot start
     */
    public static ServletExample start() throws Exception {
        return new ServletExample();
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * Waits for the next request whose context ended before its work was done, and returns what
     * its servlet saw: the context's error.
     *
     * @param wait how long to wait
     * @return the error's text, or null if none came within {@code wait}
     */
    public String nextCancellation(Duration wait) {
        return Select.select(
                Select.recv(cancellations, err -> err),
                Select.recv(Time.after(wait), t -> null));
    }

    /**
     * Stops the server.
     *
     * @throws Exception if Jetty fails to stop
     */
    public void stop() throws Exception {
        server.stop();
    }

    /** {@code /work?ms=N}: N ms of work that gives up when the request's context ends. */
    private static final class Work extends HttpServlet {
        @Serial
        private static final long serialVersionUID = 1L;

        private final transient Chan<String> cancellations;

        Work(Chan<String> cancellations) {
            this.cancellations = cancellations;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String ms = req.getParameter("ms");
            if (ms == null || !ms.matches("[0-9]{1,9}")) {
                resp.sendError(400, "ms must be a number of milliseconds (at most 9 digits)");
                return;
            }
            Context ctx = GoContextFilter.context(req);   // bounded by GoTimeoutFilter
            boolean done = Select.select(
                    Select.recv(Time.after(Duration.ofMillis(Long.parseLong(ms))), t -> true),
                    Select.recv(ctx.done(), v -> false));
            if (!done) {
                cancellations.trySend(ctx.err().getMessage());   // the client already has its 503
                return;
            }
            resp.setContentType("text/plain; charset=utf-8");
            resp.getWriter().print("worked " + ms + " ms\n");
        }
    }

    /**
     * Serves until the process is stopped.
     *
     * @param args none
     * @throws Exception if Jetty cannot start
     */
    public static void main(String[] args) throws Exception {
        ServletExample s = start();
        System.out.println("listening on http://127.0.0.1:" + s.port() + "/work?ms=10 (and ?ms=500: 503)");
    }
}
