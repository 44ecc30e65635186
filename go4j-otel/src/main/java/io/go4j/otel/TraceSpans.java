package io.go4j.otel;

import io.go4j.trace.Trace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TraceSpans turns go4j-trace's user annotations (Go's {@code trace.NewTask},
 * {@code trace.WithRegion} and {@code trace.Log}) into OpenTelemetry spans, whether or not an
 * execution trace records: a {@linkplain Trace#newTask task} becomes a span, a
 * {@linkplain Trace#startRegion region} a child span, and a {@linkplain Trace#log log} an event
 * on a span. Opt-in: {@link #install(Tracer)} once, at start-up.
 *
 * <pre>{@code
 * TraceSpans.install(openTelemetry.getTracer("shop"));
 * Trace.Task task = Trace.newTask(ctx, "checkout");                  // span "checkout"
 * go(() -> Trace.withRegion(task.context(), "chargeCard", () -> {    // its child "chargeCard"
 *     Trace.log(task.context(), "orderID", "o-17");                   // an event on "chargeCard"
 * }));
 * task.end();                                                         // "checkout" ends
 * }</pre>
 *
 * <ul>
 *   <li>A task's span is a child of its parent task's span ({@link Trace.Task#parent()}), or,
 *       for a task with no parent task, of the span current where {@code newTask} is called. It
 *       starts at {@code newTask} and ends at {@link Trace.Task#end()}, on any goroutine. It is
 *       not made current: a task spans goroutines, and its work happens in its regions. Its
 *       attributes: {@code go4j.trace.task.id} and {@code go4j.trace.task.type}.</li>
 *   <li>A region's span is a child of the innermost region span of the same task open in this
 *       goroutine (regions nest), else of its task's span, else (a region of no task) of the
 *       current span. It is current while the region runs, so that spans started in the region's
 *       work are its children, and it ends with the region, which must end on the goroutine that
 *       started it and in nesting order, as Go requires. Its attributes:
 *       {@code go4j.trace.region.type} and, if it has a task, {@code go4j.trace.task.id}.</li>
 *   <li>A log is an event named after its category ({@code "log"} if the category is empty) with
 *       the attributes {@code go4j.trace.log.category} and {@code go4j.trace.log.message}, on
 *       the current span when the log is made inside a region of its task (or of no task, for a
 *       log of no task), else on its task's span.</li>
 * </ul>
 *
 * <p>Only annotations made while installed are seen: a task begun before {@link #install} has
 * no span (its regions are children of the current span), and a span open at
 * {@link #uninstall()} is never ended (the SDK drops it). A task or region never ended keeps its
 * span, as an OpenTelemetry span never ended does.
 *
 * <p>go4j-trace is an optional dependency of go4j-otel: this class needs it on the class or
 * module path (the module {@code io.go4j.trace}).
 */
public final class TraceSpans {
    /*
     * Implementation notes.
     *
     * 1. The seam is go4j-trace's Trace.AnnotationListener (one listener at a time): its methods
     *    run on the annotating thread, so a region's scope is opened and closed on its goroutine.
     * 2. "The innermost region of the same task in this goroutine" is read from the OpenTelemetry
     *    context itself: a region's scope carries REGION_TASK, its task (or NO_TASK), so a nested
     *    region, or a log, finds it in Context.current() with no thread-local of our own.
     * 3. A task's span is found from the task through a map, removed at the task's first end;
     *    Trace.Task has no slot for it, and a second end finds nothing, so ends are idempotent.
     */

    static final AttributeKey<Long> TASK_ID = AttributeKey.longKey("go4j.trace.task.id");
    static final AttributeKey<String> TASK_TYPE = AttributeKey.stringKey("go4j.trace.task.type");
    static final AttributeKey<String> REGION_TYPE = AttributeKey.stringKey("go4j.trace.region.type");
    static final AttributeKey<String> LOG_CATEGORY = AttributeKey.stringKey("go4j.trace.log.category");
    static final AttributeKey<String> LOG_MESSAGE = AttributeKey.stringKey("go4j.trace.log.message");

    /** The task of the region whose scope is current (NO_TASK for a region of none). */
    private static final ContextKey<Object> REGION_TASK = ContextKey.named("io.go4j.otel.TraceSpans.regionTask");
    private static final Object NO_TASK = new Object();

    private TraceSpans() {}

    /**
     * Makes go4j-trace's tasks, regions and logs from now on into spans of {@code tracer},
     * replacing any annotation listener installed before (including an earlier
     * {@code install}).
     *
     * @param tracer the tracer that starts the spans
     * @throws NullPointerException if {@code tracer} is null
     */
    public static synchronized void install(Tracer tracer) {
        Trace.setAnnotationListener(new Spans(Objects.requireNonNull(tracer, "tracer")));
    }

    /**
     * Stops making spans of annotations, if {@link #install} was the last to set go4j-trace's
     * annotation listener; does nothing otherwise. Spans still open are not ended.
     */
    public static synchronized void uninstall() {
        Trace.AnnotationListener current = Trace.setAnnotationListener(null);
        if (!(current instanceof Spans)) {
            Trace.setAnnotationListener(current);   // someone else's: put it back
        }
    }

    /** The listener: one per install, its spans its own. */
    private static final class Spans implements Trace.AnnotationListener {
        private final Tracer tracer;
        private final Map<Trace.Task, Span> tasks = new ConcurrentHashMap<>();     // added by taskStarted, removed by the first taskEnded
        private final Map<Trace.Region, Open> regions = new ConcurrentHashMap<>(); // added by regionStarted, removed by the first regionEnded

        /** A region's span and the scope that makes it current in its goroutine. */
        private record Open(Span span, Scope scope) {}

        Spans(Tracer tracer) {
            this.tracer = tracer;
        }

        @Override
        public void taskStarted(Trace.Task task) {
            Span parentSpan = task.parent() == null ? null : tasks.get(task.parent());
            Context parent = parentSpan == null ? Context.current() : Context.current().with(parentSpan);
            Span span = tracer.spanBuilder(task.type())
                    .setParent(parent)
                    .setAttribute(TASK_ID, task.id())
                    .setAttribute(TASK_TYPE, task.type())
                    .startSpan();
            tasks.put(task, span);
        }

        /**
         * Ends the task's span, the first time the task ends.
         *
         * @param task the task
         */
        @Override
        public void taskEnded(Trace.Task task) {
            Span span = tasks.remove(task);
            if (span != null) {
                span.end();
            }
        }

        /**
         * Starts the region's span and makes it current in this goroutine.
         *
         * @param region the new region
         */
        @Override
        public void regionStarted(Trace.Region region) {
            Trace.Task task = region.task();
            Object key = task == null ? NO_TASK : task;
            Context current = Context.current();
            Span taskSpan = task == null ? null : tasks.get(task);
            Context parent = current.get(REGION_TASK) == key || taskSpan == null ? current : current.with(taskSpan);
            var builder = tracer.spanBuilder(region.type())
                    .setParent(parent)
                    .setAttribute(REGION_TYPE, region.type());
            if (task != null) {
                builder.setAttribute(TASK_ID, task.id());
            }
            Span span = builder.startSpan();
            Scope scope = parent.with(span).with(REGION_TASK, key).makeCurrent();
            regions.put(region, new Open(span, scope));
        }

        /**
         * Ends the region's span and restores the context that was current before it, the first
         * time the region ends.
         *
         * @param region the region
         */
        @Override
        public void regionEnded(Trace.Region region) {
            Open open = regions.remove(region);
            if (open != null) {
                open.scope.close();
                open.span.end();
            }
        }

        /**
         * Adds the log as an event to the current region's span, or to its task's.
         *
         * @param task     the task the log belongs to, or null
         * @param category the category (may be empty)
         * @param message  the message
         */
        @Override
        public void logged(Trace.Task task, String category, String message) {
            Context current = Context.current();
            Span span = task == null || current.get(REGION_TASK) == task ? Span.fromContext(current) : tasks.get(task);
            if (span != null) {
                span.addEvent(category.isEmpty() ? "log" : category,
                        Attributes.of(LOG_CATEGORY, category, LOG_MESSAGE, message));
            }
        }
    }
}
