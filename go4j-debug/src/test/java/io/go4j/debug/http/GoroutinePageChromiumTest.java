package io.go4j.debug.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.debug.internal.http.PprofHttpServer;
import io.go4j.debug.testing.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The goroutine page in headless Chromium, served by the real handler from a fake runtime with
 * four known groups ({@link FakeGoroutines}): what a person sees after the scripts ran, the filter
 * and the sort, and that the page logs no error and loads nothing from outside.
 */
@DisplayName("goroutine page in Chromium")
class GoroutinePageChromiumTest {
    static PprofHttpServer server;
    static URI page;

    @BeforeAll
    static void start() throws IOException {
        FakeDiagnostics fake = new FakeDiagnostics();
        fake.goroutinesJson = FakeGoroutines.json();
        server = PprofHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, fake);
        page = URI.create("http://127.0.0.1:" + server.address().getPort() + "/debug/pprof/goroutines.html");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The data-count of each group in the DOM, in page order. */
    static List<Integer> groupCounts(String dom) {
        Matcher m = Pattern.compile("<details class=\"group\"[^>]*?data-count=\"(\\d+)\"").matcher(dom);
        List<Integer> counts = new ArrayList<>();
        while (m.find()) {
            counts.add(Integer.parseInt(m.group(1)));
        }
        return counts;
    }

    static URI with(String query) {
        return URI.create(page + "?" + query);
    }

    @Test
    @DisplayName("the page shows identical stacks grouped with their counts, most frequent first")
    void groupsWithCounts() throws Exception {
        String dom = Chromium.dumpDom(page);
        assertEquals(List.of(900, 100, 5, 1), groupCounts(dom), dom);
        assertTrue(dom.contains("1006 goroutines in 4 groups"), dom);
        assertTrue(dom.contains("com.example.Worker.run"), "the group is named by its first frame outside the libraries");
        assertTrue(dom.contains("chan receive ×900"), dom);
        assertTrue(dom.contains("longest wait <b>2h 0m</b>"), "the mutex waiter's 7200 s");
        assertTrue(dom.contains("job=ingest ×450"), dom);
    }

    @Test
    @DisplayName("the state, label and text filters and the sort are read from the address")
    void filtersFromTheAddress() throws Exception {
        assertEquals(List.of(100), groupCounts(Chromium.dumpDom(with("state=select"))));
        assertEquals(List.of(450), groupCounts(Chromium.dumpDom(with("label=job%3Dingest"))));
        assertEquals(List.of(1), groupCounts(Chromium.dumpDom(with("q=cache.get"))));
        assertEquals(List.of(1, 100, 900, 5), groupCounts(Chromium.dumpDom(with("sort=wait"))));
        String none = Chromium.dumpDom(with("state=select&q=Worker"));
        assertEquals(List.of(), groupCounts(none));
        assertTrue(none.contains("No goroutine matches the filter."), none);
    }

