package io.go4j.debug.internal.jfr;

import io.go4j.debug.JfrEvents;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * BlockEvent records one park of a goroutine (or of a thread go4j adopted, such as main) in a
 * go4j primitive: its wait reason in Go's words, what it waited on, and, as the event's duration,
 * how long. It begins when the goroutine parks and is committed on the goroutine's own thread when
 * it runs again, so its stack trace is the waiter's (under a few frames of go4j's own). Only waits
 * at least as long as the {@code threshold} setting are recorded: 20 ms by default, as JFR's
 * {@code jdk.ThreadPark}, which does not see virtual threads' parks.
 */
@Name(JfrEvents.BLOCK)
@Label("Goroutine Block")
@Category("go4j")
@Description("A goroutine parked in a go4j primitive (channel, select, sync, sleep)")
@Threshold("20 ms")
@StackTrace(true)
final class BlockEvent extends Event {
    @Label("Goroutine Id")
    @Description("The goroutine's id (its thread's id)")
    long goroutineId;

    @Label("Wait Reason")
    @Description("Why it waited, in Go's words: chan receive, select, sync.Mutex.Lock, ...")
    String reason;

    @Label("Blocker")
    @Description("What it waited on, as goroutine dumps say it: a channel (id, length, capacity), a select's channels, a lock and its holder")
    String blocker;

    @Label("Labels")
    @Description("The goroutine's profiler labels, {key: value, ...}")
    String labels;

    /** Which recording state this event began in (JfrBridge's epoch); not recorded. */
    transient int epoch;

    /** The lock's holder when the wait began, for the blocker's text; not recorded. */
    transient Thread holderAtPark;
}
