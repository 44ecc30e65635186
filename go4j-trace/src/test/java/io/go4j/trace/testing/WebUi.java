package io.go4j.trace.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WebUi is {@code go tool trace -http} serving a trace on a free local port, for tests that read
 * its pages (directly, or in {@link Chromium}); closing it kills the server. Starting is bounded
 * by {@link GoTool#BOUND}.
 */
public final class WebUi implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    private final Process process;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private WebUi(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    /** Starts {@code go tool trace -http} on {@code file} in {@code dir}; returns once it listens. */
    public static WebUi open(Path dir, Path file) throws IOException, InterruptedException {
        Process p = GoTool.start(dir, null, "tool", "trace", "-http=127.0.0.1:0", file.toString());
        long deadline = System.nanoTime() + GoTool.BOUND.toNanos();
        Path err = dir.resolve("stderr.txt");
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(err));
            if (m.find()) {
                return new WebUi(p, m.group(1));
            }
            if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
                fail("go tool trace -http ended: exit " + p.exitValue() + "\n" + Files.readString(err));
            }
        }
        p.destroyForcibly();
        return fail("go tool trace -http did not say where it listens in " + GoTool.BOUND + ":\n" + Files.readString(err));
    }

    /** The server's base URL ({@code http://127.0.0.1:port}). */
    public String url() {
        return base;
    }

    /** GETs {@code path}; fails the test unless it answers 200. */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(GoTool.BOUND).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
