package io.go4j.internal.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * SignalWatchers counts the go4j objects that an event from outside the JVM can fire: today the
 * {@code SignalContext}s listening for the JVM's shutdown (Go's {@code signal.NotifyContext}).
 * The deadlock detector reads it: a program whose goroutines all wait for Ctrl-C is not
 * deadlocked, and Go's {@code checkdead} does not call it so either (the signal-handling thread
 * counts as running there).
 *
 * <p>Invariant: {@link #count()} is the number of shutdown hooks registered by
 * {@code SignalContext.notifyContext} and not yet removed by its {@code cancel()}. It errs only
 * upwards: a context is counted from just after its hook is registered until just after the
 * hook is removed, so a detector that reads zero has not missed a registered hook, except one
 * being registered by a thread that is running (and so not asleep) at that moment.
 */
public final class SignalWatchers {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private SignalWatchers() {}

    /** Counts one more registered shutdown listener; called after its hook is registered. */
    public static void added() {
        COUNT.incrementAndGet();
    }

    /** Counts one listener fewer; called once, after its hook was removed. */
    public static void removed() {
        COUNT.decrementAndGet();
    }

    /**
     * Returns the number of registered shutdown listeners.
     *
     * @return the count, never negative
     */
    public static int count() {
        return COUNT.get();
    }
}
