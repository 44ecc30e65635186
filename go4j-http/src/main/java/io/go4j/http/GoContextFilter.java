package io.go4j.http;

import io.go4j.Go;
import io.go4j.context.CancelCauseContext;
import io.go4j.context.Context;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * GoContextFilter runs each request of a Jakarta Servlet 6 container in a goroutine of its own,
 * with a go4j {@link Context} that the servlet reads with {@link #context(ServletRequest)}:
 *
 * <pre>{@code
 * protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
 *     Context ctx = GoContextFilter.context(req);   // done when the request ends or the client is gone
 *     resp.getWriter().print(work(ctx));
 * }
 * }</pre>
 *
 * <p>The filter starts asynchronous processing, so it and every servlet it serves must be
 * {@code asyncSupported} (a request that is not is refused with a {@link ServletException} that
 * says so): the container's thread is returned at once, and the rest of the chain runs in the
 * goroutine, which completes the request when it returns. The context is cancelled when the
 * chain returns or throws, when a write of the response fails because the client has gone
 * ({@link ClientDisconnected}), and when the container reports an error on the request
 * ({@code AsyncListener.onError}, also {@link ClientDisconnected}: a connection's idle timeout, a
 * failed I/O), and when the filter's base context ends ({@link #GoContextFilter(Context)}).
 * The container's asynchronous
 * timeout is turned off: bound the work with the context instead. An exception from the chain is
 * logged by the {@code System.Logger} {@code io.go4j.http} and answered with 500 if the response
 * was not committed.
 */
public final class GoContextFilter implements Filter {
    /** The request attribute holding the request's context. */
    public static final String ATTRIBUTE = "io.go4j.http.context";

    @SuppressWarnings("ContainedContext")   // Go's Server.BaseContext: the server's lifetime, every request's parent
    private final Context base;             // fixed at construction

    /**
     * Creates the filter whose request contexts are children of {@code Context.background()};
     * containers do, from {@code web.xml} or {@code addFilter(GoContextFilter.class, ...)}.
     */
    public GoContextFilter() {
        this(Context.background());
    }

    /**
     * Creates the filter whose request contexts are children of {@code base} (Go's
     * {@code Server.BaseContext}, as {@link GoHttpServer#handler(Context, RequestHandler)}):
     * cancelling {@code base} cancels every request in flight, with {@code base}'s cause, and a
     * request that arrives after it starts with its context already done. Register the instance
     * with the container ({@code new FilterHolder(filter)} in Jetty,
     * {@code ServletContext.addFilter(name, filter)}).
     *
     * @param base the parent of every request's context
     * @throws NullPointerException if {@code base} is null
     */
    public GoContextFilter(Context base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    /**
     * Returns the request's go4j context.
     *
     * @param request a request that went through this filter
     * @return its context
     * @throws IllegalStateException if the filter did not serve {@code request}
     */
    public static Context context(ServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof Context ctx) {
            return ctx;
        }
        throw new IllegalStateException("go4j: no request context: is GoContextFilter mapped to this request?");
    }

    /**
     * Runs the rest of {@code chain} in a new goroutine with the request's context.
     *
     * @param request  the request
     * @param response the response
     * @param chain    the rest of the chain
     * @throws ServletException if the request does not support asynchronous processing
     */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws ServletException {
        if (!request.isAsyncSupported()) {
            throw new ServletException("go4j: GoContextFilter needs asynchronous processing: mark the filter "
                    + "and the servlets it serves asyncSupported");
        }
        CancelCauseContext ctx = Context.withCancelCause(base);
        ServletResponse watched = response instanceof HttpServletResponse http
                ? new Watched(http, ctx) : response;
        AsyncContext async = request.startAsync(request, watched);
        async.setTimeout(0);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                ctx.cancel();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                ctx.cancel();
            }

            @Override
            public void onError(AsyncEvent event) {
                ctx.cancel(new ClientDisconnected(event.getThrowable()));
            }

            @Override
            public void onStartAsync(AsyncEvent event) {}
        });
        request.setAttribute(ATTRIBUTE, ctx);
        Go.go(() -> {
            try {
                chain.doFilter(request, watched);
            } catch (Throwable t) {
                if (Go.isGoexit(t)) {
                    throw t;
                }
                failed(request, watched, t);
            } finally {
                if (watched instanceof Watched w) {
                    w.flushWriter();   // what the servlet printed is still in the writer's encoder
                }
                ctx.cancel();
                complete(async);
            }
        });
    }

    /**
     * Completes the request, unless the container already has: after an error it reported
     * ({@code onError}: the server stopping under the request) or a {@code sendError}, Jetty
     * completes the request itself and {@code complete()} throws {@link IllegalStateException};
     * nothing is left to do then, and it is not the servlet's panic.
     */
    private static void complete(AsyncContext async) {
        try {
            async.complete();
        } catch (IllegalStateException alreadyEnded) {
            // the container ended the request
        }
    }

    private static void failed(ServletRequest request, ServletResponse response, Throwable t) {
        if (!response.isCommitted() && response instanceof HttpServletResponse http) {
            try {
                http.sendError(500);
            } catch (IOException | IllegalStateException e) {
                t.addSuppressed(e);
            }
        }
        System.getLogger(GoHttpServer.LOGGER).log(Level.ERROR,
                "http: panic serving " + request.getRemoteAddr() + ": " + t, t);
    }

    /** A response whose body cancels the request's context when a write fails. */
    private static final class Watched extends HttpServletResponseWrapper {
        private final CancelCauseContext ctx;
        private ServletOutputStream out;   // the request's goroutine only
        private PrintWriter writer;        // the request's goroutine only

        Watched(HttpServletResponse response, CancelCauseContext ctx) {
            super(response);
            this.ctx = ctx;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new WatchedStream(super.getOutputStream(), ctx);
            }
            return out;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                Charset cs = Charset.forName(getCharacterEncoding());
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), cs));
            }
            return writer;
        }

        /** Flushes the writer, if the servlet used one; a failure has already cancelled the context. */
        void flushWriter() {
            if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public void flushBuffer() throws IOException {
            if (writer != null) {
                writer.flush();
            }
            try {
                super.flushBuffer();
            } catch (IOException e) {
                ctx.cancel(new ClientDisconnected(e));
                throw e;
            }
        }
    }

    /** The container's stream, through a {@link CancellingOutputStream}. */
    private static final class WatchedStream extends ServletOutputStream {
        private final ServletOutputStream real;
        private final CancellingOutputStream out;

        WatchedStream(ServletOutputStream real, CancelCauseContext ctx) {
            this.real = real;
            this.out = new CancellingOutputStream(real, ctx);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return real.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            real.setWriteListener(listener);
        }
    }
}
