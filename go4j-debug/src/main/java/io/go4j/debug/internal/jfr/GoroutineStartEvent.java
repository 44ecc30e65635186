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
 * GoroutineStartEvent records a goroutine beginning its task, on its own thread. Off by default,
 * as JFR's {@code jdk.VirtualThreadStart}: a program may start millions.
 */
@Name(JfrEvents.GOROUTINE_START)
@Label("Goroutine Start")
@Category("go4j")
@Description("A goroutine started by go() begins its task")
@Enabled(false)
@StackTrace(false)
final class GoroutineStartEvent extends Event {
    @Label("Goroutine Id")
    @Description("The goroutine's id (its thread's id)")
    long goroutineId;

    @Label("Creator Id")
    @Description("The id of the goroutine or thread that called go()")
    long creatorId;

    @Label("Created By")
    @Description("Where go() was called")
    String createdBy;

    @Label("Labels")
    @Description("The goroutine's profiler labels, {key: value, ...}")
    String labels;
}
