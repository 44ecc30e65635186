package io.go4j.trace;

import io.go4j.Go;
import io.go4j.context.Context;
import io.go4j.debug.internal.jfr.UserAnnotations;
import io.go4j.trace.internal.Recorder;
import io.go4j.trace.internal.TraceStream;
import io.go4j.trace.internal.Traces;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.Event;

/**
 * Trace records a go4j program's execution, as Go's {@code runtime/trace} does: between
 * {@link #start(OutputStream)} and {@link #stop()}, every goroutine's creation (with its creator
 * and creation site), each time it runs, each wait (with Go's wait reason and the stack that
 * waited), each wake-up (with the goroutine that woke it and its stack) and its end; plus the
 * program's own annotations: {@linkplain #newTask tasks}, {@linkplain #withRegion regions} and
 * {@linkplain #log logs}. The result is a file in Go 1.19's execution-trace format, which
 * {@code go tool trace FILE} opens (see the module's README for what each view shows).
 *
 * <pre>{@code
 * try (OutputStream out = Files.newOutputStream(Path.of("trace.out"))) {
 *     Trace.start(out);
 *     try {
 *         runTheProgram();
 *     } finally {
 *         Trace.stop();
 *     }
 * }
 * // then: go tool trace trace.out
 * }</pre>
 *
 * <p>The annotations also go into JFR recordings that enable go4j-debug's events
 * {@code go4j.UserTask}, {@code go4j.UserRegion} and {@code go4j.UserLog} (on by default), whether
 * or not a trace records.
 *
 * <p>While no trace is running, nothing is recorded and go4j's primitives pay nothing for this
 * class (no listener is installed on go4j-core's switchboard). The annotations cost two volatile
 * reads then (the trace's and the {@linkplain #setAnnotationListener annotation listener}'s).
 *
 * <p>What is recorded: goroutines started with {@code Go.go} and threads go4j adopted (a thread
 * that waits in a go4j primitive), and their waits in go4j's primitives. A wait outside go4j
 * (blocking I/O, {@code Thread.sleep}, a monitor) is not seen: the goroutine shows as running.
 */
public final class Trace {
    /*
     * Implementation notes.
     *
     * 1. As Go's runtime/trace, the trace is written while it records (TraceStream: a writer
     *    thread drains the per-thread buffers twice a second), so a long trace costs the file's
     *    bytes, not memory; stop() writes the rest and the stack table.
     * 2. Task ids come from one counter, as Go's do (0 is the background task); a task created
     *    while tracing is off still gets an id, so that its context can be used when tracing
     *    starts, and its events are dropped, as in Go.
     */

    private static final Object TASK_KEY = new Object();
    private static final AtomicLong TASK_IDS = new AtomicLong();

    private static TraceStream stream;   // guarded by Trace.class
    private static volatile AnnotationListener listener;   // written by setAnnotationListener, read by each annotation

    private Trace() {}

    /**
     * Starts tracing the program into {@code out} (Go's {@code trace.Start}). The trace is
     * written to {@code out} while it records, from a thread of go4j-trace's, and finished by
     * {@link #stop()}, which reports a failure of {@code out}; {@code out} is not closed.
     *
     * @param out where the trace goes
     * @throws IllegalStateException if tracing is already enabled (Go's "tracing is already
     *         enabled"), by this class or by a {@link FlightRecorder}
     * @throws NullPointerException  if {@code out} is null
     */
    public static synchronized void start(OutputStream out) {
        Objects.requireNonNull(out, "out");
        Recorder r = Recorder.start(Go.maxProcs());
        Traces.begin(r);
        stream = TraceStream.start(r, out);
    }

    /**
     * Stops tracing and writes the rest of the trace to the stream given to {@link #start},
     * waiting until it is written (Go's {@code trace.Stop}). Does nothing if tracing is not
     * enabled by {@link #start}.
     *
     * @throws UncheckedIOException if writing to the stream failed, now or while recording
     */
    public static synchronized void stop() {
        TraceStream s = stream;
        if (s == null) {
            return;
        }
        stream = null;
        Traces.end(s.recorder());
        try {
            s.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("go4j trace: writing the trace failed", e);
        }
    }

    /**
     * Reports whether tracing is enabled (Go's {@code trace.IsEnabled}): by {@link #start} or by
     * a running {@link FlightRecorder}. The answer is advisory: tracing may start or stop
     * concurrently.
     *
     * @return true while a trace is recording
     */
    public static boolean isEnabled() {
        return Traces.active() != null;
    }

