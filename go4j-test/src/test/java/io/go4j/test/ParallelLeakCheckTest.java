package io.go4j.test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.test.fixtures.Fixtures;
import io.go4j.test.fixtures.ParallelFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Under JUnit's parallel execution each test is charged with its own goroutines only (goleak cannot do this). */
class ParallelLeakCheckTest {

    @AfterEach
    void releaseTheFixturesGoroutines() throws InterruptedException {
        Fixtures.reset();
    }

    @Test
    @DisplayName("under parallel execution the leaking test fails and only it, though its neighbours' goroutines live through its check")
    void parallelNeighboursAreNotCharged() {
        ParallelFixture.prepare();
        EngineExecutionResults r = Kit.run(ParallelFixture.class,
                "junit.jupiter.execution.parallel.enabled=true",
                "junit.jupiter.execution.parallel.mode.default=concurrent",
                "junit.jupiter.execution.parallel.config.strategy=fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism=4");
        r.testEvents().assertStatistics(s -> s.started(3).succeeded(2).failed(1));
        String msg = Kit.failureOf(r, "leaks").getMessage();
        assertTrue(msg.startsWith("found 1 unexpected goroutine"), msg);
        assertTrue(msg.contains("\"leaked-by-the-leaker\""), msg);
        assertFalse(msg.contains("neighbour-"), msg);
    }
}
