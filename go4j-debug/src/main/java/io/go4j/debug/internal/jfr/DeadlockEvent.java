package io.go4j.debug.internal.jfr;

import io.go4j.debug.JfrEvents;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * DeadlockEvent records a deadlock found by go4j's detector: every goroutine asleep (Go's
 * {@code fatal error: all goroutines are asleep - deadlock!}) or a cycle among some of them.
 * Committed by the detector through {@link #commit}; on whenever a recording runs, whether or
 * not {@link JfrEvents#install()} was called.
 */
@Name(JfrEvents.DEADLOCK)
@Label("Goroutine Deadlock")
@Category("go4j")
@Description("go4j's deadlock detector found goroutines that can never run again")
@StackTrace(false)
public final class DeadlockEvent extends Event {
    @Label("Description")
    @Description("What was found, as the detector reports it")
    String description;

    @Label("Goroutine Count")
    @Description("How many goroutines are deadlocked")
    int goroutineCount;

    /** Creates an event; use {@link #commit(String, int)}. */
    DeadlockEvent() {}

    /**
     * Records a deadlock if a recording wants the event; costs an allocation otherwise.
     *
     * @param description    what was found (the detector's report, or its first line)
     * @param goroutineCount how many goroutines are deadlocked
     */
    public static void commit(String description, int goroutineCount) {
        DeadlockEvent e = new DeadlockEvent();
        if (e.shouldCommit()) {
            e.description = description;
            e.goroutineCount = goroutineCount;
            e.commit();
        }
    }
}
