package io.go4j.debug.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.go4j.debug.internal.http.PprofHandler;
import io.go4j.debug.internal.http.PprofHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code /debug/pprof} handler against a fake runtime: Go's paths, headers and error replies,
 * the parameters it refuses, and what a failing profile writer gives the client.
 */
@DisplayName("/debug/pprof handler")
class PprofHandlerTest {
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    FakeDiagnostics fake;
    PprofHttpServer server;
    String base;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeDiagnostics();
        server = PprofHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), WRITE_TIMEOUT, fake);
        base = "http://127.0.0.1:" + server.address().getPort() + "/debug/pprof/";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<byte[]> get(String path) throws Exception {
        return Http.get(base + path);
    }

    static void assertGoError(HttpResponse<byte[]> r, int status, String text) {
        assertEquals(status, r.statusCode(), () -> "status of " + r.uri() + ": " + Http.text(r));
        assertEquals(text + "\n", Http.text(r));
        assertEquals("text/plain; charset=utf-8", Http.header(r, "Content-Type"));
        assertEquals("1", Http.header(r, "X-Go-Pprof"));
        assertNull(Http.header(r, "Content-Disposition"), "an error is never an attachment");
    }

    @Nested
    @DisplayName("profiles")
    class Profiles {
        @Test
        @DisplayName("debug=0 (the default) is a binary attachment named after the profile, as Go serves it")
        void binaryIsAnAttachment() throws Exception {
            for (String path : List.of("goroutine", "goroutine?debug=0")) {
                HttpResponse<byte[]> r = get(path);
                assertEquals(200, r.statusCode());
                assertEquals("application/octet-stream", Http.header(r, "Content-Type"));
                assertEquals("attachment; filename=\"goroutine\"", Http.header(r, "Content-Disposition"));
                assertEquals("nosniff", Http.header(r, "X-Content-Type-Options"));
                assertEquals("goroutine debug=0", Http.text(r));
            }
        }

        @Test
        @DisplayName("debug=1 and debug=2 are plain UTF-8 text, not attachments")
        void textIsPlain() throws Exception {
            for (int debug : new int[] {1, 2}) {
                HttpResponse<byte[]> r = get("goroutine?debug=" + debug);
                assertEquals(200, r.statusCode());
                assertEquals("text/plain; charset=utf-8", Http.header(r, "Content-Type"));
                assertNull(Http.header(r, "Content-Disposition"));
                assertEquals("nosniff", Http.header(r, "X-Content-Type-Options"));
                assertEquals("goroutine debug=" + debug, Http.text(r));
            }
        }

        @Test
        @DisplayName("block, mutex and goroutineleak are served by name like goroutine")
        void everyProfileByName() throws Exception {
            for (String name : List.of("block", "mutex", "goroutineleak")) {
                HttpResponse<byte[]> r = get(name);
                assertEquals(200, r.statusCode());
                assertEquals("attachment; filename=\"" + name + "\"", Http.header(r, "Content-Disposition"));
                assertEquals(name + " debug=0", Http.text(r));
            }
        }

        @Test
        @DisplayName("a debug level above Go's levels is read as Go's writers read it: 2 for the goroutine profiles, 1 for the others")
        void debugLevelsAreNormalised() throws Exception {
            assertEquals("goroutine debug=2", Http.text(get("goroutine?debug=5")));
            assertEquals("goroutineleak debug=2", Http.text(get("goroutineleak?debug=3")));
            assertEquals("block debug=1", Http.text(get("block?debug=2")));
            assertEquals("mutex debug=1", Http.text(get("mutex?debug=9")));
        }

        @Test
        @DisplayName("an unknown profile is Go's 404 Unknown profile")
        void unknownProfile() throws Exception {
            for (String path : List.of("heapx", "goroutine/extra", "nosuch?debug=1", "nosuch?seconds=abc")) {
                assertGoError(get(path), 404, "Unknown profile");
            }
            assertTrue(fake.calls("profile").isEmpty(), "no writer runs for an unknown profile");
        }

        @Test
        @DisplayName("a profile writer that fails before anything is sent gives a 500 with its message")
        void writerFailureIs500() throws Exception {
            fake.writers.put("goroutine", out -> {
                throw new IllegalStateException("the registry is on fire");
            });
            HttpResponse<byte[]> r = get("goroutine?debug=1");
            assertEquals(500, r.statusCode());
            assertTrue(Http.text(r).contains("the registry is on fire"), Http.text(r));
            assertEquals("text/plain; charset=utf-8", Http.header(r, "Content-Type"));
            assertNull(Http.header(r, "Content-Disposition"));
        }

        @Test
        @DisplayName("a writer that fails after part of a large body was sent cuts the response short instead of completing it")
        void lateFailureIsNotASuccess() throws Exception {
            fake.writers.put("goroutine", out -> {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 40; i++) { // 2.5 MiB: past the held part, so headers are sent
                    out.write(chunk);
                }
                throw new IOException("disk gone");
            });
            assertThrows(IOException.class, () -> get("goroutine?debug=2"),
                    "the client must see a broken body, never a complete 200");
        }

        @Test
        @DisplayName("a large body streams whole")
        void largeBodyStreams() throws Exception {
            byte[] chunk = new byte[100_000];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) ('a' + i % 26);
            }
            fake.writers.put("goroutine", out -> {
                for (int i = 0; i < 30; i++) {
                    out.write(chunk);
                }
            });
            HttpResponse<byte[]> r = get("goroutine?debug=2");
            assertEquals(200, r.statusCode());
            assertEquals(3_000_000, r.body().length);
            byte[] first = java.util.Arrays.copyOf(r.body(), chunk.length);
            assertArrayEquals(chunk, first);
        }

        @Test
        @DisplayName("a writer that closes its stream does not end the response early")
        void closingTheStreamIsHarmless() throws Exception {
            fake.writers.put("block", out -> {
                out.write(FakeDiagnostics.bytes("one"));
                out.close();
                out.write(FakeDiagnostics.bytes("two"));
            });
            assertEquals("onetwo", Http.text(get("block")));
        }
    }

    @Nested
    @DisplayName("bad parameters")
    class BadParameters {
        @ParameterizedTest(name = "debug={0}")
        @ValueSource(strings = {"x", "-1", "1.5", "99999999999", "%20"})
        @DisplayName("a debug that is not a non-negative integer is a 400 naming it")
        void badDebug(String debug) throws Exception {
            assertGoError(get("goroutine?debug=" + debug), 400,
                    "invalid value for \"debug\" - must be a non-negative integer");
            assertTrue(fake.calls("profile").isEmpty());
        }

        @ParameterizedTest(name = "seconds={0}")
        @ValueSource(strings = {"abc", "-1", "0", "1.5", "99999999999999999999"})
        @DisplayName("a delta's seconds that is not a positive integer is Go's 400")
        void badDeltaSeconds(String seconds) throws Exception {
            assertGoError(get("block?seconds=" + seconds), 400,
                    "invalid value for \"seconds\" - must be a positive integer");
            assertTrue(fake.calls("delta").isEmpty());
        }

        @ParameterizedTest(name = "seconds={0}")
        @ValueSource(strings = {"abc", "-1", "0", "2.5"})
        @DisplayName("a CPU profile's seconds that is not a positive integer is a 400, not Go's silent 30 seconds")
        void badCpuSeconds(String seconds) throws Exception {
            assertGoError(get("profile?seconds=" + seconds), 400,
                    "invalid value for \"seconds\" - must be a positive integer");
            assertTrue(fake.calls("cpu").isEmpty());
        }

        @Test
        @DisplayName("a duration at or beyond the server's write timeout is Go's 400, for CPU profiles and deltas")
        void beyondWriteTimeout() throws Exception {
            for (String path : List.of("profile?seconds=60", "profile?seconds=3600", "block?seconds=60", "mutex?seconds=61")) {
                assertGoError(get(path), 400, "profile duration exceeds server's WriteTimeout");
            }
            assertTrue(fake.calls("cpu").isEmpty());
            assertTrue(fake.calls("delta").isEmpty());
        }

        @Test
        @DisplayName("seconds and a non-zero debug together are Go's 400")
        void secondsAndDebug() throws Exception {
            assertGoError(get("block?seconds=1&debug=1"), 400, "seconds and debug params are incompatible");
        }

        @Test
        @DisplayName("seconds on a profile without deltas (goroutineleak) is Go's 400")
        void deltaNotSupported() throws Exception {
            assertGoError(get("goroutineleak?seconds=1"), 400,
                    "\"seconds\" parameter is not supported for this profile type");
        }

        @Test
        @DisplayName("a malformed percent escape in the query is a 400, never a 500")
        void badEscape() throws Exception {
            // java.net.http refuses to send such a URI: write the request by hand.
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET /debug/pprof/goroutine?debug=%zz HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(reply.startsWith("HTTP/1.1 400 "), reply);
            }
            assertTrue(fake.calls("profile").isEmpty());
        }
    }

    @Nested
    @DisplayName("deltas and CPU profiles")
    class Durations {
        @Test
        @DisplayName("seconds=N on block, mutex and goroutine asks the runtime for an N-second delta, named NAME-delta")
        void delta() throws Exception {
            HttpResponse<byte[]> r = get("mutex?seconds=3");
            assertEquals(200, r.statusCode());
            assertEquals("application/octet-stream", Http.header(r, "Content-Type"));
            assertEquals("attachment; filename=\"mutex-delta\"", Http.header(r, "Content-Disposition"));
            assertEquals("DELTA", Http.text(r));
            assertEquals(Duration.ofSeconds(3), fake.calls("delta").get(0).duration());
            assertEquals("200", String.valueOf(get("block?seconds=1&debug=0").statusCode()));
            HttpResponse<byte[]> g = get("goroutine?seconds=2");
            assertEquals(200, g.statusCode(), Http.text(g));
            assertEquals("attachment; filename=\"goroutine-delta\"", Http.header(g, "Content-Disposition"));
            assertEquals("goroutine", fake.calls("delta").get(2).name());
            assertEquals(Duration.ofSeconds(2), fake.calls("delta").get(2).duration());
        }

        @Test
        @DisplayName("the CPU profile lasts 30 seconds by default, as Go's, and seconds=N otherwise")
        void cpuProfile() throws Exception {
            HttpResponse<byte[]> r = get("profile");
            assertEquals(200, r.statusCode());
            assertEquals("application/octet-stream", Http.header(r, "Content-Type"));
            assertEquals("attachment; filename=\"profile\"", Http.header(r, "Content-Disposition"));
            assertEquals("nosniff", Http.header(r, "X-Content-Type-Options"));
            assertEquals("CPU-PROFILE", Http.text(r));
            get("profile?seconds=5");
            assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(5)),
                    fake.calls("cpu").stream().map(FakeDiagnostics.Call::duration).toList());
        }

        @Test
        @DisplayName("a CPU profile already being taken is Go's 500 Could not enable CPU profiling")
        void cpuProfileBusy() throws Exception {
            fake.cpu = out -> {
                throw new IllegalStateException("cpu profiling already in use");
            };
            assertGoError(get("profile?seconds=1"), 500, "Could not enable CPU profiling: cpu profiling already in use");
        }

        @Test
        @DisplayName("requests run on virtual threads, so a long profile holds no platform thread")
        void virtualThreads() throws Exception {
            get("profile?seconds=1");
            assertTrue(fake.calls("cpu").get(0).thread().isVirtual());
        }
    }

    @Nested
    @DisplayName("other paths")
    class OtherPaths {
        @Test
        @DisplayName("cmdline is the JVM's arguments separated by NUL bytes, as Go's os.Args")
        void cmdline() throws Exception {
            HttpResponse<byte[]> r = get("cmdline");
            assertEquals(200, r.statusCode());
            assertEquals("text/plain; charset=utf-8", Http.header(r, "Content-Type"));
            assertEquals("nosniff", Http.header(r, "X-Content-Type-Options"));
            assertEquals("java\0-Xmx64m\0-jar\0app.jar\0arg with space", Http.text(r));
        }

        @Test
        @DisplayName("trace answers 501, naming go4j-trace, when go4j-trace is not on the path")
        void trace() throws Exception {
            HttpResponse<byte[]> r = get("trace?seconds=1");
            assertEquals(501, r.statusCode());
            assertTrue(Http.text(r).contains("add go4j-trace to the class or module path"), Http.text(r));
        }

        @Test
        @DisplayName("symbol says there are no symbols to look up, as pprof expects")
        void symbol() throws Exception {
            assertEquals("num_symbols: 0\n", Http.text(get("symbol")));
        }

        @Test
        @DisplayName("the mount path without its slash redirects to the index, as Go's ServeMux does")
        void redirect() throws Exception {
            HttpResponse<byte[]> r = Http.get(base.substring(0, base.length() - 1));
            assertEquals(301, r.statusCode());
            assertEquals("/debug/pprof/", Http.header(r, "Location"));
        }

        @Test
        @DisplayName("a path that only starts like the mount path is a 404")
        void prefixIsNotEnough() throws Exception {
            HttpResponse<byte[]> r = Http.get(base.replace("/debug/pprof/", "/debug/pprofx"));
            assertEquals(404, r.statusCode());
        }

        @Test
        @DisplayName("goroutines.json is the runtime's JSON document")
        void json() throws Exception {
            fake.goroutinesJson = "{\"goroutines\":[{\"id\":1}]}";
            HttpResponse<byte[]> r = get("goroutines.json");
            assertEquals(200, r.statusCode());
            assertEquals("application/json", Http.header(r, "Content-Type"));
            assertEquals(fake.goroutinesJson, Http.text(r));
        }

        @Test
        @DisplayName("schedlatency is the scheduling-latency histogram as text, format=json as JSON, never cached")
        void schedLatency() throws Exception {
            for (String path : List.of("schedlatency", "schedlatency?format=text")) {
                HttpResponse<byte[]> r = get(path);
                assertEquals(200, r.statusCode(), path);
                assertEquals("text/plain; charset=utf-8", Http.header(r, "Content-Type"));
                assertEquals("nosniff", Http.header(r, "X-Content-Type-Options"));
                assertEquals("no-store", Http.header(r, "Cache-Control"));
                assertEquals(fake.schedLatencyText, Http.text(r));
            }
            HttpResponse<byte[]> r = get("schedlatency?format=json");
            assertEquals(200, r.statusCode());
            assertEquals("application/json", Http.header(r, "Content-Type"));
            assertEquals(fake.schedLatencyJson, Http.text(r));
            assertEquals(2, fake.calls("schedlatency text").size());
            assertEquals(1, fake.calls("schedlatency json").size());
        }

        @ParameterizedTest
        @ValueSource(strings = {"xml", "JSON", "json2", "%20json"})
        @DisplayName("schedlatency with a format other than text or json is a 400 naming the parameter")
        void schedLatencyBadFormat(String format) throws Exception {
            HttpResponse<byte[]> r = get("schedlatency?format=" + format);
            assertGoError(r, 400, "invalid value for \"format\" - must be text or json");
            assertEquals(0, fake.calls("schedlatency text").size() + fake.calls("schedlatency json").size(),
                    "refused before reading the histogram");
        }

        @Test
        @DisplayName("a failure to read the scheduling latencies is a 500 with the message")
        void schedLatencyFailure() throws Exception {
            FakeDiagnostics failing = new FakeDiagnostics() {
                @Override
                public void writeSchedLatency(Appendable out, boolean json) {
                    throw new UnsupportedOperationException("not implemented yet");
                }
            };
            try (PprofHttpServer s = PprofHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, failing)) {
                HttpResponse<byte[]> r = Http.get("http://127.0.0.1:" + s.address().getPort() + "/debug/pprof/schedlatency");
                assertEquals(500, r.statusCode());
                assertEquals("could not read the scheduling latencies: java.lang.UnsupportedOperationException: not implemented yet\n",
                        Http.text(r));
            }
        }

        @Test
        @DisplayName("the goroutine page embeds the JSON so that no string in it can end the script element")
        void pageEmbedsJsonSafely() throws Exception {
            fake.goroutinesJson = "{\"goroutines\":[{\"id\":1,\"labels\":{\"k\":\"</script><b>x</b>\"}}]}";
            HttpResponse<byte[]> r = get("goroutines.html");
            assertEquals(200, r.statusCode());
            assertEquals("text/html; charset=utf-8", Http.header(r, "Content-Type"));
            String html = Http.text(r);
            assertFalse(html.contains("</script><b>"), "the label must not close the data element");
            assertTrue(html.contains("\\u003c/script>\\u003cb>x\\u003c/b>"), html);
            String csp = Http.header(r, "Content-Security-Policy");
            assertTrue(csp.startsWith("default-src 'none'; script-src 'sha256-"), csp);
        }

        @Test
        @DisplayName("a failure to read the goroutines is a 500 with the message, on the page and the JSON")
        void pageFailure() throws Exception {
            FakeDiagnostics failing = new FakeDiagnostics() {
                @Override
                public void writeGoroutinesJson(Appendable out) {
                    throw new UnsupportedOperationException("not implemented yet");
                }
            };
            try (PprofHttpServer s = PprofHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, failing)) {
                String b = "http://127.0.0.1:" + s.address().getPort() + "/debug/pprof/";
                for (String page : List.of("goroutines.html", "goroutines.json")) {
                    HttpResponse<byte[]> r = Http.get(b + page);
                    assertEquals(500, r.statusCode());
                    assertTrue(Http.text(r).contains("not implemented yet"), Http.text(r));
                }
            }
        }
    }

    @Nested
    @DisplayName("index")
    class Index {
        @Test
        @DisplayName("the index lists every profile with its count and a debug=1 link, sorted by name, as Go's")
        void listsProfiles() throws Exception {
            HttpResponse<byte[]> r = get("");
            assertEquals(200, r.statusCode());
            assertEquals("text/html; charset=utf-8", Http.header(r, "Content-Type"));
            assertEquals("nosniff", Http.header(r, "X-Content-Type-Options"));
            String html = Http.text(r);
            Matcher m = Pattern.compile("<tr><td>(\\d+)</td><td><a href='([^']*)'>([^<]*)</a></td></tr>").matcher(html);
            StringBuilder rows = new StringBuilder();
            while (m.find()) {
                rows.append(m.group(1)).append(' ').append(m.group(2)).append(' ').append(m.group(3)).append('\n');
            }
            assertEquals("""
                    0 block?debug=1 block
                    0 cmdline?debug=1 cmdline
                    7 goroutine?debug=1 goroutine
                    1 goroutineleak?debug=1 goroutineleak
                    2 mutex?debug=1 mutex
                    0 profile?debug=1 profile
                    """, rows.toString());
            assertTrue(html.startsWith("<html>\n<head>\n<title>/debug/pprof/</title>"), html);
            assertTrue(html.contains("<a href=\"goroutine?debug=2\">full goroutine stack dump</a>"), html);
            assertTrue(html.contains("<li><div class=profile-name>block: </div> Stack traces that led to blocking on synchronization primitives</li>"), html);
            assertTrue(html.contains("<a href=\"goroutines.html\">goroutines</a>"), html);
            assertTrue(html.contains("<a href=\"schedlatency\">schedlatency</a>"), html);
            assertTrue(html.contains("<a href=\"schedlatency?format=json\">as JSON</a>"), html);
        }

        @Test
        @DisplayName("a failure to list the profiles is a 500 with the message")
        void listingFailure() throws Exception {
            fake.profilesFailure = new UnsupportedOperationException("not implemented yet");
            HttpResponse<byte[]> r = get("");
            assertEquals(500, r.statusCode());
            assertEquals("could not list the profiles: java.lang.UnsupportedOperationException: not implemented yet\n", Http.text(r));
        }
    }

    @Test
    @DisplayName("the handler serves under whatever path it is mounted on, relative links included")
    void mountedElsewhere() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        other.createContext("/admin/pprof", new PprofHandler(fake, null));
        other.start();
        try {
            String b = "http://127.0.0.1:" + other.getAddress().getPort() + "/admin/pprof/";
            assertEquals("goroutine debug=1", Http.text(Http.get(b + "goroutine?debug=1")));
            assertTrue(Http.text(Http.get(b)).contains("<a href='goroutine?debug=1'>goroutine</a>"));
            HttpResponse<byte[]> r = Http.get(URI.create(b.substring(0, b.length() - 1) + "?x=1"));
            assertEquals("/admin/pprof/?x=1", Http.header(r, "Location"));
            assertEquals(200, Http.get(b + "profile?seconds=3600").statusCode(), "no write timeout unless given");
        } finally {
            other.stop(0);
        }
    }

    @Test
    @DisplayName("a HEAD request gets the status and headers without a body")
    void head() throws Exception {
        HttpResponse<byte[]> r = Http.send(HttpRequest.newBuilder(URI.create(base + "goroutine"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Http.TIMEOUT).build());
        assertEquals(200, r.statusCode());
        assertEquals("attachment; filename=\"goroutine\"", Http.header(r, "Content-Disposition"));
        assertEquals(0, r.body().length);
    }
}
