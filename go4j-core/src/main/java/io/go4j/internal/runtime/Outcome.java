package io.go4j.internal.runtime;

/**
 * Outcome is the one vocabulary of results of go4j's blocking operations, shared by
 * {@link Waiter}, the channel and {@code select}: a result {@code >= 0} is the index of the case
 * that completed (a plain send or receive is case 0), and each negative result says why no case
 * completed. A layer may return only some of them; none gives one of them another meaning.
 */
public final class Outcome {
    /** Interrupted: the operation did not happen; the interrupt flag is set. */
    public static final int INTERRUPTED = -1;

    /** The deadline passed first: the operation did not happen. */
    public static final int TIMED_OUT = -2;

    /**
     * Nothing was ready and the caller would not block: a non-blocking send or receive did
     * nothing, or a select runs its default case.
     */
    public static final int WOULD_BLOCK = -3;

    /** A send found its channel closed (the caller panics). */
    public static final int CLOSED = -4;

    private Outcome() {}

    /**
     * Returns whether {@code result} is a completed case rather than a reason for none.
     *
     * @param result a result in this vocabulary
     * @return true if a case completed
     */
    public static boolean completed(int result) {
        return result >= 0;
    }
}
