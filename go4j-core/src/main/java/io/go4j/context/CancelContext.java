package io.go4j.context;

/**
 * A CancelContext is a context together with its cancel function: {@link #cancel()} is Go's
 * {@code CancelFunc}, and {@link #close()} calls it, so a try-with-resources block is Go's
 * {@code defer cancel()}.
 *
 * <pre>{@code
 * try (var ctx = Context.withCancel(Context.background())) {
 *     System.out.println(ctx.err());   // null
 *     ctx.cancel();
 *     System.out.println(ctx.err());   // io.go4j.context.Canceled: context canceled
 * }
 * }</pre>
 *
 * <p>Cancelling releases the context's resources: it is removed from its parent's set of children
 * and its timer, if any, is stopped. Code should cancel every context it creates as soon as the
 * work it governs is complete, which the try-with-resources form makes automatic.
 *
 * <p>Memory model: a call to {@code cancel()} that cancels the context happens-before a receive
 * from {@link #done()} that returns because it was closed, and happens-before any {@link #err()}
 * that returns non-null because of it.
 */
public interface CancelContext extends Context, AutoCloseable {

    /**
     * Cancels this context and all its descendants with {@link Canceled}, if it is not already
     * cancelled; later calls do nothing. Does not block.
     */
    void cancel();

    /** Cancels this context: the same as {@link #cancel()}. Declares no checked exception. */
    @Override
    default void close() {
        cancel();
    }
}
