package io.go4j.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.go4j.trace.testing.GoTool;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Go's /debug/pprof/trace, served by TraceHandler on the JDK's HTTP server. */
class TraceHandlerTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/debug/pprof/trace", TraceHandler.handler());
        server.start();
    }

    @AfterEach
    void close() {
        server.stop(0);
        Trace.stop();
    }

    private HttpResponse<byte[]> get(String query) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/debug/pprof/trace" + query);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    @DisplayName("GET /debug/pprof/trace?seconds=2 answers a trace of the program that go tool trace parses")
    void servesATrace() throws Exception {
        AtomicReference<HttpResponse<byte[]>> response = new AtomicReference<>();
        Thread client = Thread.ofPlatform().start(() -> {
            try {
                response.set(get("?seconds=2"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        // The program runs while the request traces: wait until tracing is on, then run it (it
        // takes a fraction of the 2 s: its goroutines' creations, the test's subject, come first).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Trace.isEnabled() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(Trace.isEnabled(), "the request started tracing");
        TracedProgram.Run run = TracedProgram.run();
        client.join(Duration.ofSeconds(60));
        HttpResponse<byte[]> r = response.get();
        assertEquals(200, r.statusCode());
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
        Path file = dir.resolve("http.trace");
        Files.write(file, r.body());
        List<String> lines = GoTool.parsedEvents(dir, file);
        long worker = run.workers().get(0).threadId();
        assertTrue(lines.stream().anyMatch(l -> l.contains(" GoCreate ") && l.contains(" g=" + worker + " ")),
                "worker " + worker + " in the trace");
    }

    @Test
    @DisplayName("while another trace records, the request fails with Go's 500 text")
    void alreadyTracing() throws Exception {
        Trace.start(new ByteArrayOutputStream());
        HttpResponse<byte[]> r = get("?seconds=1");
        assertEquals(500, r.statusCode());
        assertEquals("Could not enable tracing: tracing is already enabled\n", new String(r.body()));
    }

    @Test
    @DisplayName("seconds is read as Go reads it: a float, 1 s when absent, bad or not positive")
    void secondsParameter() {
        assertEquals(Duration.ofMillis(500), TraceHandler.duration("seconds=0.5"));
        assertEquals(Duration.ofSeconds(1), TraceHandler.duration(null));
        assertEquals(Duration.ofSeconds(1), TraceHandler.duration("seconds=x"));
        assertEquals(Duration.ofSeconds(1), TraceHandler.duration("seconds=-3"));
        assertEquals(Duration.ofSeconds(5), TraceHandler.duration("debug=1&seconds=5"));
    }
}
