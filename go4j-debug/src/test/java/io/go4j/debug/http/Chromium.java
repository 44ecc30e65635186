package io.go4j.debug.http;

import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.debug.testing.Json;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Headless Chromium for the page tests: one-shot {@code --dump-dom} and {@code --screenshot}
 * runs, and a browser driven over the Chrome DevTools Protocol ({@link #launch()}) that navigates,
 * evaluates JavaScript and records console errors and uncaught exceptions.
 *
 * <p>Chromium is found on {@code PATH}; if it is missing the test fails and says what to install
 * (never skips). Every wait is bounded; on timeout, and on {@link #close()}, the browser's whole
 * process tree is killed and its fresh profile directory deleted.
 */
final class Chromium implements AutoCloseable {
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(45);
    static final Duration CDP_TIMEOUT = Duration.ofSeconds(20);

    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage");

    private final Process process;
    private final Path profile;
    private final Path log;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    /** Console errors and warnings, uncaught exceptions and log errors, as readable lines. */
    private final List<String> problems = new CopyOnWriteArrayList<>();

    private Chromium(Process process, Path profile, Path log, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.log = log;
        this.socket = socket;
    }

    /** Returns the chromium on PATH, or fails the test saying what to install. */
    static Path executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return fail("chromium is not on PATH: these tests need headless Chromium (Debian package 'chromium'; "
                + "./go4j test installs it)");
    }

    // One-shot runs

    /** Loads {@code url} and returns the DOM after its scripts ran ({@code --dump-dom}). */
    static String dumpDom(URI url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url.toString()));
    }

    /** Loads {@code url} in a 1280x900 window and writes a PNG screenshot to {@code file}. */
    static void screenshot(URI url, Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        run(List.of("--screenshot=" + file.toAbsolutePath(), "--window-size=1280,900",
                "--hide-scrollbars", url.toString()));
    }

    private static String run(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("go4j-chromium-");
        Path out = profile.resolveSibling(profile.getFileName() + ".out");
        Path err = profile.resolveSibling(profile.getFileName() + ".err");
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail("chromium did not finish within " + RUN_TIMEOUT + ": " + command + "\n" + tail(err));
            }
            if (p.exitValue() != 0) {
                fail("chromium exited with " + p.exitValue() + ": " + command + "\n" + tail(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            kill(p);
            delete(profile);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    // The DevTools Protocol

    /** Starts a browser with one blank page, connected over the DevTools Protocol. */
    static Chromium launch() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("go4j-chromium-");
        Path log = profile.resolveSibling(profile.getFileName() + ".log");
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("--remote-debugging-port=0");
        command.add("--window-size=1280,900");
        command.add("about:blank");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = devToolsPort(p, profile, log);
            String page = pageSocket(port);
            Chromium[] self = new Chromium[1];
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(CDP_TIMEOUT)
                    .buildAsync(URI.create(page), new Listener(m -> self[0].receive(m)))
                    .get(CDP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            self[0] = new Chromium(p, profile, log, socket);
            self[0].call("Runtime.enable", Map.of());
            self[0].call("Log.enable", Map.of());
            self[0].call("Page.enable", Map.of());
            return self[0];
        } catch (Exception | AssertionError e) {
            kill(p);
            String tail = tail(log);
            delete(profile);
            Files.deleteIfExists(log);
            if (e instanceof AssertionError a) {
                throw a;
            }
            return fail("could not start chromium with the DevTools Protocol: " + e + "\n" + tail, e);
        }
    }

    private static int devToolsPort(Process p, Path profile, Path log) throws IOException, InterruptedException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            if (!p.isAlive()) {
                fail("chromium exited with " + p.exitValue() + " before listening\n" + tail(log));
            }
            Thread.sleep(50);
        }
        return fail("chromium did not open its DevTools port within " + RUN_TIMEOUT + "\n" + tail(log));
    }

    private static String pageSocket(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(CDP_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        for (Object t : (List<?>) Json.parse(r.body())) {
            Map<String, Object> target = Json.object(t);
            if ("page".equals(target.get("type")) && "about:blank".equals(target.get("url"))) {
                return (String) target.get("webSocketDebuggerUrl");
            }
        }
        return fail("chromium has no blank page target: " + r.body());
    }

    /** Sends a command and returns its result, failing on a protocol error or after {@link #CDP_TIMEOUT}. */
    Map<String, Object> call(String method, Map<String, Object> params) throws InterruptedException {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(Json.write(Map.of("id", id, "method", method, "params", params)), true);
        try {
            Map<String, Object> m = reply.get(CDP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (m.containsKey("error")) {
                fail(method + " failed: " + Json.write(m.get("error")));
            }
            return Json.object(m.get("result"));
        } catch (TimeoutException e) {
            return fail(method + " got no reply within " + CDP_TIMEOUT);
        } catch (java.util.concurrent.ExecutionException e) {
            return fail(method + " failed: " + e.getCause(), e.getCause());
        } finally {
            pending.remove(id);
        }
    }

    /** Navigates to {@code url} and waits for its load event. */
    void navigate(URI url) throws InterruptedException {
        int before = count("Page.loadEventFired");
        Map<String, Object> r = call("Page.navigate", Map.of("url", url.toString()));
        if (r.get("errorText") != null) {
            fail("navigation to " + url + " failed: " + r.get("errorText"));
        }
        waitUntil(() -> count("Page.loadEventFired") > before, "the load event of " + url);
    }

    /** Evaluates {@code expression} in the page and returns its value (JSON-like). */
    Object eval(String expression) throws InterruptedException {
        Map<String, Object> r = call("Runtime.evaluate",
                Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.get("exceptionDetails") != null) {
            fail("evaluating " + expression + " threw: " + Json.write(r.get("exceptionDetails")));
        }
        return Json.object(r.get("result")).get("value");
    }

    /** Evaluates {@code expression} until it is {@code true}, for at most {@link #CDP_TIMEOUT}. */
    void waitFor(String expression) throws InterruptedException {
        long deadline = System.nanoTime() + CDP_TIMEOUT.toNanos();
        while (!Boolean.TRUE.equals(eval(expression))) {
            if (System.nanoTime() > deadline) {
                fail("the page never made this true within " + CDP_TIMEOUT + ": " + expression);
            }
            Thread.sleep(25);
        }
    }

    /** Console errors and warnings, uncaught exceptions and errors the browser logged so far. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void close() throws IOException {
        try {
            socket.abort();
        } finally {
            kill(process);
            delete(profile);
            Files.deleteIfExists(log);
        }
    }

    // Receiving

    private void receive(String text) {
        Map<String, Object> m = Json.object(Json.parse(text));
        Object id = m.get("id");
        if (id != null) {
            CompletableFuture<Map<String, Object>> reply = pending.get(((Number) id).intValue());
            if (reply != null) {
                reply.complete(m);
            }
            return;
        }
        events.add(m);
        String method = String.valueOf(m.get("method"));
        Map<String, Object> params = Json.object(m.get("params"));
        switch (method) {
            case "Runtime.consoleAPICalled" -> {
                String type = String.valueOf(params.get("type"));
                if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
                    problems.add("console." + type + ": " + Json.write(params.get("args")));
                }
            }
            case "Runtime.exceptionThrown" -> problems.add("uncaught: " + Json.write(params.get("exceptionDetails")));
            case "Log.entryAdded" -> {
                Map<String, Object> entry = Json.object(params.get("entry"));
                if ("error".equals(entry.get("level")) || "warning".equals(entry.get("level"))) {
                    problems.add("log " + entry.get("level") + " (" + entry.get("source") + "): " + entry.get("text")
                            + " " + entry.getOrDefault("url", ""));
                }
            }
            default -> { }
        }
    }

    private int count(String method) {
        int n = 0;
        for (Map<String, Object> e : events) {
            if (method.equals(e.get("method"))) {
                n++;
            }
        }
        return n;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + CDP_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + CDP_TIMEOUT + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Collects a message's fragments and hands whole messages on. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Consumer<String> sink;
        private final StringBuilder parts = new StringBuilder();

        Listener(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                String message = parts.toString();
                parts.setLength(0);
                sink.accept(message);
            }
            ws.request(1);
            return null;
        }
    }

    // Processes and files

    private static void kill(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
            for (ProcessHandle h : tree) {
                h.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // The tree was told to die; a straggler is reported by the OS, not by this test.
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
