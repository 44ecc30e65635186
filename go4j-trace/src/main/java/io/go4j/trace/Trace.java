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
 * class (no listener is installed on go4j-core's switchboard). The annotations cost one volatile
 * read then.
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
        long parentId = taskId(parent);
        Recorder r = Traces.active();
        if (r != null) {
            r.taskCreate(id, parentId, taskType);
        }
        Task task = new Task(id, taskType, UserAnnotations.beginTask(id, parentId, taskType));
        task.context = Context.withValue(parent, TASK_KEY, task);
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
        long task = taskId(ctx);
        Recorder r = Traces.active();
        if (r != null) {
            r.region(task, false, regionType);
        }
        return new Region(task, regionType, UserAnnotations.beginRegion(task, regionType));
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
        long task = taskId(ctx);
        Recorder r = Traces.active();
        if (r != null) {
            r.log(task, category, message);
        }
        UserAnnotations.log(task, category, message);
    }

    private static long taskId(Context ctx) {
        return ctx.value(TASK_KEY) instanceof Task t ? t.id : 0;
    }

    /**
     * A Task is a logical operation traced across goroutines (Go's {@code trace.Task}), made by
     * {@link Trace#newTask}.
     */
    public static final class Task implements AutoCloseable {
        final long id;
        private final String type;
        private Context context;   // written once by newTask before the task is returned
        private final AtomicReference<Event> jfr;   // the JFR event, until the first end

        private Task(long id, String type, Event jfr) {
            this.id = id;
            this.type = type;
            this.jfr = new AtomicReference<>(jfr);
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
        private final long task;
        private final String type;
        private Event jfr;   // the JFR event, until the first end (a region is its goroutine's)

        private Region(long task, String type, Event jfr) {
            this.task = task;
            this.type = type;
            this.jfr = jfr;
        }

        /** Ends the region (Go's {@code Region.End}); call it on the goroutine that started it. */
        public void end() {
            Recorder r = Traces.active();
            if (r != null) {
                r.region(task, true, type);
            }
            Event e = jfr;
            jfr = null;
            UserAnnotations.end(e);
        }

        /** Ends the region: {@link #end()}, for try-with-resources. */
        @Override
        public void close() {
            end();
        }
    }
}
