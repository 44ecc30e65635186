package io.go4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.test.fixtures.Fixtures;
import io.go4j.test.fixtures.PanicFixture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** A goroutine's panic fails its test, though the test's body passed. */
class GoroutinePanicTest {

    @AfterEach
    void releaseTheFixturesGoroutines() throws InterruptedException {
        Fixtures.reset();
    }

    @Test
    @DisplayName("a goroutine that panics fails its test with Go's panic report, though the body passed; the next test passes")
    void aPanicFailsItsTest() {
        EngineExecutionResults r = Kit.run(PanicFixture.class);
        r.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        Throwable t = Kit.failureOf(r, "a_goroutinePanics");
        String msg = t.getMessage();
        assertTrue(msg.startsWith("a goroutine panicked during the test:\n\n"
                + "panic: java.lang.IllegalStateException: boom from a goroutine\n\ngoroutine "), msg);
        assertTrue(Pattern.compile("created by io\\.go4j\\.test\\.fixtures\\.PanicFixture\\.a_goroutinePanics in goroutine \\d+")
                .matcher(msg).find(), msg);
        assertEquals(1, t.getSuppressed().length);
        assertInstanceOf(IllegalStateException.class, t.getSuppressed()[0], "the panic itself is attached");
    }
}
