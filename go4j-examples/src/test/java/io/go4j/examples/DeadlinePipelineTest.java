package io.go4j.examples;

import io.go4j.Go;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** The deadline-cancelled pipeline stops at its deadline and leaks no goroutine. */
@Timeout(60)
class DeadlinePipelineTest {

    @Test
    @DisplayName("the pipeline stops at the deadline with DeadlineExceeded, and its goroutines exit")
    void pipelineStopsAtDeadline() throws Exception {
        int before = Go.numGoroutine();
        DeadlinePipeline.Outcome o = DeadlinePipeline.run(Duration.ofMillis(50));
        assertEquals("context deadline exceeded", o.error());
        assertTrue(o.received() > 0, "values flowed before the deadline");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Go.numGoroutine() > before) {
            assertTrue(System.nanoTime() < deadline, "pipeline goroutines did not exit");
            Thread.onSpinWait();
        }
    }
}
