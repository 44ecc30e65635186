package io.go4j.otel;

import io.go4j.Go;
import io.go4j.errgroup.Group;
import io.go4j.internal.runtime.Hooks;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.Objects;

/**
 * GoOtel carries OpenTelemetry's current context (the current span, baggage, anything an
 * instrumentation stored) from a goroutine's creator into the goroutine, into errgroup tasks, and
 * inside go4j contexts, so that a span started in a goroutine is a child of the span that was
 * current where {@code go} was called.
 *
 * <pre>{@code
 * Span parent = tracer.spanBuilder("handle").startSpan();
 * try (Scope s = parent.makeCurrent()) {
 *     GoOtel.go(() -> {
 *         Span child = tracer.spanBuilder("fetch").startSpan();   // a child of "handle"
 *         child.end();
 *     });
 * }
 * }</pre>
 *
 * <p>Or, once at start-up, {@link #install()}: from then on every goroutine (started by
 * {@code Go.go}, an errgroup, any code that calls {@code go}) starts with its creator's context,
 * with no {@code GoOtel.go} at the call sites. A timer's {@code afterFunc} function is started
 * by the timer when it fires, not by the caller, so it starts with no context (as in Go): bind
 * it with {@link #wrap}.
 *
 * <p>The context is captured when {@code go} (or {@link #wrap}) is called, on the caller's
 * thread, and made current in the goroutine for the whole of its task; it is no longer current
 * when the task returns or throws. A go4j {@link io.go4j.context.Context} can carry an
 * OpenTelemetry context too ({@link #with}), for code that passes go4j contexts explicitly, as
 * Go code passes {@code ctx}: Go's OpenTelemetry keeps the span in the {@code context.Context}.
 */
public final class GoOtel {
    /** The go4j context value key under which {@link #with} stores the OpenTelemetry context. */
    private static final Object KEY = new Object() {
        @Override
        public String toString() {
            return "io.go4j.otel.GoOtel.KEY";
        }
    };

    /** Carries the creator's context into every goroutine, while installed. */
    private static final Hooks.TaskDecorator PROPAGATE = task -> {
        Context captured = Context.current();
        if (captured == Context.root()) {
            return task;   // nothing to carry: the goroutine's current context is the root anyway
        }
        return () -> {
            try (Scope ignored = captured.makeCurrent()) {
                task.run();
            }
        };
    };

    /**
     * The decorator {@link #install()} puts in the core: {@link #PROPAGATE} over the decorator
     * that was installed before ({@code before}). Once uninstalled it is a pass-through to
     * {@code before}: a tool installed after GoOtel may have composed with it, and still calls it.
     */
    private static final class Installed implements Hooks.TaskDecorator {
        final Hooks.TaskDecorator before;   // the decorator it composed with, or null
        volatile boolean active = true;     // false once uninstalled

        Installed(Hooks.TaskDecorator before) {
            this.before = before;
        }

        @Override
        public Runnable decorate(Runnable task) {
            Runnable t = before == null ? task : before.decorate(task);
            return active ? PROPAGATE.decorate(t) : t;
        }
    }

    private static Installed installed;   // guarded by GoOtel.class; null while not installed

    private GoOtel() {}

    /**
     * Makes every goroutine start with the OpenTelemetry context current where it was created,
     * with no change at the call sites: {@code Go.go}, errgroup tasks and go4j's own goroutines
     * alike (not a timer's {@code afterFunc}, which the timer starts). Installing twice is the
     * same as once. The cost, per
     * {@code go()}: one thread-local read, and when a context is current one small wrapper.
     */
    public static synchronized void install() {
        if (installed == null) {
            installed = Hooks.composeTaskDecorator(Installed::new);
        }
    }

    /**
     * Stops {@link #install()}'s propagation: goroutines started from now on begin with the root
     * context, unless started with {@link #go}. Removes only GoOtel's own decorator: the one that
     * was installed before it is installed again if GoOtel's is still the outermost; if a tool
     * installed another decorator since, composed with GoOtel's, that one stays, and GoOtel's
     * inside it passes tasks through untouched.
     */
    public static synchronized void uninstall() {
        if (installed != null) {
            installed.active = false;
            Hooks.replaceTaskDecorator(installed, installed.before);
            installed = null;
        }
    }

