package io.go4j.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.go4j.trace.testing.GoTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
    private FlightRecorder fr;
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
        if (fr != null) {
            fr.stop();
        }
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
        assertCreated(r.body(), "http.trace", run.workers().get(0));
    }

    @Test
    @DisplayName("the answer starts with the trace's header while the trace still records, its events stream in, and an interrupted handler ends it with a complete trace")
    void streamsWhileItRecords() throws Exception {
        ExecutorService handlers = Executors.newSingleThreadExecutor();   // a thread the test can interrupt
        HttpServer own = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        own.createContext("/debug/pprof/trace", TraceHandler.handler());
        own.setExecutor(handlers);
        own.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + own.getAddress().getPort() + "/debug/pprof/trace?seconds=600");
            HttpResponse<InputStream> r = http.sendAsync(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofInputStream()).get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            InputStream in = r.body();
            byte[] header = CompletableFuture.supplyAsync(() -> read(in, 16)).get(60, TimeUnit.SECONDS);
            assertEquals("go 1.19 trace\0\0\0", new String(header, StandardCharsets.ISO_8859_1));
            assertTrue(Trace.isEnabled(), "the trace still records: the answer started before its 600 s ended");

            TracedProgram.Run run = TracedProgram.run();
            handlers.shutdownNow();   // interrupts the handler's wait: it stops the trace and ends the answer
            byte[] rest = CompletableFuture.supplyAsync(() -> read(in, Integer.MAX_VALUE)).get(60, TimeUnit.SECONDS);
            assertFalse(Trace.isEnabled(), "the handler stopped the trace before it ended the answer");
            Path file = dir.resolve("streamed.trace");
            Files.write(file, header);
            Files.write(file, rest, StandardOpenOption.APPEND);
            List<String> lines = GoTool.parsedEvents(dir, file);
            long worker = run.workers().get(0).threadId();
            assertTrue(lines.stream().anyMatch(l -> l.contains(" GoCreate ") && l.contains(" g=" + worker + " ")),
                    "worker " + worker + " in the trace");
        } finally {
            own.stop(0);
            handlers.shutdownNow();
        }
    }

    private static byte[] read(InputStream in, int n) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
    @DisplayName("GET ?flight=1 answers the running flight recorder's window at once, which go tool trace parses, and recording goes on")
    void servesTheFlightWindow() throws Exception {
        fr = new FlightRecorder(Duration.ofSeconds(30), 0);
        fr.start();
        TracedProgram.Run run = TracedProgram.run();
        HttpResponse<byte[]> r = get("?flight=1");
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(String.valueOf(r.body().length), r.headers().firstValue("Content-Length").orElse(""),
                "the window is sent with its length");
        assertTrue(fr.isEnabled(), "the recorder still records");
        assertCreated(r.body(), "flight.trace", run.workers().get(0));
        assertEquals(200, get("?flight=1&debug=1").statusCode(), "other parameters are ignored, as Go ignores them");
    }

    @Test
    @DisplayName("?flight=1 with no flight recorder running answers 404 saying how to start one, also while a plain trace records")
    void noFlightRecorder() throws Exception {
        String text = "no flight recorder is running: start one at launch (java -javaagent:go4j-trace.jar=flight ...)"
                + " or in the program (FlightRecorder.start)\n";
        HttpResponse<byte[]> none = get("?flight=1");
        assertEquals(404, none.statusCode());
        assertEquals(text, new String(none.body(), StandardCharsets.UTF_8));
        Trace.start(new ByteArrayOutputStream());
        HttpResponse<byte[]> tracing = get("?flight=1");
        assertEquals(404, tracing.statusCode());
        assertEquals(text, new String(tracing.body(), StandardCharsets.UTF_8));
        fr = new FlightRecorder(Duration.ofSeconds(1), 0);
        Trace.stop();
        fr.start();
        fr.stop();
        assertEquals(404, get("?flight=1").statusCode(), "a stopped recorder has no window");
    }

    @Test
    @DisplayName("a flight other than 0 or 1, and seconds beside flight=1, answer 400 with a text; flight=0 is the plain trace")
    void badFlightParameters() throws Exception {
        fr = new FlightRecorder(Duration.ofSeconds(1), 0);
        fr.start();
        for (String[] c : new String[][] {
            {"?flight=yes", "bad flight parameter \"yes\": want flight=1 (the running flight recorder's window) or flight=0 (a trace of seconds=N)\n"},
            {"?flight", "bad flight parameter \"\": want flight=1 (the running flight recorder's window) or flight=0 (a trace of seconds=N)\n"},
            {"?flight=%0A", "bad flight parameter \"\\x0a\": want flight=1 (the running flight recorder's window) or flight=0 (a trace of seconds=N)\n"},
            {"?flight=1&seconds=5", "seconds does not apply to flight=1: the window is the flight recorder's (its age and size bounds); ask for flight=1 alone\n"},
            {"?seconds=x&flight=1", "seconds does not apply to flight=1: the window is the flight recorder's (its age and size bounds); ask for flight=1 alone\n"}}) {
            HttpResponse<byte[]> r = get(c[0]);
            assertEquals(400, r.statusCode(), c[0]);
            assertEquals(c[1], new String(r.body(), StandardCharsets.UTF_8), c[0]);
            assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""), c[0]);
        }
        HttpResponse<byte[]> plain = get("?flight=0&seconds=1");
        assertEquals(500, plain.statusCode(), "flight=0 asks for a trace, which the recorder excludes");
        assertEquals("Could not enable tracing: tracing is already enabled"
                + " (a flight recorder is recording: ?flight=1 answers its window)\n", new String(plain.body(), StandardCharsets.UTF_8));
        assertEquals(200, get("?flight=1&flight=yes").statusCode(), "the first value counts, as Go's FormValue");
    }

    @Test
    @DisplayName("the query is read as Go reads it: the first value of each key; a pair with a bad escape is skipped")
    void queryParameters() {
        assertEquals(Map.of("flight", "1", "seconds", "2"), TraceHandler.query("flight=1&seconds=2&flight=0"));
        assertEquals(Map.of("debug", "1"), TraceHandler.query("flight=%zz&debug=1"));
        assertEquals(Map.of("flight", ""), TraceHandler.query("flight&&"));
        assertEquals(Duration.ofSeconds(1), TraceHandler.duration("seconds=%zz"));
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

    /** Saves {@code trace} as {@code name}, parses it with Go's tool, and checks {@code g}'s creation is in it. */
    private void assertCreated(byte[] trace, String name, Thread g) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, trace);
        List<String> lines = GoTool.parsedEvents(dir, file);
        long id = g.threadId();
        assertTrue(lines.stream().anyMatch(l -> l.contains(" GoCreate ") && l.contains(" g=" + id + " ")),
                "goroutine " + id + " created in the trace");
    }
}
