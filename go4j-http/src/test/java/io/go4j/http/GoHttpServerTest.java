package io.go4j.http;

import com.sun.net.httpserver.HttpServer;
import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.context.CancelCauseContext;
import io.go4j.context.Canceled;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.go4j.http.Clients.WAIT;
import static io.go4j.http.Clients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GoHttpServer's handler and timeout handler on the JDK's HttpServer, bound to 127.0.0.1, port 0. */
class GoHttpServerTest {
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();

    GoHttpServerTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        client.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Test
    @DisplayName("each request runs in a goroutine with a context that is cancelled when the handler returns")
    void eachRequestRunsInAGoroutineWithAContextCancelledAtTheEnd() throws Exception {
        CompletableFuture<Context> seen = new CompletableFuture<>();
        CountDownLatch cancelled = new CountDownLatch(1);
        server.createContext("/", GoHttpServer.handler((ctx, ex) -> {
            Context.afterFunc(ctx, cancelled::countDown);
            seen.complete(ctx);
            reply(ex, 200, "virtual=" + Thread.currentThread().isVirtual() + " err=" + ctx.err());
        }));
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertEquals("virtual=true err=null", r.body());
        await(cancelled, "the request's context is cancelled");
        Context ctx = seen.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertSame(Canceled.INSTANCE, ctx.err());
        assertSame(Canceled.INSTANCE, Context.cause(ctx));
    }

    @Test
    @DisplayName("a client that hangs up is seen at the next failing write: the context is cancelled with ClientDisconnected")
    void aClientThatHangsUpCancelsTheContextAtTheNextWrite() throws Exception {
        CompletableFuture<Throwable> cause = new CompletableFuture<>();
        server.createContext("/stream", GoHttpServer.handler((ctx, ex) -> {
            ex.sendResponseHeaders(200, 0);   // chunked
            OutputStream out = ex.getResponseBody();
            byte[] chunk = new byte[8192];
            try {
                while (ctx.err() == null) {   // ends when a write fails: the stream cancels ctx first
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException expected) {
                // the client has gone
            }
            cause.complete(Context.cause(ctx));
        }));
        Clients.getAndHangUp(server.getAddress().getPort(), "/stream");
        Throwable c = cause.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertInstanceOf(ClientDisconnected.class, c);
        assertInstanceOf(IOException.class, c.getCause());
    }

    @Test
    @DisplayName("a handler that throws before responding gets a 500, and its context is cancelled")
    void aHandlerThatThrowsGetsA500() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        server.createContext("/fail", GoHttpServer.handler((ctx, ex) -> {
            Context.afterFunc(ctx, cancelled::countDown);
            throw new IllegalStateException("handler failure (expected in this test)");
        }));
        assertEquals(500, get("/fail").statusCode());
        await(cancelled, "the failed request's context is cancelled");
    }

    @Test
    @DisplayName("cancelling the base context cancels the requests in flight, with its cause")
    void cancellingTheBaseContextCancelsRequestsInFlight() throws Exception {
        CancelCauseContext base = Context.withCancelCause(Context.background());
        Chan<String> entered = Chan.make(1);
        server.createContext("/wait", GoHttpServer.handler(base, (ctx, ex) -> {
            entered.send("in");
            ctx.done().recv();
            reply(ex, 200, String.valueOf(Context.cause(ctx).getMessage()));
        }));
        CompletableFuture<HttpResponse<String>> r = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/wait");
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        assertEquals("in", entered.recv());
        base.cancel(new IllegalStateException("shutting down"));
        assertEquals("shutting down", r.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).body());
    }

    @Test
    @DisplayName("a timeout handler that finishes in time sends the handler's status, headers and body")
    void aTimeoutHandlerInTimeSendsTheHandlersResponse() throws Exception {
        server.createContext("/fast", GoHttpServer.handler(GoHttpServer.timeoutHandler((ctx, ex) -> {
            ex.getResponseHeaders().set("X-Handler", "fast");
            reply(ex, 201, "made it");
        }, WAIT, "too slow")));
        HttpResponse<String> r = get("/fast");
        assertEquals(201, r.statusCode());
        assertEquals("made it", r.body());
        assertEquals("fast", r.headers().firstValue("X-Handler").orElseThrow());
    }

    @Test
    @DisplayName("after the deadline a timeout handler answers 503 with its body, cancels the handler and discards its late write")
    void afterTheDeadlineATimeoutHandlerAnswers503() throws Exception {
        CompletableFuture<String> late = new CompletableFuture<>();
        server.createContext("/slow", GoHttpServer.handler(GoHttpServer.timeoutHandler((ctx, ex) -> {
            ctx.done().recv();   // works until its context says stop
            try {
                ex.getResponseHeaders().set("X-Handler", "slow");
                reply(ex, 200, "late");
                late.complete("written");
            } catch (IOException e) {
                late.complete(ctx.err().getClass().getSimpleName() + ": " + e.getMessage());
            }
        }, Duration.ofMillis(100), "too slow")));
        HttpResponse<String> r = get("/slow");
        assertEquals(503, r.statusCode());
        assertEquals("too slow", r.body());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.headers().firstValue("X-Handler").isEmpty());
        assertEquals(DeadlineExceeded.class.getSimpleName() + ": http: Handler timeout",
                late.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    @DisplayName("a timeout handler refuses a timeout that is not positive")
    void aTimeoutHandlerRefusesANonPositiveTimeout() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GoHttpServer.timeoutHandler((ctx, ex) -> {}, Duration.ZERO, "x"));
        assertEquals("go4j: timeoutHandler: timeout must be positive: PT0S", e.getMessage());
    }

    @Test
    @DisplayName("goroutines of finished requests are gone: the goroutine count returns to its baseline")
    void goroutinesOfFinishedRequestsAreGone() throws Exception {
        server.createContext("/n", GoHttpServer.handler(GoHttpServer.timeoutHandler(
                (ctx, ex) -> reply(ex, 200, "ok"), WAIT, "too slow")));
        int before = Go.numGoroutine();
        for (int i = 0; i < 20; i++) {
            assertEquals("ok", get("/n").body());
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Go.numGoroutine() > before && System.nanoTime() < deadline) {
            Thread.sleep(5);   // a bounded poll: the last request's goroutines end just after its response
        }
        assertTrue(Go.numGoroutine() <= before, () -> Go.numGoroutine() + " goroutines left, " + before + " before");
    }
}