    @Test
    @DisplayName("the page reads a bare array of goroutines with fields missing or shaped otherwise, and says so when the data is not JSON")
    void defensiveReading() throws Exception {
        FakeDiagnostics fake = new FakeDiagnostics();
        fake.goroutinesJson = """
                [ {"id": 1, "state": "chan send", "waitNanos": 2500000000, "labels": [["k", "v"]],
                   "stack": ["com.example.A.send", {"className": "com.example.B", "methodName": "run", "lineNumber": 5}]},
                  {"id": 2, "state": "chan send", "labels": [{"key": "k", "value": "v"}],
                   "stack": ["com.example.A.send", {"className": "com.example.B", "methodName": "run", "lineNumber": 5}]},
                  {"id": 3},
                  null, 42 ]
                """;
        try (PprofHttpServer s = PprofHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, fake)) {
            URI odd = URI.create("http://127.0.0.1:" + s.address().getPort() + "/debug/pprof/goroutines.html");
            String dom = Chromium.dumpDom(odd);
            assertEquals(List.of(2, 1), groupCounts(dom), dom);
            assertTrue(dom.contains("3 goroutines in 2 groups"), dom);
            assertTrue(dom.contains("longest wait <b>2.5s</b>"), dom);
            assertTrue(dom.contains("k=v"), dom);
            fake.goroutinesJson = "{\"goroutines\": [ oops";
            String broken = Chromium.dumpDom(odd);
            assertTrue(broken.contains("The goroutine data is not valid JSON"), broken);
        }
    }

    @Test
    @DisplayName("a screenshot of the page is a 1280x900 PNG with something drawn in it")
    void screenshot() throws Exception {
        Path png = Path.of("target", "screenshots", "goroutines.png");
        Chromium.screenshot(page, png);
        assertTrue(Files.isRegularFile(png), "chromium wrote no screenshot");
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, java.util.Arrays.copyOf(bytes, 8));
        ByteBuffer ihdr = ByteBuffer.wrap(bytes, 16, 8);
        assertEquals(1280, ihdr.getInt(), "width");
        assertEquals(900, ihdr.getInt(), "height");
        assertTrue(bytes.length > 20_000, "a page of groups compresses to more than a blank page: " + bytes.length + " bytes");
    }

    @Test
    @DisplayName("filtering, sorting and expanding work in the live page, which logs no error and shows labels as text")
    void liveFilter() throws Exception {
        try (Chromium browser = Chromium.launch()) {
            browser.navigate(page);
            browser.waitFor("document.documentElement.dataset.renders >= 1");
            assertEquals("[900,100,5,1]", counts(browser));

            select(browser, "state", "select");
            assertEquals("[100]", counts(browser));
            assertEquals("?state=select", browser.eval("location.search"), "the address follows the filter");

            browser.eval("document.getElementById('clear').click()");
            type(browser, "q", "Cache");
            browser.waitFor("document.querySelectorAll('details.group').length === 1");
            assertEquals("[1]", counts(browser));
            type(browser, "q", "");
            browser.waitFor("document.querySelectorAll('details.group').length === 4");

            browser.eval("document.querySelector('[data-label=\"job=ingest\"]').click()");
            assertEquals("[450]", counts(browser), "clicking a label filters on it");
            assertEquals("job=ingest", browser.eval("document.getElementById('label').value"));
            browser.eval("document.querySelector('#states [data-state=\"select\"]').click()");
            assertEquals("[]", counts(browser), "state and label filters combine");
            browser.eval("document.getElementById('clear').click()");

            select(browser, "sort", "wait");
            assertEquals("[1,100,900,5]", counts(browser));

            assertEquals(3L, ((Number) browser.eval("document.querySelectorAll('details.group[open]').length")).longValue(),
                    "the first three groups are open");
            browser.eval("document.getElementById('expand').click()");
            assertEquals(4L, ((Number) browser.eval("document.querySelectorAll('details.group[open]').length")).longValue());

            String stack = (String) browser.eval("document.querySelector('details.group pre.stack').textContent");
            assertTrue(stack.contains("com.example.Cache.get(...)\n\tCache.java:77\n"), stack);
            assertTrue(stack.contains("created by com.example.Main.main in goroutine 1\n\tMain.java:12"), stack);

            assertEquals(0L, ((Number) browser.eval("document.querySelectorAll('img').length")).longValue(),
                    "a label is text, never markup");
            assertFalse("pwned".equals(browser.eval("document.title")));
            assertTrue((Boolean) browser.eval("document.body.textContent.includes(" + quote(FakeGoroutines.EVIL_LABEL) + ")"));
            assertEquals(List.of(), browser.problems(), "console errors, exceptions or blocked loads");
        }
    }

    static String counts(Chromium browser) throws InterruptedException {
        return (String) browser.eval(
                "JSON.stringify([...document.querySelectorAll('details.group')].map(d => Number(d.dataset.count)))");
    }

    static void select(Chromium browser, String id, String value) throws InterruptedException {
        browser.eval("(() => { const s = document.getElementById('" + id + "'); s.value = " + quote(value)
                + "; s.dispatchEvent(new Event('change')); })()");
    }

    static void type(Chromium browser, String id, String text) throws InterruptedException {
        browser.eval("(() => { const s = document.getElementById('" + id + "'); s.focus(); s.value = " + quote(text)
                + "; s.dispatchEvent(new Event('input')); })()");
    }

    static String quote(String s) {
        return Json.write(s);
    }
}
