package io.go4j.http;

import io.go4j.Go;
import io.go4j.Select;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;
import io.go4j.errgroup.Group;
import io.go4j.time.Time;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.go4j.http.Clients.WAIT;
import static io.go4j.http.Clients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GoTimeoutFilter (Go's http.TimeoutHandler) behind GoContextFilter in an embedded Jetty 12,
 * bound to 127.0.0.1, port 0. The stress test is short under CI=true.
 */
class GoTimeoutFilterTest {
    private static final boolean SHORT = Boolean.getBoolean("go4j.ci") || "true".equalsIgnoreCase(System.getenv("CI"));
    private static final int REQUESTS = SHORT ? 200 : 2_000;

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ServletContextHandler context = new ServletContextHandler();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();

    GoTimeoutFilterTest() {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context.setContextPath("/");
        context.addFilter(GoContextFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST)).setAsyncSupported(true);
        server.setHandler(context);
    }

    /** Serves {@code servlet} at {@code path} behind GoContextFilter and a GoTimeoutFilter of {@code timeout}. */
    private void serve(String path, Duration timeout, HttpServlet servlet) throws Exception {
        FilterHolder filter = new FilterHolder(new GoTimeoutFilter(timeout, "too slow"));
        filter.setAsyncSupported(true);
        context.addFilter(filter, path, EnumSet.of(DispatcherType.REQUEST));
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, path);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        client.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
        return client.send(HttpRequest.newBuilder(uri).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertTimedOut(HttpResponse<String> r) {
        assertEquals(503, r.statusCode());
        assertEquals("too slow", r.body());
        assertEquals("text/plain;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
        assertTrue(r.headers().firstValue("X-Handler").isEmpty(), "none of the handler's headers");
    }

    @Test
    @DisplayName("a servlet that finishes in time sends its status, headers, cookies and printed body")
    void aServletInTimeSendsItsResponse() throws Exception {
        serve("/fast", WAIT, new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                assertNull(GoContextFilter.context(req).err());
                resp.setStatus(201);
                resp.setHeader("X-Handler", "fast");
                resp.addCookie(new Cookie("flavour", "oat"));
                resp.setContentType("text/plain; charset=utf-8");
                resp.getWriter().print("made it \u2713");
            }
        });
        HttpResponse<String> r = get("/fast");
        assertEquals(201, r.statusCode());
        assertEquals("made it \u2713", r.body());
        assertEquals("fast", r.headers().firstValue("X-Handler").orElseThrow());
        assertTrue(r.headers().firstValue("Set-Cookie").orElseThrow().startsWith("flavour=oat"));
    }

    @Test
    @DisplayName("after the deadline the client gets 503 with the body, the servlet's context is cancelled and its late write fails")
    void afterTheDeadlineTheClientGets503AndTheLateWriteFails() throws Exception {
        CompletableFuture<String> late = new CompletableFuture<>();
        serve("/slow", Duration.ofMillis(100), new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                Context ctx = GoContextFilter.context(req);
                ctx.done().recv();   // works until its context says stop
                try {
                    resp.getOutputStream().write("late".getBytes());
                    late.complete("written");
                } catch (IOException e) {
                    late.complete(Context.cause(ctx).getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        });
        assertTimedOut(get("/slow"));
        assertEquals(DeadlineExceeded.class.getSimpleName() + ": http: Handler timeout",
                late.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    @DisplayName("a servlet that ignores cancellation does not hold up the 503, and what it does afterwards is discarded")
    void aServletThatIgnoresCancellationDoesNotHoldUpThe503() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        CompletableFuture<List<String>> late = new CompletableFuture<>();
        serve("/stubborn", Duration.ofMillis(50), new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Context ctx = GoContextFilter.context(req);
                try {
                    await(released, "the test releases the servlet");   // not the context: it ignores it
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                IllegalStateException header = assertThrows(IllegalStateException.class, () -> resp.setHeader("X-Handler", "late"));
                IOException write = assertThrows(IOException.class, () -> resp.getOutputStream().write('x'));
                PrintWriter w = resp.getWriter();
                w.print("late");
                w.flush();
                late.complete(List.of(String.valueOf(ctx.err() == DeadlineExceeded.INSTANCE), header.getMessage(),
                        write.getMessage(), String.valueOf(w.checkError())));
            }
        });
        HttpResponse<String> r = get("/stubborn");   // answered while the servlet is still blocked
        released.countDown();
        assertTimedOut(r);
        assertEquals(List.of("true", "http: Handler timeout", "http: Handler timeout", "true"),
                late.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    @DisplayName("servlets finishing around their deadline give either their whole response or the 503, never a mix, and leave no goroutine")
    void servletsAroundTheDeadlineGiveTheirResponseOrThe503() throws Exception {
        serve("/edge", Duration.ofMillis(1), new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Context ctx = GoContextFilter.context(req);
                Duration work = Duration.ofNanos(ThreadLocalRandom.current().nextLong(2_000_000));
                Select.select(Select.recv(Time.after(work)), Select.recv(ctx.done()));
                resp.setHeader("X-Handler", "done");
                resp.getOutputStream().write("done".getBytes());
            }
        });
        int baseline = Go.numGoroutine();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        Group load = new Group();
        load.setLimit(8);
        for (int i = 0; i < REQUESTS; i++) {
            load.go(() -> {
                HttpResponse<String> r = get("/edge");
                if (r.statusCode() == 200) {
                    assertEquals("done", r.body());
                    assertEquals("done", r.headers().firstValue("X-Handler").orElseThrow());
                    ok.incrementAndGet();
                } else {
                    assertTimedOut(r);
                    timedOut.incrementAndGet();
                }
            });
        }
        assertNull(load.await());
        assertEquals(REQUESTS, ok.get() + timedOut.get());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Go.numGoroutine() > baseline && System.nanoTime() < deadline) {
            Thread.sleep(5);   // a bounded poll: servlet goroutines end just after their responses
        }
        assertTrue(Go.numGoroutine() <= baseline, () -> Go.numGoroutine() + " goroutines left, " + baseline + " before");
    }

    @Test
    @DisplayName("a servlet's sendError in time is sent as the servlet's error, not as a timeout")
    void aSendErrorInTimeIsSent() throws Exception {
        serve("/missing", WAIT, new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().print("dropped by sendError");
                resp.sendError(404);
            }
        });
        HttpResponse<String> r = get("/missing");
        assertEquals(404, r.statusCode());
        assertTrue(!r.body().contains("dropped"), r.body());
    }

    @Test
    @DisplayName("a servlet that throws in time gets a 500, and nothing it wrote is sent")
    void aServletThatThrowsGetsA500() throws Exception {
        serve("/fail", WAIT, new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setHeader("X-Handler", "failed");
                resp.getWriter().print("half");
                throw new IllegalStateException("servlet failure (expected in this test)");
            }
        });
        HttpResponse<String> r = get("/fail");
        assertEquals(500, r.statusCode());
        assertTrue(r.headers().firstValue("X-Handler").isEmpty());
        assertTrue(!r.body().contains("half"), r.body());
    }

    @Test
    @DisplayName("the filter reads its timeout and body from init parameters, and says what is wrong with them")
    void theFilterReadsItsInitParameters() throws ServletException {
        new GoTimeoutFilter().init(config(Map.of("timeout", "PT2S", "body", "too slow")));
        ServletException missing = assertThrows(ServletException.class, () -> new GoTimeoutFilter().init(config(Map.of("body", "x"))));
        assertEquals("go4j: GoTimeoutFilter needs the init parameters timeout (e.g. PT2S) and body", missing.getMessage());
        ServletException bad = assertThrows(ServletException.class,
                () -> new GoTimeoutFilter().init(config(Map.of("timeout", "2s", "body", "x"))));
        assertEquals("go4j: GoTimeoutFilter: timeout is not a positive ISO-8601 duration: 2s", bad.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new GoTimeoutFilter(Duration.ZERO, "x"));
        assertEquals("go4j: GoTimeoutFilter: timeout must be positive: PT0S", zero.getMessage());
    }

    @Test
    @DisplayName("the filter behind no GoContextFilter refuses the request and says why")
    void withoutGoContextFilterTheRequestIsRefused() {
        GoTimeoutFilter filter = new GoTimeoutFilter(WAIT, "too slow");
        HttpServletRequest request = proxy(HttpServletRequest.class);   // getAttribute: null, no context
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> filter.doFilter(request, proxy(HttpServletResponse.class), (rq, rs) -> { }));
        assertEquals("go4j: no request context: is GoContextFilter mapped to this request?", e.getMessage());
    }

    /** An implementation of {@code type} whose every method returns null (or false, or 0). */
    private static <T> T proxy(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) ->
                m.getReturnType() == boolean.class ? false : m.getReturnType() == int.class ? 0 : null));
    }

    private static FilterConfig config(Map<String, String> params) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "timeout";
            }

            @Override
            public ServletContext getServletContext() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String getInitParameter(String name) {
                return params.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        };
    }
}
