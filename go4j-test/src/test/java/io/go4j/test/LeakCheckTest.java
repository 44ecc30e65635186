package io.go4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.test.fixtures.AutoDetectFixture;
import io.go4j.test.fixtures.BadSettingsFixture;
import io.go4j.test.fixtures.BuilderFixture;
import io.go4j.test.fixtures.Fixtures;
import io.go4j.test.fixtures.IgnoreFixture;
import io.go4j.test.fixtures.LeakFixture;
import io.go4j.test.fixtures.PerClassFixture;
import io.go4j.test.fixtures.RetryFixture;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The leak check fails the test that leaked, and only it; its rules and modes. */
class LeakCheckTest {

    @AfterEach
    void releaseTheFixturesGoroutines() throws InterruptedException {
        Fixtures.reset();
    }

    @Test
    @DisplayName("a leaked goroutine fails the test that started it, and its neighbours pass")
    void aLeakFailsItsTestOnly() {
        EngineExecutionResults r = Kit.run(LeakFixture.class);
        r.testEvents().assertStatistics(s -> s.started(5).succeeded(2).failed(3));
        String msg = Kit.failureOf(r, "b_leaks").getMessage();
        assertTrue(msg.startsWith("found 1 unexpected goroutine, started by the test and still alive after 100ms:"), msg);
        assertTrue(Pattern.compile("goroutine \\d+ \"leaky-worker\" \\[chan receive]:\n").matcher(msg).find(), msg);
        assertTrue(msg.contains("io.go4j.test.fixtures.Fixtures.parkUntilReleased(...)\n\tFixtures.java:"), msg);
        assertTrue(Pattern.compile("created by io\\.go4j\\.test\\.fixtures\\.LeakFixture\\.b_leaks in goroutine \\d+\n"
                + "\tLeakFixture\\.java:\\d+").matcher(msg).find(), msg);
        assertFalse(msg.contains("odd-one"), "another test's goroutine is not listed: " + msg);
    }

    @Test
    @DisplayName("leaked goroutines with the same stack are listed once, with their count, largest group first")
    void leaksAreGroupedByStack() {
        EngineExecutionResults r = Kit.run(LeakFixture.class);
        String msg = Kit.failureOf(r, "d_leaksFourInTwoGroups").getMessage();
        assertTrue(msg.startsWith("found 4 unexpected goroutines"), msg);
        int group = msg.indexOf("3 goroutines ");
        int single = msg.indexOf("\"odd-one\" [chan receive]:");
        assertTrue(group > 0 && single > group, msg);
        assertTrue(Pattern.compile("3 goroutines \\d+, \\d+, \\d+ \\[chan receive]:\n").matcher(msg).find(), msg);
        assertEquals(2, msg.split("created by ", -1).length - 1, "one creation site per group: " + msg);
        assertFalse(msg.contains("leaky-worker"), "another test's goroutine is not listed: " + msg);
    }

    @Test
    @DisplayName("a goroutine started by the test's goroutine is the test's too, though its creator has ended")
    void leaksAreAttributedTransitively() {
        EngineExecutionResults r = Kit.run(LeakFixture.class);
        String msg = Kit.failureOf(r, "e_leaksThroughAChild").getMessage();
        assertTrue(msg.startsWith("found 1 unexpected goroutine"), msg);
        assertTrue(Pattern.compile("goroutine \\d+ \"grandchild\" \\[chan receive]:\n").matcher(msg).find(), msg);
        assertTrue(msg.contains("created by io.go4j.test.fixtures.LeakFixture.lambda$e_leaksThroughAChild$"), msg);
    }

