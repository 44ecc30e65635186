package io.go4j.context;

import java.io.Serial;

/**
 * DeadlineExceeded is the error a context's {@link Context#err()} returns when the context's
 * deadline passed; its message is Go's {@code context deadline exceeded} and {@link #timeout()}
 * is true, as Go's value satisfies {@code interface{ Timeout() bool }}.
 *
 * <pre>{@code
 * try (var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1))) {
 *     ctx.done().recv();                                     // waits for the deadline
 *     System.out.println(ctx.err() == DeadlineExceeded.INSTANCE);   // true
 *     System.out.println(ctx.err().getMessage());           // context deadline exceeded
 * }
 * }</pre>
 *
 * <p>There is exactly one instance, {@link #INSTANCE}, as Go's {@code context.DeadlineExceeded}
 * is one value: compare with {@code ==} or {@code instanceof}. It is not a {@link Canceled}
 * (Go's {@code errors.Is(DeadlineExceeded, Canceled)} is false). As for {@link Canceled}, nothing
 * can be recorded on the shared value: no stack trace, no cause, and suppression is disabled, so
 * throwing it from a try-with-resources whose {@code close()} throws leaves it unchanged.
 */
public final class DeadlineExceeded extends RuntimeException {
    /*
     * Implementation notes: as Canceled (see there why it is not a CancellationException).
     * java.util.concurrent.TimeoutException would be the natural "timeout-flavoured" parent, but
     * it is a checked exception and err() returns a RuntimeException, so the timeout flavour is
     * the timeout() method instead.
     */

    @Serial
    private static final long serialVersionUID = 1L;

    /** The one DeadlineExceeded value (Go's {@code context.DeadlineExceeded}). */
    public static final DeadlineExceeded INSTANCE = new DeadlineExceeded();

    private DeadlineExceeded() {
        super("context deadline exceeded", null, false, false);
    }

    /** {@return true: a deadline is a timeout (Go's {@code Timeout() bool})} */
    public boolean timeout() {
        return true;
    }

    /** {@return true: a passed deadline is a temporary condition (Go's {@code Temporary() bool})} */
    public boolean temporary() {
        return true;
    }

    /**
     * Refuses to set a cause: the instance is shared.
     *
     * @throws IllegalStateException always
     */
    @Override
    public synchronized Throwable initCause(Throwable cause) {
        throw new IllegalStateException("context.DeadlineExceeded is a shared value; it takes no cause");
    }

    /** {@return the one instance, so that deserialising keeps the value unique} */
    @Serial
    private Object readResolve() {
        return INSTANCE;
    }
}
