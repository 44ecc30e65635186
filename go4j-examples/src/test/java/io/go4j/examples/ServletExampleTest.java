package io.go4j.examples;

import io.go4j.test.GoLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ServletExample's answers from its embedded Jetty, and what its servlet saw. */
@GoLeakCheck
class ServletExampleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ServletExample server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();

    ServletExampleTest() throws Exception {
        server = ServletExample.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.stop();
    }

    @Test
    @DisplayName("a request past the timeout is answered 503 with Go's body, and the servlet's context ends with the deadline")
    void aRequestPastTheTimeoutIsA503AndItsContextIsCancelled() throws Exception {
        HttpResponse<String> r = get("/work?ms=60000");
        assertEquals(503, r.statusCode());
        assertEquals(ServletExample.TOO_SLOW, r.body());
        assertEquals("text/plain;charset=utf-8", r.headers().firstValue("Content-Type").orElse("").replace(" ", ""));
        assertEquals("context deadline exceeded", server.nextCancellation(WAIT));
    }

    @Test
    @DisplayName("a request within the timeout gets the servlet's answer")
    void aRequestWithinTheTimeoutGetsTheAnswer() throws Exception {
        HttpResponse<String> r = get("/work?ms=1");
        // A 503 is also right on a machine too loaded to do 1 ms of work in 100 ms.
        if (r.statusCode() != 503) {
            assertEquals(200, r.statusCode());
            assertEquals("worked 1 ms\n", r.body());
        }
    }

    @Test
    @DisplayName("a bad ms is a 400")
    void aBadMsIsA400() throws Exception {
        assertEquals(400, get("/work?ms=soon").statusCode());
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        return client.send(HttpRequest.newBuilder(uri).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }
}
