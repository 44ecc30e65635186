package io.go4j.time;

import io.go4j.Chan;
import io.go4j.RecvChan;

import java.time.Duration;
import java.time.Instant;

/**
 * Timer is a single event: when it fires, the current time is sent on {@link #c()}, or, for a
 * timer made by {@link Time#afterFunc}, its function starts in a new goroutine. Create one with
 * {@link Time#newTimer} or {@link Time#afterFunc}.
 *
 * <pre>{@code
 * Chan<String> results = Chan.make(1);
 * results.send("fast");
 * Timer t = Time.newTimer(Duration.ofSeconds(1));
 * Select.select(
 *     Select.onRecv(results, r -> System.out.println("got " + r)),   // got fast
 *     Select.onRecv(t.c(), now -> System.out.println("gave up")));
 * System.out.println(t.stop());   // true: the result came first, so release the timer at once
 * }</pre>
 *
 * <p>Timers follow Go 1.23: once {@link #stop} or {@link #reset} has returned, no value sent
 * before the call can be received from {@link #c()}. The channel has a buffer of one internally,
 * but stop and reset drain a value nobody received, so it behaves as Go 1.23's unbuffered timer
 * channel; {@code c().cap()} reports 1, where Go reports 0.
 *
 * <p>A pending timer is referenced by the shared timer queue until it fires or is stopped, so an
 * abandoned timer is garbage collected only after its deadline (Go 1.23 collects it at once);
 * stop timers you no longer need. All methods are safe to call from any goroutine.
 *
 * <p>Memory model: the firing of a timer happens-before the receive of its value from
 * {@link #c()} completes, and happens-before its afterFunc function starts. A {@code stop} or
 * {@code reset} and a firing are totally ordered: either the call sees the timer pending (true)
 * or it sees the firing complete.
 */
public final class Timer {
    /*
     * Implementation notes.
     *
     * A Timer is its own heap entry in TimerQueue (when, index, period live here), so
     * Time.after allocates one Timer and one channel. The mutable fields are guarded by
     * TimerQueue's lock; see its invariants. Ticker wraps a Timer with a period.
     */

    final Chan<Instant> chan;   // immutable: capacity 1, or null for an afterFunc timer
    final Runnable func;        // immutable: afterFunc's function, or null
    long when;                  // TimerQueue lock: deadline on System.nanoTime()'s clock
    int index = -1;             // TimerQueue lock: heap slot, -1 when not pending
    long period;                // TimerQueue lock: ticker period in nanoseconds, 0 for one-shot

    Timer(Chan<Instant> chan, Runnable func, long period) {
        this.chan = chan;
        this.func = func;
        this.period = period;
    }

    /**
     * Returns the channel on which the time is delivered when the timer fires, or {@code null} for
     * a timer made by {@link Time#afterFunc} (Go's {@code C} is nil then).
     *
     * @return the timer's channel, or null
     */
    public RecvChan<Instant> c() {
        return chan;
    }

    /**
     * Stops the timer. Returns true if the call stopped it before it fired (for a channel timer:
     * before its value was received, Go 1.23), false if it had already fired or been stopped.
     * Afterwards no value can be received from {@link #c()} until a {@link #reset}. For an
     * afterFunc timer, false means the function has been started or will start. Never blocks.
     *
     * @return true if this call stopped the timer
     */
    public boolean stop() {
        return TimerQueue.INSTANCE.stop(this);
    }

    /**
     * Changes the timer to fire after {@code d} (at once if {@code d} is zero or negative), and
     * returns true if it was active (as {@link #stop} would have returned). No value sent before
     * the call can be received afterwards. Never blocks.
     *
     * @param d how long from now until the timer fires
     * @return true if the timer was active
     */
    public boolean reset(Duration d) {
        return TimerQueue.INSTANCE.reset(this, TimerQueue.deadline(d), 0);
    }

    @Override
    public String toString() {
        return func == null ? "Timer" : "Timer(afterFunc)";
    }
}
