package io.go4j.debug.internal.jfr;

import io.go4j.debug.JfrEvents;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * UserRegionEvent records one region of a goroutine's work (go4j-trace's {@code Trace.withRegion}
 * and {@code startRegion}, Go's {@code trace.WithRegion}), its duration the region's. Begun and
 * committed through {@link UserAnnotations}.
 */
@Name(JfrEvents.USER_REGION)
@Label("User Region")
@Category({"go4j", "User Annotations"})
@Description("A region of a goroutine's work (go4j-trace's Trace.withRegion, Go's trace.WithRegion)")
@StackTrace(true)
final class UserRegionEvent extends Event {
    @Label("Task Id")
    @Description("The task the region belongs to, 0 for none")
    long taskId;

    @Label("Region Type")
    @Description("The region's type")
    String regionType;
}
