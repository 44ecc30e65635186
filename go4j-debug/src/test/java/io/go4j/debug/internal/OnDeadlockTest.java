package io.go4j.debug.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** OnDeadlock: the registered actions' lines, in order, a failure's included. */
class OnDeadlockTest {
    @Test
    void everyRegisteredActionRunsOnceAndAFailureBecomesItsLine() {
        OnDeadlock.Action first = () -> "first";
        OnDeadlock.Action silent = () -> null;
        OnDeadlock.Action failing = () -> {
            throw new IllegalStateException("disk full");
        };
        OnDeadlock.add(first);
        OnDeadlock.add(first);
        OnDeadlock.add(silent);
        OnDeadlock.add(failing);
        try {
            List<String> lines = OnDeadlock.runAll();
            assertEquals(2, lines.size(), lines.toString());
            assertEquals("first", lines.get(0));
            assertTrue(lines.get(1).endsWith("failed: java.lang.IllegalStateException: disk full"), lines.get(1));
        } finally {
            OnDeadlock.remove(first);
            OnDeadlock.remove(silent);
            OnDeadlock.remove(failing);
        }
        assertEquals(List.of(), OnDeadlock.runAll());
    }
}
