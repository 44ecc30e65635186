package io.go4j.trace.analysis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.trace.testing.GoTool;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis streams: a generated trace many times the heap is analysed in a JVM with a 64 MB
 * heap. Sized by the short mode (CI=true: 8 MB, checked against Go's parser too); otherwise
 * {@code -Dgo4j.trace.scaleMB} (default 64; 1024 for the README's 1 GB number).
 */
class AnalysisScaleTest {
    private static final boolean SHORT = Boolean.parseBoolean(System.getProperty("go4j.ci", "false"))
            || "true".equals(System.getenv("CI"));
    private static final long MB = SHORT ? 8 : Long.getLong("go4j.trace.scaleMB", 64);

    @TempDir
    Path dir;

    @Test
    @DisplayName("a generated trace is one Go's parser accepts, read event by event like go tool trace -d")
    void theGeneratedTraceIsValid() throws Exception {
        Path small = dir.resolve("small.trace");
        long events = TraceGenerator.write(small, 1 << 20, 100);
        List<String> go = GoTool.parsedEvents(dir, small);
        assertEquals(events, go.size(), "go tool trace -d's events");
        long[] n = {0};
        try (TraceFile t = TraceFile.open(small)) {
            t.events(e -> n[0]++);
        }
        assertEquals(events, n[0]);
    }

    @Test
    @DisplayName("a trace far larger than the heap is analysed with a 64 MB heap")
    void aLargeTraceIsAnalysedInASmallHeap() throws Exception {
        Path trace = dir.resolve("big.trace");
        String cp = String.join(File.pathSeparator, classpath());
        Path out = dir.resolve("measure.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", cp, ScaleMeasure.class.getName(), trace.toString(), Long.toString(MB))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the measure did not finish in 20 minutes: " + Files.readString(out, UTF_8));
        }
        String result = Files.readString(out, UTF_8);
        System.out.println("[AnalysisScaleTest] " + result.strip().replace('\n', ' '));
        assertEquals(0, p.exitValue(), result);
        assertTrue(Files.size(trace) >= (MB << 20), "the trace is " + Files.size(trace) + " bytes");
        assertTrue(result.contains("analysed "), result);
    }

    private static List<String> classpath() {
        List<String> cp = new ArrayList<>();
        for (String prop : new String[] {"jdk.module.path", "java.class.path"}) {
            String v = System.getProperty(prop);
            if (v != null && !v.isEmpty()) {
                cp.addAll(List.of(v.split(File.pathSeparator)));
            }
        }
        return cp;
    }
}
