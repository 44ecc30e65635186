package io.go4j.time;

import io.go4j.Chan;
import io.go4j.GoInterruptedException;
import io.go4j.RecvChan;
import io.go4j.internal.runtime.Outcome;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.internal.runtime.Waiter;

import java.time.Duration;
import java.time.Instant;

/**
 * Time holds Go's {@code time} functions for waiting: {@link #sleep}, {@link #after},
 * {@link #tick}, and the factories of {@link Timer} and {@link Ticker}.
 *
 * <pre>{@code
 * import static io.go4j.Select.onRecv;
 *
 * Chan<String> results = Chan.make();         // nobody sends
 * Select.select(
 *     onRecv(results, r -> System.out.println("got " + r)),
 *     onRecv(Time.after(Duration.ofMillis(10)), now -> System.out.println("timed out")));   // timed out
 * }</pre>
 *
 * <p>All timers share one mechanism: a deadline-ordered heap served by one daemon thread, so a
 * pending timer costs a small object, not a thread. Channel timers send the time of firing
 * ({@link Instant}); a fired value is never delivered late to a receiver that comes after a
 * stop or reset (Go 1.23).
 *
 * <p>Memory model: the firing of a timer happens-before the receive of the value it sent
 * completes.
 */
public final class Time {
    /*
     * Implementation notes.
     *
     * sleep does not use the timer queue: it parks the caller with a deadline (Waiter.parkUntil),
     * which on a virtual thread is the JDK's own timed park, and records the "sleep" wait reason.
     * Nobody completes that Waiter; it exists for the shared park loop's handling of spurious
     * wake-ups and interrupts.
     */

    private Time() {}

    /**
     * Pauses the current goroutine for at least {@code d}; returns at once if {@code d} is zero or
     * negative. The goroutine's wait reason is {@code sleep}.
     *
     * @param d how long to sleep
     * @throws GoInterruptedException if the thread is interrupted before or while sleeping (the
     *         interrupt flag is set again)
     */
    public static void sleep(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        Waiter w = new Waiter();
        if (w.parkUntil(WaitReason.SLEEP, null, TimerQueue.deadline(d)) == Outcome.INTERRUPTED) {
            throw new GoInterruptedException("sleep");
        }
    }

    /**
     * Returns a channel that receives the current time once {@code d} has elapsed; equivalent to
     * {@code newTimer(d).c()}. The timer cannot be stopped: in a loop, prefer {@link #newTimer}
     * and stop it, since an abandoned {@code after} timer holds its memory until it fires. Costs
     * one timer entry and one channel.
     *
     * @param d how long until the time is sent
     * @return the channel (buffered, capacity 1)
     */
    public static RecvChan<Instant> after(Duration d) {
        return newTimer(d).chan;
    }

    /**
     * Returns a channel that receives the time every {@code d}, for the life of the program: the
     * underlying ticker can never be stopped. Returns the nil channel (never ready) if {@code d}
     * is zero or negative, as Go returns nil.
     *
     * @param d the period
     * @return the channel of ticks
     */
    public static RecvChan<Instant> tick(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return Chan.nil();
        }
        return newTicker(d).c();
    }

    /**
     * Returns a Timer that sends the current time on its channel after at least {@code d}.
     *
     * @param d how long until the timer fires
     * @return the started timer
     */
    public static Timer newTimer(Duration d) {
        Timer t = new Timer(Chan.make(1), null, 0);
        TimerQueue.INSTANCE.add(t, TimerQueue.deadline(d));
        return t;
    }

    /**
     * Returns a Timer that, after at least {@code d}, runs {@code f} in its own goroutine. Its
     * {@link Timer#c()} is null; {@link Timer#stop()} prevents {@code f} from starting if it
     * returns true.
     *
     * @param d how long until {@code f} starts
     * @param f the function to run
     * @return the started timer
     */
    public static Timer afterFunc(Duration d, Runnable f) {
        if (f == null) {
            throw new NullPointerException("f");
        }
        Timer t = new Timer(null, f, 0);
        TimerQueue.INSTANCE.add(t, TimerQueue.deadline(d));
        return t;
    }

    /**
     * Returns a Ticker whose channel receives the time every {@code d}.
     *
     * @param d the period
     * @return the started ticker
     * @throws IllegalArgumentException "non-positive interval for NewTicker" if {@code d} is not
     *         positive
     */
    public static Ticker newTicker(Duration d) {
        return new Ticker(positiveNanos(d, "non-positive interval for NewTicker")).start();
    }

    /** Returns the number of pending timers and tickers in the shared mechanism (for tests). */
    static int pendingTimers() {
        return TimerQueue.INSTANCE.pending();
    }

    static long positiveNanos(Duration d, String message) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(message);
        }
        return saturatedNanos(d);  // a positive Duration is at least one nanosecond
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE >> 1);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE >> 1;
        }
    }
}
