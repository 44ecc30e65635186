package io.go4j.http;

import io.go4j.Select;
import io.go4j.context.CancelCauseContext;
import io.go4j.context.Canceled;
import io.go4j.context.Context;
import io.go4j.time.Time;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.go4j.http.Clients.WAIT;
import static io.go4j.http.Clients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** GoContextFilter in an embedded Jetty 12 (Jakarta EE 10 servlets), bound to 127.0.0.1, port 0. */
class GoContextFilterTest {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ServletContextHandler context = new ServletContextHandler();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();

    GoContextFilterTest() {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context.setContextPath("/");
        FilterHolder filter = context.addFilter(GoContextFilter.class, "/go/*", EnumSet.of(DispatcherType.REQUEST));
        filter.setAsyncSupported(true);
        server.setHandler(context);
    }

    private void serve(String path, HttpServlet servlet) throws Exception {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, path);
        if (!server.isStarted()) {
            server.start();
        }
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

    @Test
    @DisplayName("a servlet behind the filter runs in a goroutine with a context cancelled when the request ends")
    void aServletRunsInAGoroutineWithAContextCancelledAtTheEnd() throws Exception {
        CompletableFuture<Context> seen = new CompletableFuture<>();
        CountDownLatch cancelled = new CountDownLatch(1);
        serve("/go/hello", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Context ctx = GoContextFilter.context(req);
                Context.afterFunc(ctx, cancelled::countDown);
                seen.complete(ctx);
                resp.setContentType("text/plain");
                resp.getWriter().print("virtual=" + Thread.currentThread().isVirtual() + " err=" + ctx.err());
            }
        });
        HttpResponse<String> r = get("/go/hello");
        assertEquals(200, r.statusCode());
        assertEquals("virtual=true err=null", r.body());
        await(cancelled, "the request's context is cancelled");
        assertSame(Canceled.INSTANCE, seen.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).err());
    }

    @Test
    @DisplayName("a client that hangs up cancels the context with ClientDisconnected at the next failing write")
    void aClientThatHangsUpCancelsTheContext() throws Exception {
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        serve("/go/stream", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                Context ctx = GoContextFilter.context(req);
                byte[] chunk = new byte[8192];
                try {
                    ServletOutputStream out = resp.getOutputStream();
                    while (ctx.err() == null) {
                        out.write(chunk);
                        out.flush();
                    }
                } catch (IOException expected) {
                    // the client has gone
                }
                cause.complete(Context.cause(ctx));
            }
        });
        Clients.getAndHangUp(connector.getLocalPort(), "/go/stream");
        assertInstanceOf(ClientDisconnected.class, cause.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    @DisplayName("an error the container reports on the request (Jetty's connector stopping under it) cancels the context with ClientDisconnected")
    void anErrorTheContainerReportsCancelsTheContext() throws Exception {
        // The servlet computes and writes nothing, so no write can fail: the filter hears of the
        // end only through AsyncListener.onError. Jetty 12 calls it when the server's connector
        // stops under an asynchronous request; it does not for a client's reset or an idle
        // timeout while nothing is read or written (those fail a pending read only), nor when the
        // server closes the endpoint alone. The connector, not the whole server: server.stop()
        // may stop the thread pool before it runs the listener's onError (a CI run saw the
        // request end unreported).
        CountDownLatch inFlight = new CountDownLatch(1);
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        serve("/go/think", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                Context ctx = GoContextFilter.context(req);
                inFlight.countDown();
                Select.select(Select.recv(ctx.done()), Select.recv(Time.after(WAIT)));
                cause.complete(Context.cause(ctx));
            }
        });
        URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/go/think");
        CompletableFuture<HttpResponse<String>> answer =
                client.sendAsync(HttpRequest.newBuilder(uri).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        await(inFlight, "the request is in its servlet");
        connector.stop();   // closes the connection under the request, the server's threads still running
        Throwable c = cause.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertInstanceOf(ClientDisconnected.class, c, () -> String.valueOf(c));
        assertInstanceOf(IOException.class, c.getCause(), () -> "the container's error is the cause: " + c);
        answer.cancel(true);
    }

    @Test
    @DisplayName("cancelling the filter's base context cancels every request in flight with the base's cause")
    void cancellingTheBaseContextCancelsRequestsInFlight() throws Exception {
        CancelCauseContext base = Context.withCancelCause(Context.background());
        FilterHolder filter = new FilterHolder(new GoContextFilter(base));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/base/*", EnumSet.of(DispatcherType.REQUEST));
        int requests = 3;
        CountDownLatch inFlight = new CountDownLatch(requests);
        serve("/base/wait", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Context ctx = GoContextFilter.context(req);
                inFlight.countDown();
                Select.select(Select.recv(ctx.done()), Select.recv(Time.after(WAIT)));
                resp.getWriter().print(Context.cause(ctx).getMessage());
            }
        });
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/base/wait");
            answers.add(client.sendAsync(HttpRequest.newBuilder(uri).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString()));
        }
        await(inFlight, "every request is in its servlet");
        base.cancel(new IllegalStateException("server shutting down"));
        for (CompletableFuture<HttpResponse<String>> a : answers) {
            HttpResponse<String> r = a.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(200, r.statusCode());
            assertEquals("server shutting down", r.body());
        }
        assertEquals("server shutting down", get("/base/wait").body(), "a request after the cancel starts done");
    }

    @Test
    @DisplayName("a servlet that throws before responding gets a 500")
    void aServletThatThrowsGetsA500() throws Exception {
        serve("/go/fail", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                throw new IllegalStateException("servlet failure (expected in this test)");
            }
        });
        assertEquals(500, get("/go/fail").statusCode());
    }

    @Test
    @DisplayName("a request the filter did not serve has no context, and asking says why")
    void aRequestTheFilterDidNotServeHasNoContext() throws Exception {
        CompletableFuture<String> message = new CompletableFuture<>();
        serve("/plain", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                message.complete(assertThrows(IllegalStateException.class, () -> GoContextFilter.context(req)).getMessage());
            }
        });
        assertEquals(200, get("/plain").statusCode());
        assertEquals("go4j: no request context: is GoContextFilter mapped to this request?",
                message.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }
}
