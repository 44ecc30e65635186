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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis streams: a generated trace at least twice the size of the heap is analysed in a
 * child JVM with a 16 MB heap, so that an analysis that held the trace whole (or any structure
 * that grows with it) would fail with OutOfMemoryError, which ends the child. Sized by the short
 * mode (CI=true: 32 MB, at 2026-12 the analysis peaks at 17 MB of a 16 MB heap's collections and
 * still holds at 8 MB); otherwise {@code -Dgo4j.trace.scaleMB} (default 64), with the heap
 * {@code -Dgo4j.trace.scaleHeapMB} (default 16; the README's 1 GB number used 64).
 */
class AnalysisScaleTest {
    private static final boolean SHORT = Boolean.parseBoolean(System.getProperty("go4j.ci", "false"))
            || "true".equals(System.getenv("CI"));
    private static final long MB = SHORT ? 32 : Long.getLong("go4j.trace.scaleMB", 64);
    private static final long HEAP_MB = SHORT ? 16 : Long.getLong("go4j.trace.scaleHeapMB", 16);

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
    @DisplayName("a trace at least twice the heap is analysed in a child JVM with a 16 MB heap, where loading it whole would run out of memory")
    void aLargeTraceIsAnalysedInASmallHeap() throws Exception {
        assertTrue(MB >= 2 * HEAP_MB, "the trace (" + MB + " MB) must be at least twice the heap (" + HEAP_MB + " MB)");
        Path trace = dir.resolve("big.trace");
        TraceGenerator.write(trace, MB << 20, 1000);   // here: the child's heap is for the analysis
        assertTrue(Files.size(trace) >= (MB << 20), "the trace is " + Files.size(trace) + " bytes");
        String cp = String.join(File.pathSeparator, classpath());
        Path out = dir.resolve("measure.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", cp, ScaleMeasure.class.getName(), trace.toString(), Long.toString(MB))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the measure did not finish in 20 minutes: " + Files.readString(out, UTF_8));
        }
        String result = Files.readString(out, UTF_8);
        System.out.println("[AnalysisScaleTest] " + result.strip().replace('\n', ' '));
        assertEquals(0, p.exitValue(), "the analysis in a " + HEAP_MB + " MB heap (OutOfMemoryError exits with 3)\n" + result);
        Matcher m = Pattern.compile("analysed (\\d+) MB, (\\d+) events .* \\(max heap (\\d+) MB\\)").matcher(result);
        assertTrue(m.find(), result);
        assertTrue(Long.parseLong(m.group(1)) >= MB, "the whole trace was read: " + result);
        assertTrue(Long.parseLong(m.group(2)) > 0, result);
        assertTrue(Long.parseLong(m.group(3)) * 2 <= MB, "the child's heap is at most half the trace: " + result);
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