    // ---------------------------------------------------------------------------------------
    // User annotations

    /**
     * An AnnotationListener hears the program's annotations as they are made, whether or not a
     * trace records: go4j-otel's {@code TraceSpans} turns them into OpenTelemetry spans. Each
     * method runs on the thread that made the annotation, after it is recorded; what it throws
     * goes to that caller.
     */
    public interface AnnotationListener {
        /**
         * Hears {@link Trace#newTask}, before the task is returned.
         *
         * @param task the new task ({@link Task#parent()} is its parent)
         */
        void taskStarted(Task task);

        /**
         * Hears {@link Task#end()}, each time it is called.
         *
         * @param task the task
         */
        void taskEnded(Task task);

        /**
         * Hears {@link Trace#startRegion} (and {@link Trace#withRegion}), before the region is
         * returned (before its work runs).
         *
         * @param region the new region
         */
        void regionStarted(Region region);

        /**
         * Hears {@link Region#end()}, each time it is called.
         *
         * @param region the region
         */
        void regionEnded(Region region);

        /**
         * Hears {@link Trace#log}.
         *
         * @param task     the task the log belongs to, or null
         * @param category the category (may be empty)
         * @param message  the message
         */
        void logged(Task task, String category, String message);
    }

    /**
     * Sets the listener that hears every annotation from now on, replacing the previous one.
     *
     * @param l the listener, or null for none
     * @return the previous listener, or null
     */
    public static synchronized AnnotationListener setAnnotationListener(AnnotationListener l) {
        AnnotationListener before = listener;
        listener = l;
        return before;
    }

    /**
     * Creates a task of type {@code taskType}, a child of the task in {@code parent} if any (Go's
     * {@code trace.NewTask}). A task is a logical operation, such as an RPC or a request, that
     * may span goroutines: pass {@link Task#context()} to the code that works for it, and call
     * {@link Task#end()} when it is done. {@code go tool trace} shows each task's regions, logs
     * and goroutines, and the latency of tasks by type.
     *
     * @param parent   the context the task's context derives from
     * @param taskType the task's type, e.g. {@code "makeCappuccino"}
     * @return the task, with its context
     * @throws NullPointerException if {@code parent} or {@code taskType} is null
     */
    public static Task newTask(Context parent, String taskType) {
        Objects.requireNonNull(parent, "cannot create context from null parent");
        Objects.requireNonNull(taskType, "taskType");
        long id = TASK_IDS.incrementAndGet();
        Task parentTask = taskOf(parent);
        long parentId = parentTask == null ? 0 : parentTask.id;
        Recorder r = Traces.active();
        if (r != null) {
            r.taskCreate(id, parentId, taskType);
        }
        Task task = new Task(id, taskType, parentTask, UserAnnotations.beginTask(id, parentId, taskType));
        task.context = Context.withValue(parent, TASK_KEY, task);
        AnnotationListener l = listener;
        if (l != null) {
            l.taskStarted(task);
        }
        return task;
    }

    /**
     * Runs {@code fn} in a region of type {@code regionType} of the current goroutine, tied to
     * the task in {@code ctx} if any (Go's {@code trace.WithRegion}). The region ends when
     * {@code fn} returns or throws.
     *
     * @param ctx        the context whose task the region belongs to
     * @param regionType the region's type, e.g. {@code "steamMilk"}
     * @param fn         the region's work
     * @throws NullPointerException if an argument is null
     */
    public static void withRegion(Context ctx, String regionType, Runnable fn) {
        Objects.requireNonNull(fn, "fn");
        try (Region r = startRegion(ctx, regionType)) {
            fn.run();
        }
    }

