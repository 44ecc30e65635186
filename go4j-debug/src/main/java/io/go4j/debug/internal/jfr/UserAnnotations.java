package io.go4j.debug.internal.jfr;

import jdk.jfr.Event;

/**
 * UserAnnotations puts the program's own annotations of its execution trace (go4j-trace's tasks,
 * regions and logs, Go's {@code runtime/trace} annotations) into JFR recordings, beside go4j's
 * other events: go4j-trace calls it whether or not an execution trace records, and an event is
 * kept only while a JFR recording enables it.
 *
 * <p>Cost while no recording wants them: an event object that is not kept (JFR's
 * {@code isEnabled} check), which the JIT usually removes.
 */
public final class UserAnnotations {
    private UserAnnotations() {}

    /**
     * Begins a task's event: ended (and kept) by {@link #end}.
     *
     * @param taskId   the task's id
     * @param parentId its parent's id, or 0
     * @param taskType its type
     * @return the event to end, or null when no recording wants it
     */
    public static Event beginTask(long taskId, long parentId, String taskType) {
        UserTaskEvent e = new UserTaskEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.taskId = taskId;
        e.parentId = parentId;
        e.taskType = taskType;
        e.begin();
        return e;
    }

    /**
     * Begins a region's event: ended (and kept) by {@link #end}.
     *
     * @param taskId     the task's id, or 0
     * @param regionType its type
     * @return the event to end, or null when no recording wants it
     */
    public static Event beginRegion(long taskId, String regionType) {
        UserRegionEvent e = new UserRegionEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.taskId = taskId;
        e.regionType = regionType;
        e.begin();
        return e;
    }

    /**
     * Ends an event {@link #beginTask} or {@link #beginRegion} gave, and keeps it if its
     * recording still wants it.
     *
     * @param e the event, or null (nothing to do)
     */
    public static void end(Event e) {
        if (e != null) {
            e.end();
            if (e.shouldCommit()) {
                e.commit();
            }
        }
    }

    /**
     * Records a log message, if a recording wants it.
     *
     * @param taskId   the task's id, or 0
     * @param category its category (may be empty)
     * @param message  the message
     */
    public static void log(long taskId, String category, String message) {
        UserLogEvent e = new UserLogEvent();
        if (e.shouldCommit()) {
            e.taskId = taskId;
            e.category = category;
            e.message = message;
            e.commit();
        }
    }
}
