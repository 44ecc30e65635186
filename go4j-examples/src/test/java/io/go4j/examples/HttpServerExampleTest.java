package io.go4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.context.Context;
import io.go4j.test.GoLeakCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HttpServerExample's answers to single requests, good and bad. */
@GoLeakCheck
class HttpServerExampleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1e3", "99999999999999999999", ""})
    void aBadMsIsA400ThatSaysWhatIsWrong(String ms) throws Exception {
        HttpResponse<String> r = get("/work?ms=" + ms);
        assertEquals(400, r.statusCode());
        assertEquals("ms must be a number of milliseconds (at most 9 digits), not \"" + ms + "\"\n", r.body());
    }

    @Test
    void aRequestWithinTheTimeoutGetsBothBackendsAnswers() throws Exception {
        HttpResponse<String> r = get("/work?ms=1");
        // A 503 is also right on a machine too loaded to answer 1 ms of work in 100 ms.
        if (r.statusCode() != 503) {
            assertEquals(200, r.statusCode());
            assertEquals("backend-0:ok backend-1:ok\n", r.body());
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpServerExample server = HttpServerExample.start(Context.background());
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(WAIT).build();
            return client.send(req, HttpResponse.BodyHandlers.ofString());
        } finally {
            server.stop();
        }
    }
}
