package io.go4j.debug.internal.sched;

import io.go4j.internal.runtime.Goroutine;

/**
 * Latencies defines go4j's scheduling latency once, for the histogram and the JFR events: the
 * time a goroutine spends runnable before it runs (Go's {@code /sched/latencies:seconds}), from
 * the core's unpark stamp ({@link Goroutine#unparkedAtNanos()}) to the moment its own thread
 * reports that it runs again.
 *
 * <p>Two moments count, as in Go: a goroutine's start (from {@code go()} to its first
 * instruction) and every wake-up from a park (from the unpark by another goroutine to the return
 * from the park). A wait that ends without an unpark (a timeout, an interrupt, a completion seen
 * while still spinning) has no runnable period to measure and counts nothing. Adopted threads
 * (main, plain threads) are not measured: an unparker cannot find their record.
 *
 * <p>The stamps exist only while a goroutine listener is installed in the core, so both methods
 * must be called from such a listener, on the goroutine's own thread.
 */
public final class Latencies {
    /*
     * Implementation notes.
     *
     * Which unpark belongs to this wait: the core keeps only the last unpark time, which may be
     * left over from an earlier wait (this one then ended by a timeout, or completed before the
     * goroutine parked). The unpark belongs to this wait exactly when it happened after the wait
     * began. unblocked() gives the wait's length, measured by the core just before it called the
     * listener, so "now - waitNanos" is at or a little after the real start: the test can only
     * reject an unpark made within those few nanoseconds of the start, before the goroutine had
     * even parked, which a waker cannot do (it unparks only a waiter it saw PARKED).
     */

    private Latencies() {}

    /**
     * Returns the start latency of {@code g}, which has just begun its task: nanoseconds from
     * {@code go()} to now, or -1 if its start was not stamped (no listener was installed then).
     *
     * @param g   the goroutine, on its own thread
     * @param now {@link System#nanoTime()} now
     * @return the latency, or -1
     */
    public static long ofStart(Goroutine g, long now) {
        long stamp = g.unparkedAtNanos();
        return stamp == 0 ? -1 : now - stamp;
    }

    /**
     * Returns the wake-up latency of {@code g}, whose wait of {@code waitNanos} has just ended:
     * nanoseconds from the unpark that ended it to now, or -1 if no unpark ended it.
     *
     * @param g         the goroutine, on its own thread
     * @param waitNanos how long it was parked (as the core reports it)
     * @param now       {@link System#nanoTime()} now
     * @return the latency, or -1
     */
    public static long ofWake(Goroutine g, long waitNanos, long now) {
        long stamp = g.unparkedAtNanos();
        return stamp != 0 && stamp - (now - waitNanos) > 0 ? now - stamp : -1;
    }
}
