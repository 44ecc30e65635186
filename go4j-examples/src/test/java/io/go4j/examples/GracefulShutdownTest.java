package io.go4j.examples;

import io.go4j.test.GoLeakCheck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GracefulShutdown, run as a program in a child JVM and stopped with SIGTERM. */
@GoLeakCheck
class GracefulShutdownTest {

    /** Bounds every wait; the child needs well under a second to start and to stop. */
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static final Pattern FINISHED = Pattern.compile("finished (\\d+) units cleanly");

    @Test
    @DisplayName("SIGTERM: the worker finishes its unit, reports the cause and the count, and the JVM exits")
    void sigtermShutsDownGracefully() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                GracefulShutdown.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String running = CompletableFuture.supplyAsync(() -> readLine(out))
                    .get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals("running (stop with Ctrl-C or SIGTERM)", running);

            // SIGTERM, as Process.destroy() sends it, without closing our end of the child's output
            assertTrue(p.toHandle().destroy(), "SIGTERM sent");
            assertTrue(p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS), "the child exited");
            List<String> lines = CompletableFuture.supplyAsync(() -> readRest(out))
                    .get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);

            assertEquals(2, lines.size(), "output after running: " + lines);
            assertEquals("shutting down: JVM shutdown started (signal, System.exit or last thread ended)",
                    lines.get(0));
            Matcher m = FINISHED.matcher(lines.get(1));
            assertTrue(m.matches(), lines.get(1));
            assertTrue(Integer.parseInt(m.group(1)) >= 1, "at least the unit before 'running' was done");
            assertEquals(143, p.exitValue(), "128 + SIGTERM");
        } finally {
            p.destroyForcibly();
        }
    }

    private static String readLine(BufferedReader r) {
        try {
            return r.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines up to the end of the child's output. */
    private static List<String> readRest(BufferedReader r) {
        List<String> all = new ArrayList<>();
        for (String line; (line = readLine(r)) != null; ) {
            all.add(line);
        }
        return all;
    }
}
