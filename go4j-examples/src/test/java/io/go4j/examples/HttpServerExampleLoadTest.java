package io.go4j.examples;

import io.go4j.Go;
import io.go4j.context.Context;
import io.go4j.errgroup.Group;
import io.go4j.test.GoLeakCheck;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded load on HttpServerExample over 127.0.0.1: 2,000 requests, half answered, a quarter
 * timing out (503) and a quarter hung up by their client mid-stream. Every cancellation is seen
 * by the server, by the handler whose request it ended (a deadline as {@code DeadlineExceeded}, a
 * hang-up as {@code ClientDisconnected}), and no goroutine is left once the load is over.
 */
@GoLeakCheck
class HttpServerExampleLoadTest {
    private static final int REQUESTS = 2_000;
    private static final int CLIENTS = 32;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    @DisplayName("under load, timeouts and hang-ups cancel their requests and no goroutine is left after")
    void underLoadCancellationsAreSeenAndNoGoroutineIsLeft() throws Exception {
        int baseline = Go.numGoroutine();
        HttpServerExample server = HttpServerExample.start(Context.background());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
        int fast = 0;
        int slow = 0;
        int hangUps = 0;
        java.util.concurrent.atomic.AtomicInteger fastTimedOut = new java.util.concurrent.atomic.AtomicInteger();
        try {
            Group load = new Group();
            load.setLimit(CLIENTS);
            for (int i = 0; i < REQUESTS; i++) {
                switch (i % 4) {
                    case 0, 1 -> {
                        fast++;
                        load.go(() -> {
                            HttpResponse<String> r = get(client, server.port(), "/work?ms=1");
                            // On a loaded machine even a 1 ms request may miss the 100 ms deadline:
                            // either answer is right, and the counts below must agree with it.
                            if (r.statusCode() == 503) {
                                assertEquals("too slow\n", r.body());
                                fastTimedOut.incrementAndGet();
                            } else {
                                assertEquals(200, r.statusCode());
                                assertEquals("backend-0:ok backend-1:ok\n", r.body());
                            }
                        });
                    }
                    case 2 -> {
                        slow++;
                        load.go(() -> {
                            HttpResponse<String> r = get(client, server.port(), "/work?ms=60000");
                            assertEquals(503, r.statusCode());
                            assertEquals("too slow\n", r.body());
                        });
                    }
                    default -> {
                        hangUps++;
                        load.go(() -> HttpServerExample.hangUp(server.port(), "/stream", WAIT));
                    }
                }
            }
            assertNull(load.await());
            long served = fast - fastTimedOut.get();
            long timedOut = slow + fastTimedOut.get();
            int slowRequests = slow;
            int hungUp = hangUps;
            // Every slow handler sees its deadline in its context's cause; a fast one that got a 503
            // may have answered just before the deadline, unaware: between the two.
            // A handler counts after its client has its answer: wait, bounded, for the last ones.
            assertEventually(() -> {
                HttpServerExample.Stats st = server.stats();
                return st.served() == served && st.timedOut() == timedOut && st.clientGone() == hungUp
                        && st.deadlineSeen() >= slowRequests && st.deadlineSeen() <= timedOut;
            }, () -> "stats " + server.stats() + ", expected served=" + served + ", timedOut=" + timedOut
                    + ", clientGone=" + hungUp + ", deadlineSeen in [" + slowRequests + ", " + timedOut + "]");
        } finally {
            server.stop();
            client.close();
        }
        assertEventually(() -> Go.numGoroutine() <= baseline,
                () -> Go.numGoroutine() + " goroutines after the load, " + baseline + " before");
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT).build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code condition} until it holds or {@link #WAIT} has passed: a bounded wait, not a sleep. */
    private static void assertEventually(Supplier<Boolean> condition, Supplier<String> message) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(condition.get(), message);
    }
}
