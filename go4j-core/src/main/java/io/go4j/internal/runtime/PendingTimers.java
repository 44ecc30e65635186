package io.go4j.internal.runtime;

import java.util.function.IntSupplier;

/**
 * PendingTimers counts the timers that can still fire, so that code below {@code io.go4j.time}
 * (the deadlock detector: "every goroutine is blocked and no timer can wake any of them") can ask
 * without depending on the time package.
 *
 * <p>{@link #count()} is the number of timers armed in the shared timer queue (pending channel
 * timers, tickers and {@code afterFunc} timers, stopped ones excluded) plus the {@code afterFunc}
 * functions that have fallen due but whose goroutine the timer thread has not started yet.
 * Invariants:
 * <ul>
 *   <li>A firing is counted until it has taken effect: until its value is in the channel (and a
 *       receiver blocked on that channel has been completed and unparked) or until its
 *       function's goroutine has been started, and so is a live goroutine. A zero therefore
 *       never hides a wake-up in flight.</li>
 *   <li>A channel timer whose channel has been garbage collected is not counted once the
 *       collector's notice of it has reached the timer queue ({@code count()} itself collects
 *       such notices first). Nobody can be waiting on such a channel.</li>
 * </ul>
 * <p>Non-invariants: a channel timer whose channel the collector has just cleared may still be
 * counted for a moment (until the JDK's reference handler passes the notice on); the count errs
 * only upwards, which for a deadlock detector delays a report and never makes a false one. The
 * count is a snapshot: timers may be added, stopped or fire right after it is taken.
 */
public final class PendingTimers {
    /*
     * Implementation notes.
     *
     * internal.runtime depends on java.base only, so it cannot call io.go4j.time; the timer queue
     * registers a counter here when it is created (TimerQueue's class initialisation, before the
     * first timer exists). Until then no timer exists and the count is 0. The counter takes the
     * timer queue's lock: a count costs one uncontended lock and a poll of a ReferenceQueue, fine
     * for a detector that runs when everything is blocked, not for a hot path.
     */

    private static volatile IntSupplier counter;   // written once by register, read by count

    private PendingTimers() {}

    /**
     * Registers the timer queue's counter; called once, by the timer queue.
     *
     * @param source returns the number of timers that can still fire, as {@link #count()} documents
     * @throws IllegalStateException if a counter is already registered
     * @throws NullPointerException if {@code source} is null
     */
    public static synchronized void register(IntSupplier source) {
        if (source == null) {
            throw new NullPointerException("source");
        }
        if (counter != null) {
            throw new IllegalStateException("a timer queue is already registered");
        }
        counter = source;
    }

    /**
     * Returns the number of timers that can still fire (see the class comment); 0 if no timer
     * has ever been created.
     *
     * @return the number of armed timers plus due functions not yet started, never negative
     */
    public static int count() {
        IntSupplier c = counter;
        return c == null ? 0 : c.getAsInt();
    }
}
