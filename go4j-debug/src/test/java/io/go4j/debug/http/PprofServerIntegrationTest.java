package io.go4j.debug.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoroutineInfo;
import io.go4j.debug.PprofServer;
import io.go4j.debug.Profile;
import io.go4j.debug.Profiling;
import io.go4j.debug.SchedLatency;
import io.go4j.debug.testing.GoTool;
import io.go4j.debug.testing.Json;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link PprofServer} end to end on the real runtime: goroutines parked on a channel with labels,
 * a contended mutex, block and mutex profiling on; the profiles are fetched over HTTP and read by
 * {@code go tool pprof}, and the goroutine page is drawn by Chromium.
 *
 * <p>This needs the real {@code GoroutineDump}, {@code Profile} and {@code Profiling} (parts A
 * and B of issue 9): on a tree where they are still stubs, it fails with their 500s.
 */
@DisplayName("PprofServer end to end")
class PprofServerIntegrationTest {
    static final int PARKED = 20;
    static final Duration WAIT = Duration.ofSeconds(20);

    static PprofServer server;
    static Chan<String> never;
    static WaitGroup parked;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Profiling.setBlockProfileRate(1);
        Profiling.setMutexProfileFraction(1);
        never = Chan.make();
        parked = new WaitGroup();
        parked.add(PARKED);
        Go.withLabels(Map.of("worker", "ingest"), () -> {
            for (int i = 0; i < PARKED; i++) {
                Go.go(PprofServerIntegrationTest::parkedOnChannel);
            }
        });
        contendMutex();
        awaitParked();
        server = PprofServer.start();
        dir = Files.createTempDirectory("go4j-pprof-it-");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (never != null) {
            never.close();
            parked.await();
        }
        Profiling.setBlockProfileRate(0);
        Profiling.setMutexProfileFraction(0);
    }

    static void parkedOnChannel() {
        try {
            never.recv();
        } finally {
            parked.done();
        }
    }

    /**
     * Contention made certain, not left to chance: this thread holds the lock until 8 goroutines
     * are parked behind it, so its unlock (and theirs) lets parked waiters in.
     */
    static void contendMutex() throws InterruptedException {
        Mutex mu = new Mutex();
        WaitGroup wg = new WaitGroup();
        wg.add(8);
        mu.lock();
        try {
            for (int i = 0; i < 8; i++) {
                Go.go(() -> {
                    for (int k = 0; k < 200; k++) {
                        mu.lock();
                        try {
                            Thread.onSpinWait();
                        } finally {
                            mu.unlock();
                        }
                    }
                    wg.done();
                });
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (Go.goroutines().stream().filter(g -> "sync.Mutex.Lock".equals(g.waitReason())).count() < 8) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("8 goroutines did not park behind the held Mutex within " + WAIT);
                }
                Thread.sleep(1);
            }
        } finally {
            mu.unlock();
        }
        wg.await();
    }

    static void awaitParked() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long n = Go.goroutines().stream()
                    .filter(g -> "chan receive".equals(g.waitReason()))
                    .count();
            if (n >= PARKED) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("only " + n + " goroutines parked on the channel: " + Go.goroutines().stream().map(GoroutineInfo::status).toList());
            }
            Thread.sleep(10);
        }
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        HttpResponse<byte[]> r = Http.get(server.uri().resolve(path));
        assertEquals(200, r.statusCode(), () -> path + ": " + Http.text(r));
        return r;
    }

    static void assertGzip(HttpResponse<byte[]> r) {
        byte[] b = r.body();
        assertTrue(b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b, "not gzip: " + r.uri());
        assertEquals("application/octet-stream", Http.header(r, "Content-Type"));
    }

    /** Runs {@code go tool pprof ARGS FILE} on the body and returns its output. */
    static String pprof(HttpResponse<byte[]> r, String... args) throws Exception {
        Path file = Files.createTempFile(dir, "profile-", ".pb.gz");
        Files.write(file, r.body());
        return GoTool.pprof(file, args);
    }

    @Test
    @DisplayName("the index lists the runtime's profiles with their counts")
    void index() throws Exception {
        String html = Http.text(get(""));
        for (String name : List.of("goroutine", "block", "mutex", "cmdline", "profile")) {
            assertTrue(html.contains("<a href='" + name + "?debug=1'>" + name + "</a>"), name + " in\n" + html);
        }
        if (Profile.lookup("goroutineleak") != null) {
            assertTrue(html.contains("<a href='goroutineleak?debug=1'>goroutineleak</a>"), html);
        }
    }

    @Test
    @DisplayName("the goroutine profile in all three forms shows the parked goroutines, and go tool pprof reads the binary one")
    void goroutineProfile() throws Exception {
        String grouped = Http.text(get("goroutine?debug=1"));
        assertTrue(grouped.startsWith("goroutine profile: total "), grouped);
        assertTrue(grouped.contains("parkedOnChannel"), grouped);
        String full = Http.text(get("goroutine?debug=2"));
        assertTrue(full.contains("[chan receive"), full);
        assertTrue(full.contains("parkedOnChannel"), full);
        HttpResponse<byte[]> binary = get("goroutine");
        assertGzip(binary);
        assertEquals("attachment; filename=\"goroutine\"", Http.header(binary, "Content-Disposition"));
        String traces = pprof(binary, "-traces");
        assertTrue(traces.contains("parkedOnChannel"), traces);
        assertTrue(traces.contains("worker") && traces.contains("ingest"), "labels on the samples:\n" + traces);
    }

    @Test
    @DisplayName("block and mutex profiles and their deltas are profile.proto that go tool pprof reads")
    void blockAndMutex() throws Exception {
        for (String path : List.of("block", "mutex", "block?seconds=1", "mutex?seconds=1")) {
            HttpResponse<byte[]> r = get(path);
            assertGzip(r);
            pprof(r, "-raw");
        }
        String mutex = pprof(get("mutex"), "-traces");
        assertTrue(mutex.contains("contendMutex"), "the unlocker's stack:\n" + mutex);
    }

    @Test
    @DisplayName("a one-second CPU profile is profile.proto that go tool pprof reads")
    void cpuProfile() throws Exception {
        HttpResponse<byte[]> r = get("profile?seconds=1");
        assertGzip(r);
        assertEquals("attachment; filename=\"profile\"", Http.header(r, "Content-Disposition"));
        pprof(r, "-raw");
    }

    @Test
    @DisplayName("schedlatency serves the runtime's scheduling-latency histogram, as text and as JSON")
    void schedLatency() throws Exception {
        boolean wasEnabled = SchedLatency.isEnabled();
        SchedLatency.enable();
        try {
            Thread started = Go.go(() -> { });   // its start, from go() to running, is counted
            assertTrue(started.join(WAIT), "goroutine ended");
            long atLeast = SchedLatency.histogram().count();
            assertTrue(atLeast >= 1, "a start is counted: " + SchedLatency.histogram());

            HttpResponse<byte[]> text = get("schedlatency");
            assertEquals(200, text.statusCode());
            assertEquals("text/plain; charset=utf-8", Http.header(text, "Content-Type"));
            Matcher count = Pattern.compile("(?m)^count: (\\d+)$").matcher(Http.text(text));
            assertTrue(count.find(), Http.text(text));
            assertTrue(Long.parseLong(count.group(1)) >= atLeast, Http.text(text));
            assertTrue(Http.text(text).contains("/sched/latencies:seconds"), Http.text(text));

            HttpResponse<byte[]> json = get("schedlatency?format=json");
            assertEquals(200, json.statusCode());
            assertEquals("application/json", Http.header(json, "Content-Type"));
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) Json.parse(Http.text(json));
            assertEquals("/sched/latencies:seconds", doc.get("metric"));
            assertEquals(true, doc.get("enabled"));
            assertTrue(((Number) doc.get("count")).longValue() >= atLeast, Http.text(json));
        } finally {
            if (!wasEnabled) {
                SchedLatency.disable();
            }
        }
    }

    @Test
    @DisplayName("the goroutine page in Chromium groups the parked goroutines with their label, without console errors")
    void pageInChromium() throws Exception {
        HttpResponse<byte[]> json = get("goroutines.json");
        Json.parse(Http.text(json)); // valid JSON
        assertTrue(Http.text(json).contains("parkedOnChannel"));
        URI page = server.uri().resolve("goroutines.html?q=parkedOnChannel");
        try (Chromium browser = Chromium.launch()) {
            browser.navigate(page);
            browser.waitFor("document.documentElement.dataset.renders >= 1");
            Object counts = browser.eval(
                    "JSON.stringify([...document.querySelectorAll('details.group')].map(d => Number(d.dataset.count)))");
            assertEquals("[" + PARKED + "]", counts, "one group of the parked goroutines");
            String text = (String) browser.eval("document.querySelector('details.group').textContent");
            assertTrue(text.contains("worker=ingest"), text);
            assertTrue(text.contains("chan receive"), text);
            assertEquals(List.of(), browser.problems());
        }
    }
}
