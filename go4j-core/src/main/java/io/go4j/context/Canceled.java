package io.go4j.context;

import java.io.Serial;

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
 * value: compare with {@code ==} or {@code instanceof}. Because it is shared by every context in
 * the JVM, nothing can be recorded on it: it has no stack trace ({@code setStackTrace} is
 * ignored), no cause ({@code initCause} throws), and suppression is disabled, so
 * {@code addSuppressed}, including the call a try-with-resources makes when {@code close()}
 * throws after {@code throw ctx.err()}, is ignored. Throwing it is safe from any goroutine.
 */
public final class Canceled extends RuntimeException {
    /*
     * Implementation notes: the instance is made with Throwable's (message, cause,
     * enableSuppression, writableStackTrace) constructor with both flags false, so the JDK itself
     * drops what addSuppressed and setStackTrace would record (as it does for the JVM's own
     * preallocated errors). Tempting and wrong: extending CancellationException, as 0.1 did.
     * CancellationException exposes no such constructor, so the shared value kept suppression
     * enabled: each `throw ctx.err()` leaving a try-with-resources whose close() threw added one
     * suppressed exception to it for good (a memory leak, and every later printStackTrace
     * printed them all); overriding fillInStackTrace also left setStackTrace writable.
     * initCause is overridden only to say why it is refused.
     */

    @Serial
    private static final long serialVersionUID = 1L;

    /** The one Canceled value (Go's {@code context.Canceled}). */
    public static final Canceled INSTANCE = new Canceled();

    private Canceled() {
        super("context canceled", null, false, false);
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
