package io.go4j.http;

import io.go4j.context.CancelContext;
import io.go4j.context.Context;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * GoTimeoutFilter is Go's {@code http.TimeoutHandler} for a Jakarta Servlet 6 container: the rest
 * of the chain runs with a deadline. If it finishes in time, its response (status, headers,
 * cookies, body) is sent as it wrote it. Otherwise the client gets {@code 503 Service Unavailable}
 * with the filter's body as {@code text/plain}, the request's context
 * ({@link GoContextFilter#context}, as the servlet sees it) is cancelled with
 * {@code DeadlineExceeded}, and what the servlet writes afterwards is discarded: its writes throw
 * {@link IOException} {@code "http: Handler timeout"} (Go's {@code ErrHandlerTimeout}), its
 * header changes {@link IllegalStateException}, and a {@code PrintWriter}'s
 * {@code checkError()} becomes true.
 *
 * <p>Map it after {@link GoContextFilter} (the request must have a go4j context), for the same
 * requests:
 *
 * <pre>{@code
 * context.addFilter(GoContextFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST)).setAsyncSupported(true);
 * FilterHolder timeout = new FilterHolder(new GoTimeoutFilter(Duration.ofSeconds(2), "too slow"));
 * timeout.setAsyncSupported(true);
 * context.addFilter(timeout, "/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 *
 * <p>In {@code web.xml}, the init parameters {@code timeout} (an ISO-8601 duration, e.g.
 * {@code PT2S}) and {@code body} configure the no-argument constructor's filter.
 *
 * <p>The servlet writes into a buffer, as in Go, so its response reaches the client only when it
 * has finished: do not use it for streaming ({@code flushBuffer} sends nothing). If the request's
 * context ends first for another reason (the client gone), nothing is sent. An exception from
 * the servlet is rethrown, and nothing of its response is sent (as Go re-panics), except the
 * {@code "http: Handler timeout"} of a late write, which ends the request as a timeout. The
 * servlet runs in a goroutine of its own; after the deadline the request is completed while it
 * may still run: it must not use the request then (the container may recycle it), only its
 * context, which is done.
 */
public final class GoTimeoutFilter implements Filter {
    private Duration timeout;   // set by the constructor or init, before the first request
    private byte[] body;        // set by the constructor or init, before the first request

    /**
     * Creates a filter configured by its init parameters {@code timeout} (ISO-8601, e.g.
     * {@code PT2S}) and {@code body}, as a container does from {@code web.xml}.
     */
    public GoTimeoutFilter() {}

    /**
     * Creates a filter that gives the rest of the chain {@code timeout}, then answers 503 with
     * {@code body}.
     *
     * @param timeout how long the rest of the chain may take; must be positive
     * @param body    the body of the 503 response
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public GoTimeoutFilter(Duration timeout, String body) {
        configure(timeout, body);
    }

    private void configure(Duration timeout, String body) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(body, "body");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("go4j: GoTimeoutFilter: timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the init parameters {@code timeout} and {@code body}, unless the filter was
     * constructed with them.
     *
     * @param config the filter's configuration
     * @throws ServletException if a parameter is missing or {@code timeout} is not a positive
     *                          ISO-8601 duration
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        if (timeout != null) {
            return;
        }
        String t = config.getInitParameter("timeout");
        String b = config.getInitParameter("body");
        if (t == null || b == null) {
            throw new ServletException("go4j: GoTimeoutFilter needs the init parameters timeout (e.g. PT2S) and body");
        }
        try {
            configure(Duration.parse(t), b);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ServletException("go4j: GoTimeoutFilter: timeout is not a positive ISO-8601 duration: " + t, e);
        }
    }

    /**
     * Runs the rest of {@code chain} in a new goroutine with the request's context bounded by
     * the timeout, and sends its response or, after the deadline, the 503.
     *
     * @param request  the request
     * @param response the response
     * @param chain    the rest of the chain
     * @throws IOException      if the servlet throws it, or sending the response fails
     * @throws ServletException if the servlet throws it, or the filter is not configured
     */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (timeout == null) {
            throw new ServletException("go4j: GoTimeoutFilter is not configured: no timeout");
        }
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);   // not HTTP: nothing to bound
            return;
        }
        try (CancelContext bounded = Context.withTimeout(GoContextFilter.context(request), timeout)) {
            TimeoutBuffer buffer = new TimeoutBuffer(bounded);
            TimeoutServletResponse buffered = new TimeoutServletResponse(httpResponse, buffer);
            HttpServletRequest withBounded = new HttpServletRequestWrapper(http) {
                @Override
                public Object getAttribute(String name) {
                    return GoContextFilter.ATTRIBUTE.equals(name) ? bounded : super.getAttribute(name);
                }
            };
            buffer.serve(() -> {
                chain.doFilter(withBounded, buffered);
                buffered.flushWriter();
            }, body, buffered);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);   // chain.doFilter throws no other checked exception
        }
    }
}
