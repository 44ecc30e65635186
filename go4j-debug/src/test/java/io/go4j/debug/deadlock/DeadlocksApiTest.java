package io.go4j.debug.deadlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.debug.Deadlocks;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Deadlocks' public surface: options, actions, the property and the watcher's life. */
class DeadlocksApiTest {

    @Test
    @DisplayName("an interval that is not positive is refused with a message naming it")
    void intervalMustBePositive() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Deadlocks.Options.defaults().withInterval(Duration.ZERO));
        assertEquals("deadlock watcher: interval must be positive, got PT0S", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Deadlocks.Options.defaults().withInterval(Duration.ofMillis(-1)));
        assertEquals("output", assertThrows(NullPointerException.class,
                () -> Deadlocks.Options.defaults().withOutput(null)).getMessage());
    }

    @Test
    @DisplayName("the defaults are Go's: exit after reporting on standard error")
    void defaultsAreGos() {
        Deadlocks.Options o = Deadlocks.Options.defaults();
        assertEquals(Deadlocks.Action.EXIT, o.action());
        assertEquals(System.err, o.output());
        assertEquals(Deadlocks.Options.DEFAULT_INTERVAL, o.interval());
    }

    @Test
    @DisplayName("actions are parsed as exit or report, and anything else is refused with both choices named")
    void actionsParse() {
        assertEquals(Deadlocks.Action.EXIT, Deadlocks.Action.parse("exit"));
        assertEquals(Deadlocks.Action.REPORT, Deadlocks.Action.parse(" Report "));
        var e = assertThrows(IllegalArgumentException.class, () -> Deadlocks.Action.parse("halt"));
        assertEquals("go4j: unknown deadlock action \"halt\" (want exit or report)", e.getMessage());
    }

    @Test
    @DisplayName("the property starts a watcher only when set, and closing the watcher stops its thread")
    void propertyStartsAWatcher() {
        String before = System.getProperty(Deadlocks.PROPERTY);
        try {
            System.clearProperty(Deadlocks.PROPERTY);
            assertNull(Deadlocks.startIfRequested());
            System.setProperty(Deadlocks.PROPERTY, "report");
            Deadlocks.Watcher w = Deadlocks.startIfRequested();
            assertTrue(w.running());
            w.close();
            assertFalse(w.running());
            assertEquals(0, w.reports(), "this JVM's test runner threads are never asleep in go4j");
            System.setProperty(Deadlocks.PROPERTY, "sometimes");
            assertThrows(IllegalArgumentException.class, Deadlocks::startIfRequested);
        } finally {
            if (before == null) {
                System.clearProperty(Deadlocks.PROPERTY);
            } else {
                System.setProperty(Deadlocks.PROPERTY, before);
            }
        }
    }
}
