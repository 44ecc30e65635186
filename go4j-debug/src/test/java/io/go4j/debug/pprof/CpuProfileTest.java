package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.*;

import io.go4j.Go;
import io.go4j.debug.Profiling;
import io.go4j.debug.internal.pprof.CpuProfiler;
import io.go4j.debug.testing.Await;
import io.go4j.debug.testing.GoTool;
import io.go4j.debug.testing.PprofOutput;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The CPU profile (JFR execution samples), read by go tool pprof")
class CpuProfileTest {
    private static final String TEST = "io.go4j.debug.pprof.CpuProfileTest.";

    @TempDir
    Path dir;

    private static volatile boolean stop;
    private static volatile long sink;

    @Test
    @DisplayName("a busy labelled goroutine's method is at the top, its samples carry its labels, the period is 10 ms")
    void busyGoroutineAtTheTop() throws Exception {
        stop = false;
        Thread busy = Go.go(() -> Go.withLabels(Map.of("job", "spin"), CpuProfileTest::spinHot));
        Path file = dir.resolve("cpu.pb.gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            Profiling.writeCpuProfile(out, Duration.ofSeconds(Await.shortMode() ? 1 : 2));
        } finally {
            stop = true;
            assertTrue(busy.join(Await.LONG));
        }

        String top = GoTool.pprof(file, "-top");
        String first = top.lines().dropWhile(l -> !l.strip().startsWith("flat")).skip(1).findFirst().orElse("");
        assertTrue(first.endsWith(TEST + "spinHot"), "the busy method has the most flat samples:\n" + top);
        String tags = GoTool.pprof(file, "-tags", "-focus=spinHot");
        assertTrue(tags.contains("job: Total"), tags);
        assertTrue(tags.matches("(?s).*\\(\\s*100(\\.00)?%\\): spin\\n.*"),
                "every spinHot sample has the label:\n" + tags);
        String raw = GoTool.pprof(file, "-raw");
        assertTrue(raw.contains("PeriodType: cpu nanoseconds"), raw);
        assertTrue(raw.contains("Period: 10000000"), raw);
        assertTrue(raw.contains("samples/count cpu/nanoseconds"), raw);
        for (PprofOutput.RawSample s : PprofOutput.rawSamples(raw)) {
            assertEquals(s.values().get(0) * 10_000_000L, s.values().get(1), "each sample is one period: " + s);
        }
        List<PprofOutput.RawSample> spin = PprofOutput.rawSamples(raw).stream().filter(s -> s.has(TEST + "spinHot")).toList();
        assertTrue(spin.stream().mapToLong(s -> s.values().get(0)).sum() >= 10, "at least 10 samples of 100:\n" + raw);
    }

    @Test
    @DisplayName("samples carry the labels of their moment, though the labels' scope ended before JFR delivered them")
    void endedGoroutineKeepsItsLabels() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Path file = dir.resolve("cpu-ended.pb.gz");
        Thread profiler = Thread.ofPlatform().start(() -> {
            try (OutputStream out = Files.newOutputStream(file)) {
                Profiling.writeCpuProfile(out, Duration.ofSeconds(1));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Await.until(CpuProfiler::sampling, "JFR samples for the CPU profile");
        Thread brief = Go.go(() -> Go.withLabels(Map.of("job", "brief:2", "k:3", "12:x"),
                () -> spinBriefly(Duration.ofMillis(300))));
        assertTrue(brief.join(Await.LONG));
        assertTrue(profiler.join(Await.LONG));
        assertNull(failure.get());

        String tags = GoTool.pprof(file, "-tags", "-focus=spinBriefly");
        if (!tags.matches("(?s).*job: Total.*\\(\\s*100(\\.00)?%\\): brief:2\\n.*")) {
            fail("every spinBriefly sample has the label:\n" + tags + GoTool.pprof(file, "-traces"));
        }
        assertTrue(tags.matches("(?s).* k:3: Total.*\\(\\s*100(\\.00)?%\\): 12:x\\n.*"),
                "colons and digits survive:\n" + tags);
    }

    @Test
    @DisplayName("a second CPU profile while one runs fails with Go's message; an interrupted one writes nothing")
    void oneAtATime() throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread profiler = Thread.ofPlatform().start(() -> {
            try {
                Profiling.writeCpuProfile(first, Duration.ofMinutes(1));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        Await.until(CpuProfiler::running, "the first CPU profile runs");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Profiling.writeCpuProfile(new ByteArrayOutputStream(), Duration.ofSeconds(1)));
        assertEquals("cpu profiling already in use", e.getMessage());

        profiler.interrupt();
        assertTrue(profiler.join(Await.LONG), "the interrupted profile returned");
        assertInstanceOf(InterruptedException.class, outcome.get());
        assertEquals(0, first.size(), "nothing written");
        assertFalse(CpuProfiler.running(), "the profiler is free again");
    }

    @Test
    @DisplayName("writeCpuProfile refuses a duration that is not positive, and null")
    void arguments() {
        assertThrows(IllegalArgumentException.class,
                () -> Profiling.writeCpuProfile(new ByteArrayOutputStream(), Duration.ZERO));
        assertThrows(NullPointerException.class, () -> Profiling.writeCpuProfile(new ByteArrayOutputStream(), null));
        assertThrows(NullPointerException.class, () -> Profiling.writeCpuProfile(null, Duration.ofSeconds(1)));
    }

    static void spinBriefly(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }

    static void spinHot() {
        long x = 1;
        while (!stop) {
            for (int i = 0; i < 1_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }
}
