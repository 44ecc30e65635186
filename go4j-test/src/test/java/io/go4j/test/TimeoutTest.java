package io.go4j.test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.test.fixtures.Fixtures;
import io.go4j.test.fixtures.OwnTimeoutFixture;
import io.go4j.test.fixtures.TimeoutFixture;
import static io.go4j.Go.go;

import io.go4j.Chan;
import io.go4j.Empty;
import io.go4j.Go;
import io.go4j.GoInterruptedException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** A test that times out fails with its goroutines and the goroutine dump; they are interrupted; the next test passes. */
class TimeoutTest {

    @AfterEach
    void releaseTheFixturesGoroutines() throws InterruptedException {
        Fixtures.reset();
    }

    @Test
    @DisplayName("a test past JUnit's @Timeout fails with its hung goroutine listed and the dump; the goroutine is interrupted; the next test passes")
    void junitTimeout() {
        EngineExecutionResults r = Kit.run(TimeoutFixture.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        Throwable t = Kit.failureOf(r, "a_hangs");
        assertInstanceOf(TimeoutException.class, t);
        assertInstanceOf(TimeoutException.class, t.getCause(), "JUnit's own failure is the cause");
        assertHungReport(t.getMessage(), "a_hangs() timed out after 300 milliseconds");
    }

    @Test
    @DisplayName("a test past the extension's own timeout fails the same way, and the interrupt does not reach the next test")
    void ownTimeout() {
        EngineExecutionResults r = Kit.run(OwnTimeoutFixture.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        Throwable t = Kit.failureOf(r, "a_hangs");
        assertInstanceOf(TimeoutException.class, t);
        assertHungReport(t.getMessage(), "a_hangs() timed out after 300ms");
        assertTrue(Arrays.stream(t.getSuppressed()).anyMatch(s -> s instanceof GoInterruptedException),
                "what the interrupted body threw is kept");
    }

    @Test
    @DisplayName("the timeout's dump is go4j-debug's full dump of every goroutine, also those the test did not start")
    void theDumpShowsEveryGoroutine() throws InterruptedException {
        Chan<Empty> stop = Chan.make();
        Thread bystander = go("bystander", () -> stop.recvOk());
        try {
            awaitChanReceive(bystander);
            Throwable t = Kit.failureOf(Kit.run(TimeoutFixture.class), "a_hangs");
            String msg = t.getMessage();
            String all = msg.substring(msg.indexOf("\nall goroutines at the timeout:\n\n"));
            assertTrue(Pattern.compile("goroutine " + bystander.threadId() + " \\[chan receive").matcher(all).find(), msg);
            assertTrue(all.contains("hung-worker") || all.contains("TimeoutFixture.lambda$a_hangs$"), msg);
        } finally {
            stop.close();
            assertTrue(bystander.join(Duration.ofSeconds(10)), "the bystander ended");
        }
    }

    /** Waits (bounded) until {@code t} is parked in a channel receive. */
    private static void awaitChanReceive(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Go.goroutines().stream().noneMatch(g -> g.id() == t.threadId() && "chan receive".equals(g.waitReason()))) {
            assertTrue(System.nanoTime() < deadline, "the bystander did not park");
            Thread.sleep(1);
        }
    }

    private static void assertHungReport(String msg, String headline) {
        assertTrue(msg.startsWith(headline + "\n\ngoroutines the test started, interrupted now:\n\n"), msg);
        assertTrue(Pattern.compile("goroutine \\d+ \"hung-worker\" \\[chan receive]:\n").matcher(msg).find(), msg);
        assertTrue(msg.contains("\nall goroutines at the timeout:\n\n"), msg);
    }
}
