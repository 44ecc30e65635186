package io.go4j.examples;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The worker pool (an errgroup with a limit) squares every job, never runs more than its limit
 * at once, and stops at the first failure.
 */
@Timeout(60)
class WorkerPoolTest {

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
}
