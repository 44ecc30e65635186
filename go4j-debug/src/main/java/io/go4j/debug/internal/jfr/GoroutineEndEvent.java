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
 * GoroutineEndEvent records a goroutine finishing its task (returned, panicked, or
 * {@code goexit}), on its own thread, after any panic was reported. Off by default, as JFR's
 * {@code jdk.VirtualThreadEnd}.
 */
@Name(JfrEvents.GOROUTINE_END)
@Label("Goroutine End")
@Category("go4j")
@Description("A goroutine started by go() has finished its task")
@Enabled(false)
@StackTrace(false)
final class GoroutineEndEvent extends Event {
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
    @Description("The goroutine's profiler labels when it ended, {key: value, ...}")
    String labels;
}