    /**
     * Starts {@code task} in a goroutine with the caller's current OpenTelemetry context.
     *
     * @param task the goroutine's body
     * @return the goroutine's thread
     * @throws NullPointerException if {@code task} is null
     */
    public static Thread go(Go.ThrowingRunnable task) {
        return Go.go(wrap(task));
    }

    /**
     * Starts {@code task} in a goroutine named {@code name}, with the caller's current
     * OpenTelemetry context.
     *
     * @param name the thread's name
     * @param task the goroutine's body
     * @return the goroutine's thread
     * @throws NullPointerException if {@code name} or {@code task} is null
     */
    public static Thread go(String name, Go.ThrowingRunnable task) {
        return Go.go(name, wrap(task));
    }

    /**
     * Runs {@code task} in {@code group} (errgroup's {@code go}) with the caller's current
     * OpenTelemetry context. The group's limit applies as to {@link Group#go}.
     *
     * @param group the group
     * @param task  the task
     * @throws NullPointerException if {@code group} or {@code task} is null
     */
    public static void go(Group group, Group.Task task) {
        Objects.requireNonNull(task, "task");
        Context captured = Context.current();
        group.go(() -> {
            try (Scope ignored = captured.makeCurrent()) {
                task.run();
            }
        });
    }

    /**
     * Returns {@code task} bound to the caller's current OpenTelemetry context: when it runs, on
     * any thread, that context is current, and the thread's own is restored after.
     *
     * @param task the task
     * @return the bound task
     * @throws NullPointerException if {@code task} is null
     */
    public static Go.ThrowingRunnable wrap(Go.ThrowingRunnable task) {
        Objects.requireNonNull(task, "task");
        Context captured = Context.current();
        return () -> {
            try (Scope ignored = captured.makeCurrent()) {
                task.runThrowing();
            }
        };
    }

    /**
     * Returns a go4j context, a child of {@code parent}, that carries the caller's current
     * OpenTelemetry context. Its cancellation, deadline and values are {@code parent}'s.
     *
     * @param parent the parent go4j context
     * @return the child context
     * @throws NullPointerException if {@code parent} is null
     */
    public static io.go4j.context.Context with(io.go4j.context.Context parent) {
        return with(parent, Context.current());
    }

    /**
     * Returns a go4j context, a child of {@code parent}, that carries {@code otel}.
     *
     * @param parent the parent go4j context
     * @param otel   the OpenTelemetry context to carry
     * @return the child context
     * @throws NullPointerException if an argument is null
     */
    public static io.go4j.context.Context with(io.go4j.context.Context parent, Context otel) {
        return io.go4j.context.Context.withValue(parent, KEY, Objects.requireNonNull(otel, "otel"));
    }

    /**
     * Returns the OpenTelemetry context that {@code ctx} (or its nearest ancestor that has one)
     * carries, or the root context if none does.
     *
     * @param ctx a go4j context
     * @return the OpenTelemetry context it carries, never null
     * @throws NullPointerException if {@code ctx} is null
     */
    public static Context from(io.go4j.context.Context ctx) {
        return ctx.value(KEY) instanceof Context otel ? otel : Context.root();
    }

    /**
     * Makes the OpenTelemetry context that {@code ctx} carries current on this thread, until the
     * returned scope is closed.
     *
     * <pre>{@code
     * try (Scope s = GoOtel.makeCurrent(ctx)) {
     *     Span span = tracer.spanBuilder("step").startSpan();   // a child of ctx's span
     *     ...
     * }
     * }</pre>
     *
     * @param ctx a go4j context
     * @return the scope to close, in the same thread
     * @throws NullPointerException if {@code ctx} is null
     */
    public static Scope makeCurrent(io.go4j.context.Context ctx) {
        return from(ctx).makeCurrent();
    }
}
