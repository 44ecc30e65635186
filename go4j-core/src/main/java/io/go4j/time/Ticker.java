package io.go4j.time;

import io.go4j.Chan;
import io.go4j.RecvChan;

import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;

/**
 * Ticker delivers the time on {@link #c()} at regular intervals. Create one with
 * {@link Time#newTicker}; stop it when done, or open it in try-with-resources.
 *
 * <pre>{@code
 * try (Ticker ticker = Time.newTicker(Duration.ofMillis(10))) {
 *     for (int i = 1; i <= 3; i++) {
 *         ticker.c().recv();                  // the time of the tick
 *         System.out.println("tick " + i);    // tick 1, tick 2, tick 3
 *     }
 * }   // close() stops the ticker
 * }</pre>
 *
 * <p>The channel holds at most one tick: if the receiver is slow, ticks are dropped, never queued,
 * and the period is kept (the next tick comes at the next multiple of the period from the start,
 * as in Go). After {@link #stop} or {@link #reset} returns, no tick sent before the call can be
 * received (Go 1.23).
 *
 * <p>As in Go 1.23, a ticker that nothing references any more (neither the Ticker nor its
 * channel, nor a goroutine waiting on the channel) is garbage collected even if it was never
 * stopped; stopping it only frees it sooner.
 *
 * <p>Memory model: each tick's send happens-before the receive of that tick completes.
 */
public final class Ticker implements AutoCloseable {
    /*
     * Implementation notes.
     *
     * A Ticker is a channel timer with a non-zero period; TimerQueue re-arms its entry under its
     * lock right after each firing, so stop and reset are serialised with ticks exactly as for
     * timers. The queue holds the channel weakly (TimerQueue note 1); stop and reset fence this
     * Ticker until they return, as Timer's do.
     */

    private final Chan<Instant> chan;           // immutable: capacity 1
    private final TimerQueue queue;             // immutable: the shared queue, or a synctest bubble's
    private final TimerQueue.Entry entry;       // immutable: this ticker's slot in the timer queue

    /** Makes and arms a ticker; called by Time.newTicker. */
    Ticker(long periodNanos) {
        this.chan = Chan.make(1);
        this.queue = TimerQueue.current();
        this.entry = queue.addChannelTimer(chan, queue.now() + periodNanos, periodNanos);
    }

    /**
     * Returns the channel on which the ticks are delivered.
     *
     * @return the ticker's channel
     */
    public RecvChan<Instant> c() {
        return chan;
    }

    /**
     * Turns the ticker off: no more ticks are sent, and a tick nobody received is discarded. The
     * channel is not closed, so a receiver waiting on it keeps waiting. Never blocks.
     */
    public void stop() {
        try {
            queue.checkBubble("stop");
            queue.stop(entry);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Stops the ticker and restarts it with period {@code d}; the next tick comes {@code d} from
     * now. A tick nobody received is discarded. Never blocks.
     *
     * @param d the new period; saturated at about 146 years
     * @throws IllegalArgumentException "non-positive interval for Ticker.Reset" if {@code d} is
     *         not positive
     * @throws NullPointerException if {@code d} is null
     */
    public void reset(Duration d) {
        long period = Time.positiveNanos(d, "non-positive interval for Ticker.Reset");
        try {
            queue.checkBubble("reset");
            queue.reset(entry, queue.now() + period, period);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Stops the ticker, as {@link #stop()}, for try-with-resources; idempotent, never blocks and
     * throws nothing.
     */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "Ticker";
    }
}
