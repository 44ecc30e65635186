package io.go4j.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.debug.PprofServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * With go4j-trace on the path, go4j-debug's own /debug/pprof server serves the trace endpoint
 * (found through go4j-debug's TraceEndpoint seam) and lists it on its index page, as Go's does.
 */
class PprofServerTraceTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<byte[]> get(PprofServer server, String path) throws Exception {
        URI uri = server.uri().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    @DisplayName("PprofServer answers /debug/pprof/trace with a Go trace and lists trace on its index page")
    void pprofServerServesTheTrace() throws Exception {
        try (PprofServer server = PprofServer.start()) {
            HttpResponse<byte[]> trace = get(server, "trace?seconds=0.2");
            assertEquals(200, trace.statusCode(), () -> new String(trace.body(), StandardCharsets.UTF_8));
            byte[] header = "go 1.19 trace\0\0\0".getBytes(StandardCharsets.US_ASCII);
            assertTrue(trace.body().length > header.length, "a trace with events");
            assertTrue(Arrays.equals(header, Arrays.copyOf(trace.body(), header.length)), "Go 1.19's trace header");

            String index = new String(get(server, "").body(), StandardCharsets.UTF_8);
            assertTrue(index.contains("<a href='trace?debug=1'>trace</a>"), index);
        }
    }

    @Test
    @DisplayName("PprofServer answers trace?flight=1 with the running flight recorder's window, 400 for a bad flight and 404 with none running")
    void pprofServerServesTheFlightWindow() throws Exception {
        FlightRecorder fr = new FlightRecorder(Duration.ofSeconds(5), 0);
        try (PprofServer server = PprofServer.start()) {
            assertEquals(404, get(server, "trace?flight=1").statusCode(), "no recorder yet");
            fr.start();
            HttpResponse<byte[]> window = get(server, "trace?flight=1");
            assertEquals(200, window.statusCode(), () -> new String(window.body(), StandardCharsets.UTF_8));
            byte[] header = "go 1.19 trace\0\0\0".getBytes(StandardCharsets.US_ASCII);
            assertTrue(Arrays.equals(header, Arrays.copyOf(window.body(), header.length)), "Go 1.19's trace header");
            assertEquals(400, get(server, "trace?flight=2").statusCode());
        } finally {
            fr.stop();
        }
    }
}
