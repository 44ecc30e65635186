package io.go4j.http;

import com.sun.net.httpserver.HttpServer;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.errgroup.Group;
import io.go4j.time.Time;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.go4j.http.Clients.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timeout handler's race, under load: handlers that finish around their deadline. Each client
 * gets either the whole response or the 503, never a mix, a hang or an error; no goroutine is
 * left. Short under CI=true.
 */
class TimeoutHandlerStressTest {
    private static final boolean SHORT = Boolean.getBoolean("go4j.ci") || "true".equalsIgnoreCase(System.getenv("CI"));
    private static final int REQUESTS = SHORT ? 300 : 3_000;

    @Test
    @DisplayName("handlers finishing around their deadline give either their whole response or the 503, never a mix")
    void handlersAroundTheDeadlineGiveTheirResponseOrThe503() throws Exception {
        int baseline = Go.numGoroutine();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", GoHttpServer.handler(GoHttpServer.timeoutHandler((ctx, ex) -> {
            Duration work = Duration.ofNanos(ThreadLocalRandom.current().nextLong(2_000_000));
            Select.select(Select.recv(Time.after(work)), Select.recv(ctx.done()));
            ex.getResponseHeaders().set("X-Handler", "done");
            byte[] body = "done".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }, Duration.ofMillis(1), "too slow")));
        server.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            Group load = new Group();
            load.setLimit(16);
            for (int i = 0; i < REQUESTS; i++) {
                load.go(() -> {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(WAIT).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        assertEquals("done", r.body());
                        assertEquals("done", r.headers().firstValue("X-Handler").orElseThrow());
                        ok.incrementAndGet();
                    } else {
                        assertEquals(503, r.statusCode());
                        assertEquals("too slow", r.body());
                        assertTrue(r.headers().firstValue("X-Handler").isEmpty());
                        timedOut.incrementAndGet();
                    }
                });
            }
            assertNull(load.await());
        } finally {
            server.stop(0);
            client.close();
        }
        assertEquals(REQUESTS, ok.get() + timedOut.get());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Go.numGoroutine() > baseline && System.nanoTime() < deadline) {
            Thread.sleep(5);   // a bounded poll: handler goroutines end just after their responses
        }
        assertTrue(Go.numGoroutine() <= baseline, () -> Go.numGoroutine() + " goroutines left, " + baseline + " before");
    }
}
