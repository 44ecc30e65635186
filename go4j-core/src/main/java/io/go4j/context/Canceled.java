package io.go4j.context;

import java.io.Serial;
import java.util.concurrent.CancellationException;

/**
 * Canceled is the error a context's {@link Context#err()} returns when the context was cancelled
 * by a cancel function rather than by its deadline; its message is Go's {@code context canceled}.
 *
 * <pre>{@code
 * var ctx = Context.withCancel(Context.background());
 * ctx.cancel();
 * System.out.println(ctx.err() == Canceled.INSTANCE);   // true
 * System.out.println(ctx.err().getMessage());           // context canceled
 * }</pre>
 *
 * <p>There is exactly one instance, {@link #INSTANCE}, as Go's {@code context.Canceled} is one
 * value: compare with {@code ==} or {@code instanceof}. Because it is shared, it carries no stack
 * trace (filling one in would also cost more than the cancellation itself), its cause cannot be
 * set, and code must not add suppressed exceptions to it. It is a
 * {@link CancellationException}, so Java code that already handles cancellation handles it.
 */
public final class Canceled extends CancellationException {
    /*
     * Implementation notes: fillInStackTrace is overridden rather than using Throwable's
     * writableStackTrace constructor because CancellationException does not expose that
     * constructor. initCause is refused so that no caller can pin a cause on the shared value.
     */

    @Serial
    private static final long serialVersionUID = 1L;

    /** The one Canceled value (Go's {@code context.Canceled}). */
    public static final Canceled INSTANCE = new Canceled();

    private Canceled() {
        super("context canceled");
    }

    /** Returns this without recording a stack trace: the instance is shared. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /**
     * Refuses to set a cause: the instance is shared.
     *
     * @throws IllegalStateException always
     */
    @Override
    public synchronized Throwable initCause(Throwable cause) {
        throw new IllegalStateException("context.Canceled is a shared value; it takes no cause");
    }

    /** {@return the one instance, so that deserialising keeps the value unique} */
    @Serial
    private Object readResolve() {
        return INSTANCE;
    }
}
