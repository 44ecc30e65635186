package io.go4j.logging;

import io.go4j.Go;
import io.go4j.debug.Deadlocks;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LoggerPrintStream through System.Logger (slf4j-jdk-platform-logging) to Logback. */
class LoggerPrintStreamTest {

    @BeforeEach
    void clear() {
        LinesAppender.LINES.clear();
    }

    @Test
    @DisplayName("what is printed before a flush becomes one log message, its lines kept")
    void whatIsPrintedBeforeAFlushIsOneMessage() {
        PrintStream out = LoggerPrintStream.of("io.go4j.test.stream", System.Logger.Level.WARNING);
        out.print("first line\n");
        out.print("second line\n");
        out.flush();
        out.flush();   // nothing pending: nothing logged
        out.println("after");
        out.close();
        List<String> lines = LinesAppender.LINES.stream().filter(l -> l.contains("io.go4j.test.stream")).toList();
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("WARN io.go4j.test.stream "), lines.get(0));
        assertTrue(lines.get(0).endsWith(" first line\nsecond line"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" after"), lines.get(1));
    }

    @Test
    @DisplayName("go4j-debug's deadlock watcher reports a lock cycle to the application's log")
    void theDeadlockWatcherReportsALockCycleToTheLog() throws InterruptedException {
        Mutex a = new Mutex();
        Mutex b = new Mutex();
        WaitGroup bothHold = new WaitGroup();
        bothHold.add(2);
        try (Deadlocks.Watcher w = Deadlocks.start(Deadlocks.Options.defaults()
                .withAction(Deadlocks.Action.REPORT)
                .withInterval(Duration.ofMillis(20))
                .withLockCycles(true)
                .withOutput(LoggerPrintStream.of("io.go4j.deadlock", System.Logger.Level.ERROR)))) {
            // Two goroutines lock a and b in opposite orders: a cycle, left parked when the test ends.
            Go.go(() -> {
                a.lock();
                bothHold.done();
                bothHold.await();
                b.lock();
            });
            Go.go(() -> {
                b.lock();
                bothHold.done();
                bothHold.await();
                a.lock();
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (report().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);   // a bounded poll: the watcher reports after two looks agree
            }
        }
        List<String> reports = report();
        assertEquals(1, reports.size(), () -> "lines: " + LinesAppender.LINES);
        assertTrue(reports.get(0).contains("go4j: lock cycle (partial deadlock) among goroutines "), reports.get(0));
    }

    private static List<String> report() {
        return LinesAppender.LINES.stream().filter(l -> l.startsWith("ERROR io.go4j.deadlock ")).toList();
    }
}
