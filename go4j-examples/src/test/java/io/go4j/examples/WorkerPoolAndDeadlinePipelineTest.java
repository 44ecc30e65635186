package io.go4j.examples;

import io.go4j.test.GoLeakCheck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The worker pool (an errgroup with a limit) and the deadline-cancelled pipeline give the right
 * answers, stop when they must, and leak nothing (go4j-test's {@link GoLeakCheck} checks
 * that every goroutine a test started has exited after it).
 *
 * <p>One class on purpose: the pipeline test's "values flowed before the 50 ms deadline" needs
 * go4j's classes loaded, which the pool tests of this class do first; run first in a fresh JVM
 * (as a class of its own was), it failed.
 */
@GoLeakCheck
@Timeout(60)
class WorkerPoolAndDeadlinePipelineTest {

    @Test
    @DisplayName("the worker pool squares every job with at most `limit` running at once")
    void workerPoolRespectsLimit() {
        WorkerPool.Report r = WorkerPool.run(1_000, 8, -1);
        assertNull(r.error());
        assertEquals(1_000, r.jobsRun());
        assertEquals(1000L * 1001 * 2001 / 6, r.sum());
        assertTrue(r.maxRunning() <= 8, "max running " + r.maxRunning());
    }

    @Test
    @DisplayName("a failing job is the pool's error and the jobs after it are cancelled")
    void workerPoolStopsAtFirstFailure() {
        WorkerPool.Report r = WorkerPool.run(1_000, 4, 10);
        assertEquals("job 10 failed", r.error().getMessage());
        assertTrue(r.jobsRun() < 1_000, "later jobs skipped their work");
    }

    @Test
    @DisplayName("the pipeline stops at the deadline with DeadlineExceeded, and its goroutines exit")
    void pipelineStopsAtDeadline() throws Exception {
        DeadlinePipeline.Outcome o = DeadlinePipeline.run(Duration.ofMillis(50));
        assertEquals("context deadline exceeded", o.error());
        assertTrue(o.received() > 0, "values flowed before the deadline");
        // that its goroutines exit is @GoLeakCheck's part: it fails the test with those still alive
    }
}
