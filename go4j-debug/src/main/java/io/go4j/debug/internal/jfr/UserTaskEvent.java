package io.go4j.debug.internal.jfr;

import io.go4j.debug.JfrEvents;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * UserTaskEvent records one of the program's tasks (go4j-trace's {@code Trace.newTask}, Go's
 * {@code trace.NewTask}), from its creation to its end, as the event's duration; its stack
 * trace is the creator's. Begun and committed through {@link UserAnnotations}.
 */
@Name(JfrEvents.USER_TASK)
@Label("User Task")
@Category({"go4j", "User Annotations"})
@Description("A task of the program (go4j-trace's Trace.newTask, Go's trace.NewTask), from creation to end")
@StackTrace(true)
final class UserTaskEvent extends Event {
    @Label("Task Id")
    @Description("The task's id, as in the execution trace")
    long taskId;

    @Label("Parent Task Id")
    @Description("The parent task's id, 0 for none")
    long parentId;

    @Label("Task Type")
    @Description("The task's type (its name in go tool trace's task views)")
    String taskType;
}
