package io.go4j.context;

/**
 * A CancelCauseContext is a cancel handle that can also record why it was cancelled (Go's
 * {@code CancelCauseFunc}): {@link #cancel(RuntimeException)} sets {@link #err()} to
 * {@link Canceled} and {@link Context#cause(Context)} to the given cause.
 *
 * <pre>{@code
 * var ctx = Context.withCancelCause(Context.background());
 * ctx.cancel(new IllegalStateException("shutting down"));
 * System.out.println(ctx.err().getMessage());                  // context canceled
 * System.out.println(Context.cause(ctx).getMessage());         // shutting down
 * }</pre>
 *
 * <p>Memory model: as {@link CancelContext}; in addition the cause recorded by the call that
 * cancelled the context is the one {@link Context#cause(Context)} returns afterwards.
 */
public interface CancelCauseContext extends CancelContext {

    /**
     * Cancels this context and its descendants with {@link Canceled}, recording {@code cause}
     * (or {@link Canceled} if it is null) as the cause, if it is not already cancelled; later
     * calls do nothing, and do not change the recorded cause. Does not block.
     *
     * @param cause why the context is cancelled; null records {@link Canceled}
     */
    void cancel(RuntimeException cause);

    /** Cancels this context with {@link Canceled} as its cause. */
    @Override
    default void cancel() {
        cancel(null);
    }
}
