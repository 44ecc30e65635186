package io.go4j.debug.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.SchedTrace;
import io.go4j.debug.internal.sched.SchedLines;
import io.go4j.debug.testing.Exec;
import io.go4j.debug.testing.GoTool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go's scheduler trace: go4j's lines have the shape of Go 1.19's own (each compared with a
 * pattern made from the line a real Go program prints with {@code GODEBUG=schedtrace=100}), and
 * the trace prints one every interval until closed.
 */
class SchedTraceTest {
    private static final String PROGRAM = """
            package main

            import "time"

            func main() {
                    block := make(chan int)
                    go func() { <-block }()
                    time.Sleep(350 * time.Millisecond)
            }
            """;

    @TempDir
    static Path dir;

    /** Go's stderr with {@code GODEBUG=godebug}: its SCHED lines and what follows them. */
    private static List<String> goLines(String godebug) throws Exception {
        Path bin = dir.resolve("sched");
        if (!Files.exists(bin)) {
            Files.writeString(dir.resolve("main.go"), PROGRAM);
            GoTool.build(dir, "sched");
        }
        Exec.Result r = Exec.run(List.of(bin.toString()), dir, Map.of("GODEBUG", godebug), GoTool.BOUND);
        assertEquals(0, r.exit(), r.describe());
        List<String> lines = r.stderr().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("SCHED ")), r.describe());
        return lines;
    }

    /** A pattern from one of Go's lines: each number any number, a [..] list any list. */
    private static Pattern shapeOf(String goLine) {
        String list = "\u0000";
        String s = goLine.replaceAll("\\[[-\\d ]*\\]", list);
        StringBuilder re = new StringBuilder();
        for (String part : s.split("-?\\d+", -1)) {
            if (!re.isEmpty()) {
                re.append("-?\\d+");
            }
            re.append(Pattern.quote(part).replace(list, "\\E\\[-?\\d+( -?\\d+)*\\]\\Q"));
        }
        return Pattern.compile(re.toString());
    }

    @Test
    void theSchedLineHasGosShapeWithOneQueuePerProcessor() throws Exception {
        String go = goLines("schedtrace=100").stream().filter(l -> l.startsWith("SCHED ")).findFirst().orElseThrow();
        Pattern shape = shapeOf(go);
        String mine = SchedLines.text(1234, false);
        assertTrue(mine.endsWith("\n"), mine);
        String line = mine.strip();
        assertTrue(shape.matcher(line).matches(), "go4j: " + line + "\nGo:   " + go + "\nshape: " + shape);
        assertTrue(line.startsWith("SCHED 1234ms: gomaxprocs=" + Go.maxProcs() + " "), line);
        String queues = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
        assertEquals(Go.maxProcs(), queues.split(" ").length, line);
        assertFalse(line.contains("=-1"), "the JDK's scheduler bean answers on this JDK: " + line);
    }

    @Test
    void withDetailTheFirstLineAndAGoroutinesLineHaveGosShape() throws Exception {
        List<String> go = goLines("schedtrace=100,scheddetail=1");
        String first = go.stream().filter(l -> l.startsWith("SCHED ")).findFirst().orElseThrow();
        String goroutine = go.stream().filter(l -> l.startsWith("  G") && l.contains("(chan receive)"))
                .findFirst().orElseThrow();
        Chan<Integer> block = Chan.make();
        Thread waiting = Go.go(block::recv);
        try {
            String mineLine = null;
            for (int i = 0; i < 1000 && mineLine == null; i++) {   // until it is parked (bounded)
                String text = SchedLines.text(0, true);
                mineLine = text.lines().filter(l -> l.startsWith("  G" + waiting.threadId() + ":")
                        && l.contains("(chan receive)")).findFirst().orElse(null);
                if (mineLine == null) {
                    Thread.sleep(1);
                }
            }
            assertTrue(mineLine != null, "goroutine " + waiting.threadId() + " is listed waiting");
            assertTrue(shapeOf(goroutine).matcher(mineLine).matches(), "go4j: " + mineLine + "\nGo:   " + goroutine);
            assertEquals("  G" + waiting.threadId() + ": status=4(chan receive) m=-1 lockedm=-1", mineLine);
            String mineFirst = SchedLines.text(0, true).lines().findFirst().orElseThrow();
            assertTrue(shapeOf(first).matcher(mineFirst).matches(), "go4j: " + mineFirst + "\nGo:   " + first);
        } finally {
            block.send(1);
            waiting.join(10_000);
        }
    }

    @Test
    void aGoroutineInThreadSleepIsListedAsGoListsOneInTimeSleep() throws Exception {
        List<String> go = goLines("schedtrace=100,scheddetail=1");
        String sleeping = go.stream().filter(l -> l.startsWith("  G") && l.contains("(sleep)")).findFirst()
                .orElseThrow(() -> new AssertionError("Go's main goroutine in time.Sleep\n" + String.join("\n", go)));
        CountDownLatch stop = new CountDownLatch(1);
        Thread sleeper = Go.go(() -> {
            while (stop.getCount() > 0) {
                try {
                    Thread.sleep(60_000);   // a wait go4j does not see: only its stack says sleep
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            String mine = null;
            for (int i = 0; i < 1000 && mine == null; i++) {   // until it sleeps (bounded)
                mine = SchedLines.text(0, true).lines().filter(l -> l.startsWith("  G" + sleeper.threadId() + ":")
                        && l.contains("(sleep)")).findFirst().orElse(null);
                if (mine == null) {
                    Thread.sleep(1);
                }
            }
            assertTrue(mine != null, "goroutine " + sleeper.threadId() + " is listed sleeping\n" + SchedLines.text(0, true));
            assertTrue(shapeOf(sleeping).matcher(mine).matches(), "go4j: " + mine + "\nGo:   " + sleeping);
            assertEquals("  G" + sleeper.threadId() + ": status=4(sleep) m=-1 lockedm=-1", mine);
        } finally {
            stop.countDown();
            sleeper.interrupt();
            sleeper.join(10_000);
        }
    }

    @Test
    void aStartedTracePrintsALineEveryIntervalUntilClosed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SchedTrace t = SchedTrace.start(Duration.ofMillis(5), false, out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lines(bytes).size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        t.close();
        List<String> lines = lines(bytes);
        assertTrue(lines.size() >= 3, "three lines in 30 s: " + lines);
        assertTrue(lines.get(0).startsWith("SCHED 0ms: "), lines.get(0));
        for (String l : lines) {
            assertTrue(l.startsWith("SCHED "), l);
        }
    }

    private static List<String> lines(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }
}
