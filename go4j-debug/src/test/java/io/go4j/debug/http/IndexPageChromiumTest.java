package io.go4j.debug.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.debug.internal.http.PprofHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The {@code /debug/pprof/} index in headless Chromium: it loads, lists the profiles, and its links lead somewhere. */
@DisplayName("index page in Chromium")
class IndexPageChromiumTest {
    static PprofHttpServer server;
    static URI index;

    @BeforeAll
    static void start() throws IOException {
        FakeDiagnostics fake = new FakeDiagnostics();
        fake.goroutinesJson = FakeGoroutines.json();
        server = PprofHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, fake);
        index = URI.create("http://127.0.0.1:" + server.address().getPort() + "/debug/pprof/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @DisplayName("the index lists every profile with its count and link, and the goroutine page's link opens the page")
    void listsProfilesWithLinks() throws Exception {
        String dom = Chromium.dumpDom(index);
        assertTrue(dom.contains("<title>/debug/pprof/</title>"), dom);
        for (String row : List.of("<tr><td>7</td><td><a href=\"goroutine?debug=1\">goroutine</a></td></tr>",
                "<tr><td>2</td><td><a href=\"mutex?debug=1\">mutex</a></td></tr>",
                "<tr><td>0</td><td><a href=\"profile?debug=1\">profile</a></td></tr>")) {
            assertTrue(dom.contains(row), row + " in\n" + dom);
        }

        try (Chromium browser = Chromium.launch()) {
            browser.navigate(index);
            assertEquals("[\"block\",\"cmdline\",\"goroutine\",\"goroutineleak\",\"mutex\",\"profile\"]", browser.eval(
                    "JSON.stringify([...document.querySelectorAll('table a')].map(a => a.textContent))"));
            assertEquals(index + "goroutine?debug=2",
                    browser.eval("document.querySelector('a[href=\"goroutine?debug=2\"]').href"));
            browser.eval("document.querySelector('a[href=\"goroutines.html\"]').click()");
            browser.waitFor("location.pathname.endsWith('/goroutines.html') && document.readyState === 'complete'"
                    + " && document.documentElement.dataset.renders >= 1");
            assertEquals(4L, ((Number) browser.eval("document.querySelectorAll('details.group').length")).longValue());
            assertEquals(List.of(), browser.problems(), "console errors, exceptions or failed loads");
        }
    }
}
