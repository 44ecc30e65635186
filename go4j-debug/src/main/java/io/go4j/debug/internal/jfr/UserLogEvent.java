package io.go4j.debug.internal.jfr;

import io.go4j.debug.JfrEvents;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * UserLogEvent records one log message of the program (go4j-trace's {@code Trace.log}, Go's
 * {@code trace.Log}), with the logger's stack. Committed through {@link UserAnnotations}.
 */
@Name(JfrEvents.USER_LOG)
@Label("User Log")
@Category({"go4j", "User Annotations"})
@Description("A log message of the program (go4j-trace's Trace.log, Go's trace.Log)")
@StackTrace(true)
final class UserLogEvent extends Event {
    @Label("Task Id")
    @Description("The task the message belongs to, 0 for none")
    long taskId;

    @Label("Category")
    @Description("The message's category (may be empty)")
    String category;

    @Label("Message")
    @Description("The message")
    String message;
}
