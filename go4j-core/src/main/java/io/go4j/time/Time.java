package io.go4j.time;

import io.go4j.Chan;
import io.go4j.GoInterruptedException;
import io.go4j.RecvChan;
import io.go4j.internal.runtime.Bubble;
import io.go4j.internal.runtime.Durations;
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
 * stop or reset (Go 1.23). As in Go 1.23, a channel timer or ticker that nothing references any
 * more is garbage collected even if it was never stopped.
 *
 * <p>In a synctest bubble (go4j-test's {@code Synctest}, Go's {@code testing/synctest}),
 * {@link #now()}, sleeps and every timer made in the bubble use the bubble's fake clock.
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
     *
     * Durations beyond the range of a long in nanoseconds saturate (internal.runtime.Durations)
     * at about 146 years: every Duration is a valid wait, as every time.Duration is in Go.
     *
     * In a synctest bubble every timer, and sleep, goes to the bubble's own TimerQueue (its note
     * 7); outside one, the only cost of that is one read of a static volatile per call.
     */

    private Time() {}

    /**
     * Pauses the current goroutine for at least {@code d}; returns at once if {@code d} is zero or
     * negative. The goroutine's wait reason is {@code sleep}.
     *
     * @param d how long to sleep
     * @throws NullPointerException if {@code d} is null
     * @throws GoInterruptedException if the thread is interrupted before or while sleeping (the
     *         interrupt flag is set again)
     */
    public static void sleep(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        if (Bubble.anyLive()) {
            Bubble b = Bubble.current();
            if (b != null) {
                TimerQueue.forBubble(b).sleep(d);
                return;
            }
        }
        Waiter w = new Waiter();
        if (w.parkUntil(WaitReason.SLEEP, null, Durations.deadlineAfter(d)) == Outcome.INTERRUPTED) {
            throw new GoInterruptedException("sleep");
        }
    }

    /**
     * Returns a channel that receives the current time once {@code d} has elapsed; equivalent to
     * {@code newTimer(d).c()}. The timer cannot be stopped, but it need not be: as in Go 1.23,
     * once nothing references the channel (a select loop has moved on), it is garbage collected
     * before it fires. Costs one timer entry and one channel.
     *
     * @param d how long from now the time is sent; at once if zero or negative
     * @return the channel on which the time is delivered
     * @throws NullPointerException if {@code d} is null
     */
    public static RecvChan<Instant> after(Duration d) {
        Chan<Instant> c = Chan.make(1);
        TimerQueue q = TimerQueue.current();
        q.addChannelTimer(c, q.deadlineAfter(d), 0);
        return c;
    }

    /**
     * Returns a channel that receives the time every {@code d}. The underlying ticker cannot be
     * stopped; as in Go 1.23 it is garbage collected once nothing references the channel.
     * Returns the nil channel (never ready) if {@code d} is zero or negative, as Go returns nil.
     *
     * @param d the period
     * @return the channel of the ticks, or the nil channel
     * @throws NullPointerException if {@code d} is null
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
     * @param d how long from now the timer fires; at once if zero or negative
     * @return the armed timer
     * @throws NullPointerException if {@code d} is null
     */
    public static Timer newTimer(Duration d) {
        Chan<Instant> c = Chan.make(1);
        TimerQueue q = TimerQueue.current();
        return new Timer(c, q, q.addChannelTimer(c, q.deadlineAfter(d), 0));
    }

    /**
     * Returns a Timer that, after at least {@code d}, runs {@code f} in its own goroutine. Its
     * {@link Timer#c()} is null; {@link Timer#stop()} prevents {@code f} from starting if it
     * returns true. The timer queue holds {@code f} until it starts or the timer is stopped.
     *
     * @param d how long from now {@code f} starts; at once if zero or negative
     * @param f the function to run
     * @return the armed timer
     * @throws NullPointerException if {@code d} or {@code f} is null
     */
    public static Timer afterFunc(Duration d, Runnable f) {
        if (f == null) {
            throw new NullPointerException("f");
        }
        TimerQueue q = TimerQueue.current();
        return new Timer(null, q, q.addFuncTimer(f, q.deadlineAfter(d)));
    }

    /**
     * Returns a Ticker whose channel receives the time every {@code d}.
     *
     * @param d the period
     * @return the running ticker
     * @throws IllegalArgumentException "non-positive interval for NewTicker" if {@code d} is not
     *         positive
     * @throws NullPointerException if {@code d} is null
     */
    public static Ticker newTicker(Duration d) {
        return new Ticker(positiveNanos(d, "non-positive interval for NewTicker"));
    }

    /**
     * Returns the current time (Go's {@code time.Now}): the system clock's {@link Instant#now()},
     * or, in a synctest bubble (go4j-test's {@code Synctest}), the bubble's fake clock, which
     * starts at 2000-01-01T00:00:00Z and moves only when every goroutine of the bubble is
     * durably blocked, to the deadline of the next timer. Timers, tickers and context deadlines
     * made in a bubble run on that clock too.
     *
     * @return the current time
     */
    public static Instant now() {
        if (Bubble.anyLive()) {
            Bubble b = Bubble.current();
            if (b != null) {
                return b.now();
            }
        }
        return Instant.now();
    }

    /** Returns the number of timers that can still fire, as PendingTimers.count() (for tests). */
    static int pendingTimers() {
        return TimerQueue.INSTANCE.pending();
    }

    /** Returns {@code d} in nanoseconds, saturated; throws IllegalArgumentException({@code message}) unless positive. */
    static long positiveNanos(Duration d, String message) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(message);
        }
        return Durations.saturatedNanos(d);  // a positive Duration is at least one nanosecond
    }
}