    /**
     * Starts a region of type {@code regionType} of the current goroutine, tied to the task in
     * {@code ctx} if any (Go's {@code trace.StartRegion}); the same goroutine must end it, with
     * {@link Region#end()} or try-with-resources. Regions nest.
     *
     * @param ctx        the context whose task the region belongs to
     * @param regionType the region's type
     * @return the region
     * @throws NullPointerException if {@code ctx} or {@code regionType} is null
     */
    public static Region startRegion(Context ctx, String regionType) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(regionType, "regionType");
        Task t = taskOf(ctx);
        long task = t == null ? 0 : t.id;
        Recorder r = Traces.active();
        if (r != null) {
            r.region(task, false, regionType);
        }
        Region region = new Region(t, regionType, UserAnnotations.beginRegion(task, regionType));
        AnnotationListener l = listener;
        if (l != null) {
            l.regionStarted(region);
        }
        return region;
    }

    /**
     * Records a one-off event with a category and a message, tied to the task in {@code ctx} if
     * any (Go's {@code trace.Log}). {@code go tool trace} shows it on the goroutine's timeline and
     * in its task's log.
     *
     * @param ctx      the context whose task the event belongs to
     * @param category the category, e.g. {@code "orderID"}; may be empty
     * @param message  the message
     * @throws NullPointerException if an argument is null
     */
    public static void log(Context ctx, String category, String message) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(message, "message");
        Task t = taskOf(ctx);
        long task = t == null ? 0 : t.id;
        Recorder r = Traces.active();
        if (r != null) {
            r.log(task, category, message);
        }
        UserAnnotations.log(task, category, message);
        AnnotationListener l = listener;
        if (l != null) {
            l.logged(t, category, message);
        }
    }

    private static Task taskOf(Context ctx) {
        return ctx.value(TASK_KEY) instanceof Task t ? t : null;
    }

    /**
     * A Task is a logical operation traced across goroutines (Go's {@code trace.Task}), made by
     * {@link Trace#newTask}.
     */
    public static final class Task implements AutoCloseable {
        final long id;
        private final String type;
        private final Task parent;   // the task in newTask's parent context, or null
        @SuppressWarnings("ContainedContext")   // the context newTask returns with the task (Go's NewTask returns both)
        private Context context;   // written once by newTask before the task is returned
        private final AtomicReference<Event> jfr;   // the JFR event, until the first end

        private Task(long id, String type, Task parent, Event jfr) {
            this.id = id;
            this.type = type;
            this.parent = parent;
            this.jfr = new AtomicReference<>(jfr);
        }

        /**
         * Returns the task's id, as the trace shows it (ids start at 1; Go's background task is 0).
         *
         * @return the id
         */
        public long id() {
            return id;
        }

        /**
         * Returns the task's type, as given to {@link Trace#newTask}.
         *
         * @return the type
         */
        public String type() {
            return type;
        }

        /**
         * Returns the task this one is a sub-task of, or null.
         *
         * @return the parent task, or null
         */
        public Task parent() {
            return parent;
        }

        /**
         * Returns the task's context: pass it to the code that works for the task, and to
         * {@link Trace#withRegion}, {@link Trace#log} and {@link Trace#newTask} (for sub-tasks).
         *
         * @return the context carrying this task
         */
        public Context context() {
            return context;
        }

        /**
         * Ends the task (Go's {@code Task.End}).
         */
        public void end() {
            Recorder r = Traces.active();
            if (r != null) {
                r.taskEnd(id);
            }
            UserAnnotations.end(jfr.getAndSet(null));
            AnnotationListener l = listener;
            if (l != null) {
                l.taskEnded(this);
            }
        }

        /** Ends the task: {@link #end()}, for try-with-resources. */
        @Override
        public void close() {
            end();
        }

        @Override
        public String toString() {
            return "Task[" + id + " " + type + "]";
        }
    }

    /**
     * A Region is a time interval of one goroutine's execution (Go's {@code trace.Region}), made
     * by {@link Trace#startRegion}.
     */
    public static final class Region implements AutoCloseable {
        private final Task task;   // or null: the region belongs to no task
        private final String type;
        private Event jfr;   // the JFR event, until the first end (a region is its goroutine's)

        private Region(Task task, String type, Event jfr) {
            this.task = task;
            this.type = type;
            this.jfr = jfr;
        }

        /**
         * Returns the task the region belongs to, or null.
         *
         * @return the task, or null
         */
        public Task task() {
            return task;
        }

        /**
         * Returns the region's type, as given to {@link Trace#startRegion}.
         *
         * @return the type
         */
        public String type() {
            return type;
        }

        /** Ends the region (Go's {@code Region.End}); call it on the goroutine that started it. */
        public void end() {
            Recorder r = Traces.active();
            if (r != null) {
                r.region(task == null ? 0 : task.id, true, type);
            }
            Event e = jfr;
            jfr = null;
            UserAnnotations.end(e);
            AnnotationListener l = listener;
            if (l != null) {
                l.regionEnded(this);
            }
        }

        /** Ends the region: {@link #end()}, for try-with-resources. */
        @Override
        public void close() {
            end();
        }
    }
}
