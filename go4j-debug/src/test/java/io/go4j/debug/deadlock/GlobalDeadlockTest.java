package io.go4j.debug.deadlock;

import static io.go4j.debug.internal.deadlock.DeadlockWatcher.FATAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.debug.testing.ChildJvm;
import io.go4j.debug.testing.Exec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The watcher fires on planted global deadlocks, each in a child JVM of its own: it prints Go's
 * first line, a blank line and the dump, and the process ends with status 2. The dump here is
 * the test's stub (each goroutine's id and status), so the tests check which goroutines the
 * watcher saw and in which waits.
 */
class GlobalDeadlockTest {

    /** The ids a scenario printed ({@code name=id} lines), in order. */
    private static Map<String, Long> ids(String stdout) {
        Map<String, Long> ids = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^(\\w+)=(\\d+)$").matcher(stdout);
        while (m.find()) {
            ids.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return ids;
    }

    /** The stub dump's lines, after Go's first line and the blank line. */
    private static List<String> dumpLines(Exec.Result r) {
        assertTrue(r.stderr().startsWith(FATAL + "\n\n"), "Go's first line, then a blank line: " + r.describe());
        return new ArrayList<>(List.of(r.stderr().substring(FATAL.length() + 2).split("\n")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "chan        | main=chan receive",
            "mutex       | main=sync.Mutex.Lock",
            "wait-group  | main=sync.WaitGroup.Wait",
            "select      | main=select, sender=chan send",
            "every-primitive | main=chan receive, mutex=sync.Mutex.Lock, rlock=sync.RWMutex.RLock, "
                    + "cond=sync.Cond.Wait, noCases=select (no cases), nilChan=chan receive (nil chan), "
                    + "fullChan=chan send",
            "timers-gone | main=chan receive",
            "after-socket-io | main=chan receive",
            "signal-context-cancelled | main=chan receive",
    })
    @DisplayName("a planted deadlock ends the process with status 2 and lists every goroutine in its wait")
    void plantedDeadlockIsReported(String scenario, String expected) {
        Exec.Result r = ChildJvm.run(List.of(), DeadlockScenarios.class, scenario, "stub");
        assertEquals(2, r.exit(), r.describe());
        Map<String, Long> ids = ids(r.stdout());
        List<String> lines = dumpLines(r);
        for (String pair : expected.split(",\\s*")) {
            String[] kv = pair.split("=");
            Long id = ids.get(kv[0].trim());
            assertTrue(id != null, "the scenario printed the id of " + kv[0] + ": " + r.describe());
            assertTrue(lines.contains("goroutine " + id + " [" + kv[1].trim() + "]"),
                    kv[0] + " is listed waiting in " + kv[1] + ": " + r.describe());
        }
        assertTrue(!r.stdout().contains("survived"), r.describe());
    }

    @Test
    @DisplayName("in report mode a deadlock is reported once and the process goes on")
    void reportModeReportsOnceAndKeepsRunning() throws InterruptedException {
        try (Exec child = ChildJvm.start(List.of(), DeadlockScenarios.class, "chan", "report")) {
            child.awaitStderr(FATAL);
            // Ten more intervals: a watcher that reported at every look would have printed again.
            boolean ended = child.process().waitFor(10 * DeadlockScenarios.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(!ended, "report mode does not end the process");
            Exec.Result r = child.kill();
            assertEquals(1, r.stderr().split(Pattern.quote(FATAL), -1).length - 1, "one report: " + r.describe());
        }
    }

    @Test
    @DisplayName("with Go's defaults the watcher prints Go's first line and a blank line and exits with status 2")
    void defaultsFollowGo() {
        Exec.Result r = ChildJvm.run(List.of(), DeadlockScenarios.class, "chan", "defaults");
        assertEquals(2, r.exit(), r.describe());
        assertTrue(r.stderr().startsWith(FATAL + "\n\n"), r.describe());
    }
}
