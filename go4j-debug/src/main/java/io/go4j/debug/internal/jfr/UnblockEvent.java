package io.go4j.debug.internal.jfr;

import io.go4j.debug.JfrEvents;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * UnblockEvent records a wake-up: a goroutine (or a thread go4j adopted, or go4j's timer thread)
 * made a goroutine parked in a go4j primitive runnable again, with the waker's stack: the edge
 * the execution trace draws from a send or an unlock to the goroutine it woke, and that a
 * {@code go4j.Block} event of the woken goroutine ends soon after. Off by default: one event per
 * wake-up, each with a stack.
 */
@Name(JfrEvents.UNBLOCK)
@Label("Goroutine Unblock")
@Category("go4j")
@Description("A goroutine (or go4j's timer thread) woke a goroutine parked in a go4j primitive")
@Enabled(false)
@StackTrace(true)
final class UnblockEvent extends Event {
    @Label("Goroutine Id")
    @Description("The waker's goroutine id (its thread's id); 0 for a thread that is no goroutine, such as go4j's timer thread")
    long goroutineId;

    @Label("Woken Goroutine Id")
    @Description("The goroutine it woke")
    long wokenId;
}
