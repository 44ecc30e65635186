package io.go4j.trace.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chromium loads a page in headless Chromium (the {@code chromium} on the PATH) and returns its
 * DOM once its scripts have run: the proof that {@code go tool trace}'s web UI renders a go4j
 * trace in a real browser. Every run is bounded; a machine without Chromium fails the test
 * saying what to install.
 */
public final class Chromium {
    /** Bound on one page load. */
    public static final Duration BOUND = Duration.ofSeconds(60);

    private Chromium() {}

    /**
     * Loads {@code url} and returns the serialised DOM after its scripts ran (at most 5 s of
     * virtual time).
     *
     * @param dir scratch space (the browser's profile and output)
     * @param url the page
     * @return the DOM, as HTML
     */
    public static String dumpDom(Path dir, String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium");
        Path out = dir.resolve("dom.html");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(List.of(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("chromium did not load " + url + " in " + BOUND + ":\n" + Files.readString(err, UTF_8));
        }
        assertEquals(0, p.exitValue(), "chromium --dump-dom " + url + ":\n" + Files.readString(err, UTF_8));
        return Files.readString(out, UTF_8);
    }

    /**
     * Loads {@code url} in headless Chromium driven over the DevTools protocol, waits (bounded by
     * {@link #BOUND}) until the JavaScript expression {@code ready} is true in the page, lets it
     * runs the JavaScript statement {@code prepare} (hiding a banner, say), and saves a PNG of
     * the window once two pictures taken two frames apart are the same. For pages that render after their own
     * asynchronous work ({@code go tool trace}'s timeline imports its data in steps paced by
     * animation frames, which {@code --screenshot} with a virtual-time budget does not wait for).
     *
     * @param dir    scratch space (the browser's profile)
     * @param url    the page
     * @param ready   a JavaScript expression, true once the page is drawn
     * @param prepare a JavaScript statement run once it is ready, or ""
     * @param png    where the picture goes
     * @param width  the window's width, in pixels
     * @param height the window's height, in pixels
     */
    public static void screenshotWhen(Path dir, String url, String ready, String prepare, Path png, int width, int height)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(List.of(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=" + width + "," + height,
                "about:blank"))
                .redirectOutput(dir.resolve("chromium.out").toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + BOUND.toNanos();
        try (DevTools page = DevTools.connect(profile, p, deadline)) {
            page.call("Emulation.setDeviceMetricsOverride", "{\"width\":" + width + ",\"height\":" + height
                    + ",\"deviceScaleFactor\":1,\"mobile\":false}", deadline);   // the page's size, whatever the window's frame
            page.call("Page.navigate", "{\"url\":\"" + url + "\"}", deadline);
            while (!page.call("Runtime.evaluate", "{\"expression\":" + quote("!!(" + ready + ")") + ",\"returnByValue\":true}",
                    deadline).contains("\"value\":true")) {
                if (System.nanoTime() > deadline) {
                    fail("the page " + url + " was not ready (" + ready + ") in " + BOUND);
                }
                Thread.sleep(100);   // polling the page's state, not waiting for time to pass
            }
            if (!prepare.isEmpty()) {
                page.call("Runtime.evaluate", "{\"expression\":" + quote(prepare) + "}", deadline);
            }
            // The page may still lay itself out after it is ready (the timeline fits its view to
            // the trace a few frames later): take pictures two frames apart until two are the same.
            byte[] previous = null;
            while (true) {
                page.call("Runtime.evaluate", "{\"expression\":" + quote("new Promise(r => requestAnimationFrame("
                        + "() => requestAnimationFrame(() => r(true))))") + ",\"awaitPromise\":true}", deadline);
                String shot = page.call("Page.captureScreenshot", "{\"format\":\"png\"}", deadline);
                Matcher data = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(shot);
                if (!data.find()) {
                    fail("no screenshot of " + url + ": " + shot);
                }
                byte[] picture = Base64.getDecoder().decode(data.group(1));
                if (java.util.Arrays.equals(picture, previous)) {
                    Files.write(png, picture);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    fail("the page " + url + " did not settle in " + BOUND);
                }
                previous = picture;
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String quote(String js) {
        return "\"" + js.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A DevTools protocol connection to the browser's one page: calls in order, one at a time. */
    private static final class DevTools implements AutoCloseable {
        private final WebSocket socket;
        private final BlockingQueue<String> inbox;   // whole messages, in arrival order
        private int nextId;

        private DevTools(WebSocket socket, BlockingQueue<String> inbox) {
            this.socket = socket;
            this.inbox = inbox;
        }

        /** Reads the port the browser wrote to its profile, finds its page, connects. */
        static DevTools connect(Path profile, Process browser, long deadline) throws IOException, InterruptedException {
            Path portFile = profile.resolve("DevToolsActivePort");
            while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
                if (System.nanoTime() > deadline || !browser.isAlive()) {
                    fail("chromium did not open its DevTools port");
                }
                Thread.sleep(50);   // polling for the file, not waiting for time to pass
            }
            String port = Files.readAllLines(portFile).get(0).trim();
            HttpClient http = HttpClient.newHttpClient();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .timeout(BOUND).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher ws = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"").matcher(list);
            if (!ws.find()) {
                fail("no page among chromium's targets: " + list);
            }
            BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            StringBuilder partial = new StringBuilder();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws.group(1)), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence text, boolean last) {
                    partial.append(text);
                    if (last) {
                        inbox.add(partial.toString());
                        partial.setLength(0);
                    }
                    w.request(1);
                    return null;
                }
            }).orTimeout(BOUND.toSeconds(), TimeUnit.SECONDS).join();
            return new DevTools(socket, inbox);
        }

        /** Sends {@code method(params)} and returns its response (bounded by {@code deadline}). */
        String call(String method, String params, long deadline) throws InterruptedException {
            int id = ++nextId;
            socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
            while (true) {
                String m = inbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    return fail(method + " had no answer from chromium in " + BOUND);
                }
                if (m.startsWith("{\"id\":" + id + ",")) {
                    if (m.contains("\"error\":")) {
                        fail(method + ": " + m);
                    }
                    return m;
                }
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    private static Path executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return fail("chromium is not on the PATH: this test loads go tool trace's web UI in a real browser. "
                + "Install it (Debian: apt-get install chromium).");
    }
}
