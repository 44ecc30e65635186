package io.go4j.context;

import io.go4j.RecvChan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A Context carries a deadline, a cancellation signal and request-scoped values across API
 * boundaries and between goroutines (Go's {@code context.Context}). Contexts form a tree: each
 * one derived with {@code withCancel}, {@code withTimeout}, {@code withValue}... has a parent,
 * and cancelling a context cancels all of its descendants, never its ancestors.
 *
 * <pre>{@code
 * import static io.go4j.Go.go;
 *
 * Chan<String> results = Chan.make(1);   // buffered: the sender never blocks if we gave up
 * try (var ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(5))) {
 *     go(() -> results.send("work done"));
 *     String outcome = Select.select(
 *             Select.recv(results, v -> v),
 *             Select.recv(ctx.done(), v -> "gave up: " + ctx.err().getMessage()));
 *     System.out.println(outcome);   // work done
 * }
 * }</pre>
 *
 * <p>The roots are {@link #background()} and {@link #todo()}: never cancelled, no deadline, no
 * values. A cancelled context stays cancelled: {@link #done()} is closed once and
 * {@link #err()} returns the same value from then on. Contexts are immutable apart from that one
 * transition, and all methods may be called from any goroutine.
 *
 * <p>Memory model: the cancellation of a context (by its cancel function, its parent or its
 * deadline) happens-before a receive from {@link #done()} that returns because the channel was
 * closed, and happens-before an {@link #err()} that returns non-null; a value stored with
 * {@link #withValue} is visible to every goroutine that is handed the derived context.
 *
 * <p>Implementations outside this package are allowed (Go's interface is open); a context
 * derived from one is cancelled by a goroutine that watches the foreign parent's {@code done()}.
 */
public interface Context {

    /**
     * {@return the time when work done on behalf of this context should be cancelled, or empty
     * if no deadline is set} Successive calls return the same result.
     */
    Optional<Instant> deadline();

    /**
     * {@return a channel that is closed when this context is cancelled or its deadline passes}
     * Use it in {@link io.go4j.Select} ({@code Select.recv(ctx.done(), v -> ...)}) or with a
     * blocking {@code recv()}. A context that can never be cancelled returns the nil channel,
     * which is never ready. Successive calls return the same channel.
     */
    RecvChan<Void> done();

    /**
     * Returns null while {@link #done()} is not yet closed; afterwards {@link Canceled#INSTANCE}
     * if the context was cancelled or {@link DeadlineExceeded#INSTANCE} if its deadline passed.
     * The error is returned, never thrown. Once non-null, successive calls return the same value.
     *
     * @return null, {@link Canceled#INSTANCE} or {@link DeadlineExceeded#INSTANCE}
     */
    RuntimeException err();

    /**
     * Returns the value associated with {@code key} by the nearest {@link #withValue} in this
     * context's chain of parents, or null if there is none. Keys are compared with
     * {@code equals}; to avoid collisions between packages, use a key of a type of your own.
     *
     * @param key the key given to {@link #withValue}
     * @return the value, or null
     */
    Object value(Object key);

    // ---- Roots ----

    /**
     * {@return the background context: never cancelled, no deadline, no values} It is the root
     * of every tree: use it in {@code main}, initialisation and tests.
     */
    static Context background() {
        return EmptyCtx.BACKGROUND;
    }

    /**
     * {@return the TODO context, which behaves like {@link #background()}} Use it where it is
     * not yet clear which context to pass, so that it can be found and replaced later.
     */
    static Context todo() {
        return EmptyCtx.TODO;
    }

    // ---- Cancellation ----

    /**
     * Returns a child of {@code parent} that is cancelled when its {@code cancel()} (or
     * {@code close()}) is called or when {@code parent} is, whichever happens first. If the
     * parent is already cancelled, the child is returned cancelled.
     *
     * @param parent the context the child derives from
     * @return the child, with its cancel function
     * @throws NullPointerException if {@code parent} is null
     */
    static CancelContext withCancel(Context parent) {
        return CancelCtx.create(parent);
    }

    /**
     * Returns a child of {@code parent} like {@link #withCancel}, whose cancel function also
     * records a cause that {@link #cause(Context)} returns.
     *
     * @param parent the context the child derives from
     * @return the child, with its cancel function
     * @throws NullPointerException if {@code parent} is null
     */
    static CancelCauseContext withCancelCause(Context parent) {
        return CancelCtx.create(parent);
    }

    /**
     * Returns a child of {@code parent} whose deadline is the earlier of {@code deadline} and
     * the parent's. It is cancelled with {@link DeadlineExceeded} when the deadline passes, with
     * {@link Canceled} when its {@code cancel()} is called, or with the parent's error when the
     * parent is. If the parent's deadline is already earlier, this is {@link #withCancel}: the
     * child's deadline is the parent's. Cancel it as soon as the work is done, to stop its timer.
     *
     * @param parent   the context the child derives from
     * @param deadline when the child is cancelled at the latest
     * @return the child, with its cancel function
     * @throws NullPointerException if an argument is null
     */
    static CancelContext withDeadline(Context parent, Instant deadline) {
        return TimerCtx.create(parent, deadline, null);
    }

    /**
     * Returns {@link #withDeadline withDeadline(parent, now + timeout)}.
     *
     * @param parent  the context the child derives from
     * @param timeout how long from now until the child is cancelled at the latest
     * @return the child, with its cancel function
     * @throws NullPointerException if an argument is null
     */
    static CancelContext withTimeout(Context parent, Duration timeout) {
        return TimerCtx.create(parent, TimerCtx.deadlineAfter(timeout), null);
    }

    /**
     * Returns a child like {@link #withDeadline}, which, when the deadline passes, records
     * {@code cause} as the cause that {@link #cause(Context)} returns (err() is still
     * {@link DeadlineExceeded}). The returned cancel function does not set a cause.
     *
     * @param parent   the context the child derives from
     * @param deadline when the child is cancelled at the latest
     * @param cause    the cause recorded if the deadline passes
     * @return the child, with its cancel function
     * @throws NullPointerException if {@code parent} or {@code deadline} is null
     */
    static CancelContext withDeadlineCause(Context parent, Instant deadline, RuntimeException cause) {
        return TimerCtx.create(parent, deadline, cause);
    }

    /**
     * Returns {@link #withDeadlineCause withDeadlineCause(parent, now + timeout, cause)}.
     *
     * @param parent  the context the child derives from
     * @param timeout how long from now until the child is cancelled at the latest
     * @param cause   the cause recorded if the timeout expires
     * @return the child, with its cancel function
     * @throws NullPointerException if {@code parent} or {@code timeout} is null
     */
    static CancelContext withTimeoutCause(Context parent, Duration timeout, RuntimeException cause) {
        return TimerCtx.create(parent, TimerCtx.deadlineAfter(timeout), cause);
    }

    /**
     * Returns a child of {@code parent} that keeps its values but is never cancelled: its
     * {@code done()} is the nil channel, {@code err()} is null, it has no deadline, and
     * {@link #cause(Context)} of it is null. Use it for work that must outlive the request.
     *
     * @param parent the context whose values the child keeps
     * @return the child
     * @throws NullPointerException if {@code parent} is null
     */
    static Context withoutCancel(Context parent) {
        return new WithoutCancelCtx(Objects.requireNonNull(parent, "cannot create context from null parent"));
    }

    // ---- Values ----

    /**
     * Returns a child of {@code parent} in which {@link #value(Object) value(key)} is
     * {@code value}; it shadows any value for an equal key further up the chain. Use values for
     * request-scoped data that crosses API boundaries, not to pass optional parameters.
     *
     * @param parent the context the child derives from
     * @param key    the key, compared with {@code equals}
     * @param value  the value; may be null
     * @return the child
     * @throws NullPointerException if {@code parent} or {@code key} is null
     */
    static Context withValue(Context parent, Object key, Object value) {
        Objects.requireNonNull(parent, "cannot create context from null parent");
        Objects.requireNonNull(key, "null key");
        return new ValueCtx(parent, key, value);
    }

    // ---- Functions of a context ----

    /**
     * Arranges for {@code f} to run in its own goroutine after {@code ctx} is done (cancelled
     * or past its deadline), once; if {@code ctx} is already done, {@code f} is started at once.
     * The returned {@link StopFunc} prevents that if called first. Registrations on one context
     * are independent; {@code f} never runs if {@code ctx} can never be cancelled.
     *
     * @param ctx the context to watch
     * @param f   the function to run once {@code ctx} is done
     * @return the function that cancels the registration
     * @throws NullPointerException if an argument is null
     */
    static StopFunc afterFunc(Context ctx, Runnable f) {
        return AfterFunc.register(ctx, f);
    }

    /**
     * Returns why {@code ctx} was cancelled: the cause given to the cancel function of the
     * nearest {@link #withCancelCause} (or deadline cause) in its chain, propagated to it from
     * an ancestor if that was cancelled first; {@code ctx.err()} if no cause was recorded; null
     * if {@code ctx} is not cancelled.
     *
     * @param ctx the context
     * @return the cause, or null
     * @throws NullPointerException if {@code ctx} is null
     */
    static RuntimeException cause(Context ctx) {
        return Tree.cause(Objects.requireNonNull(ctx, "ctx"));
    }
}
