package io.go4j.time;

import io.go4j.Chan;
import io.go4j.RecvChan;

import java.lang.ref.Reference;
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
 * <p>A Timer is {@link AutoCloseable}: {@link #close()} stops it, so try-with-resources plays
 * the part of Go's {@code defer t.Stop()}.
 *
 * <pre>{@code
 * Chan<String> results = Chan.make(1);
 * results.send("fast");
 * try (Timer t = Time.newTimer(Duration.ofSeconds(1))) {
 *     Select.select(
 *         Select.onRecv(results, r -> System.out.println("got " + r)),   // got fast
 *         Select.onRecv(t.c(), now -> System.out.println("gave up")));
 * }   // the timer is stopped here
 * }</pre>
 *
 * <p>Timers follow Go 1.23: once {@link #stop} or {@link #reset} has returned, no value sent
 * before the call can be received from {@link #c()}. The channel has a buffer of one internally,
 * but stop and reset drain a value nobody received, so it behaves as Go 1.23's unbuffered timer
 * channel; {@code c().cap()} reports 1, where Go reports 0.
 *
 * <p>As in Go 1.23, a channel timer that nothing references any more (neither the Timer nor its
 * channel, nor a goroutine waiting on the channel) is garbage collected even if it was never
 * stopped and has not fired; stopping it early only frees it sooner. An {@code afterFunc} timer
 * stays until it fires or is stopped, since its function must run. All methods are safe to call
 * from any goroutine.
 *
 * <p>Memory model: the firing of a timer happens-before the receive of its value from
 * {@link #c()} completes, and happens-before its afterFunc function starts. A {@code stop} or
 * {@code reset} and a firing are totally ordered: either the call sees the timer pending (true)
 * or it sees the firing complete.
 */
public final class Timer implements AutoCloseable {
    /*
     * Implementation notes.
     *
     * A Timer is its channel plus its entry in TimerQueue (deadline, index and period live in
     * the entry, guarded by TimerQueue's lock; see its invariants). The queue holds the entry,
     * and the entry holds the channel only weakly, so the Timer and its channel are the user's
     * to drop. stop and reset fence this Timer until they return: see TimerQueue note 2.
     */

    final Chan<Instant> chan;           // immutable: capacity 1, or null for an afterFunc timer
    final TimerQueue queue;             // immutable: the shared queue, or a synctest bubble's
    final TimerQueue.Entry entry;       // immutable: this timer's slot in the timer queue

    Timer(Chan<Instant> chan, TimerQueue queue, TimerQueue.Entry entry) {
        this.chan = chan;
        this.queue = queue;
        this.entry = entry;
    }

    /**
     * Returns the channel on which the time is delivered when the timer fires, or {@code null} for
     * a timer made by {@link Time#afterFunc} (Go's {@code C} is nil then).
     *
     * @return the timer's channel, or null for an afterFunc timer
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
     * @return true if the call stopped the timer, false if it had already fired or been stopped
     * @throws io.go4j.GoPanic "stop of synctest timer from outside bubble" if the timer was made
     *         in a synctest bubble and the caller is not in it
     */
    public boolean stop() {
        try {
            queue.checkBubble("stop");
            return queue.stop(entry);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Changes the timer to fire after {@code d} (at once if {@code d} is zero or negative), and
     * returns true if it was active (as {@link #stop} would have returned). No value sent before
     * the call can be received afterwards. Never blocks.
     *
     * @param d how long from now the timer fires; saturated at about 146 years
     * @return true if the timer was active, as {@link #stop} would have returned
     * @throws NullPointerException if {@code d} is null
     * @throws io.go4j.GoPanic "reset of synctest timer from outside bubble" if the timer was made
     *         in a synctest bubble and the caller is not in it
     */
    public boolean reset(Duration d) {
        try {
            queue.checkBubble("reset");
            return queue.reset(entry, queue.deadlineAfter(d), 0);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Stops the timer, as {@link #stop()}, for try-with-resources; idempotent, never blocks and
     * throws nothing.
     */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return chan == null ? "Timer(afterFunc)" : "Timer";
    }
}