    @Test
    @DisplayName("a goroutine that ends shortly after its test is not a leak: the check waits for it")
    void theCheckWaitsForEndingGoroutines() {
        Kit.run(RetryFixture.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    @DisplayName("ignore rules given by annotations let leaks pass by top function, by creator and by label, and only those")
    void annotationIgnoreRules() {
        EngineExecutionResults r = Kit.run(IgnoreFixture.class);
        r.testEvents().assertStatistics(s -> s.started(4).succeeded(3).failed(1));
        String msg = Kit.failureOf(r, "notIgnored").getMessage();
        assertTrue(msg.contains("\"unmatched\""), msg);
        assertTrue(msg.contains("# labels: {\"role\":\"db\"}"), "user labels are shown, go4j-test's are not: " + msg);
        assertFalse(msg.contains("\"" + GoLeakExtension.LABEL + "\""), msg);
    }

    @Test
    @DisplayName("ignore rules made with the builder let leaks pass by top-function prefix and by label key")
    void builderIgnoreRules() {
        EngineExecutionResults r = Kit.run(BuilderFixture.class);
        r.testEvents().assertStatistics(s -> s.started(3).succeeded(2).failed(1));
        assertTrue(Kit.failureOf(r, "notIgnored").getMessage().contains("\"unmatched\""));
    }

    @Test
    @DisplayName("in per-class mode a goroutine may outlive its test but not the class, whose container then fails")
    void perClassMode() {
        EngineExecutionResults r = Kit.run(PerClassFixture.class);
        r.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        String msg = Kit.containerFailureOf(r, "PerClassFixture").getMessage();
        assertTrue(msg.startsWith("found 1 unexpected goroutine, started by the class"), msg);
        assertTrue(msg.contains("\"alive-after-the-class\""), msg);
        assertFalse(msg.contains("handed-over"), msg);
    }

    @Test
    @DisplayName("auto-detected, the extension checks classes that do not name it, with settings from configuration parameters")
    void autoDetection() {
        EngineExecutionResults off = Kit.run(AutoDetectFixture.class);
        off.testEvents().assertStatistics(s -> s.started(1).succeeded(1));

        EngineExecutionResults on = Kit.run(AutoDetectFixture.class,
                "junit.jupiter.extensions.autodetection.enabled=true", GoLeakExtension.RETRY_PARAMETER + "=20ms");
        on.testEvents().assertStatistics(s -> s.started(1).failed(1));
        String msg = Kit.failureOf(on, "leaks").getMessage();
        assertTrue(msg.contains("still alive after 20ms"), msg);
        assertTrue(msg.contains("\"leaked-without-annotation\""), msg);
    }

    @Test
    @DisplayName("auto-detected and named by @GoLeakCheck too, the extension checks each test once")
    void autoDetectedAndAnnotatedChecksOnce() {
        EngineExecutionResults r = Kit.run(LeakFixture.class, "junit.jupiter.extensions.autodetection.enabled=true");
        r.testEvents().assertStatistics(s -> s.started(5).succeeded(2).failed(3));
        assertTrue(Kit.failureOf(r, "b_leaks").getMessage().startsWith("found 1 unexpected goroutine"));
    }

    @Test
    @DisplayName("the builder refuses a bad pattern, label key or duration with a message naming it")
    void theBuilderChecksItsInput() {
        GoLeakExtension.Builder b = GoLeakExtension.builder();
        assertEquals("go4j-test: invalid top function pattern \"com.*.Worker\": want a function such as "
                        + "com.acme.Worker.loop, or a prefix ending in *",
                assertThrows(IllegalArgumentException.class, () -> b.ignoreTopFunction("com.*.Worker")).getMessage());
        assertEquals("go4j-test: invalid created by pattern \"\": want a function such as "
                        + "com.acme.Worker.loop, or a prefix ending in *",
                assertThrows(IllegalArgumentException.class, () -> b.ignoreCreatedBy("")).getMessage());
        assertEquals("go4j-test: invalid label key \"a=b\": want a non-empty key without =",
                assertThrows(IllegalArgumentException.class, () -> b.ignoreLabel("a=b", "c")).getMessage());
        assertEquals("go4j-test: retryFor may not be negative: -1s",
                assertThrows(IllegalArgumentException.class, () -> b.retryFor(Duration.ofSeconds(-1))).getMessage());
    }

    @Test
    @DisplayName("a setting that is not a Go duration fails the test with Go's error, naming the setting")
    void badSettings() {
        EngineExecutionResults r = Kit.run(BadSettingsFixture.class);
        r.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable t = Kit.failureOf(r, "neverRuns");
        assertInstanceOf(ExtensionConfigurationException.class, t);
        assertEquals("go4j-test: @GoLeakCheck(retryFor) = \"5 seconds\": time: unknown unit \" seconds\" in duration "
                + "\"5 seconds\"", t.getMessage());
    }

    @Test
    @DisplayName("a bad configuration parameter fails every test with a message naming it")
    void badConfigurationParameter() {
        EngineExecutionResults r = Kit.run(AutoDetectFixture.class,
                "junit.jupiter.extensions.autodetection.enabled=true", GoLeakExtension.MODE_PARAMETER + "=sometimes");
        r.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertEquals("go4j-test: go4j.test.leaks.mode = \"sometimes\": want per-test, per-class or off",
                Kit.failureOf(r, "leaks").getMessage());
    }
}
