package io.go4j.time;

import io.go4j.Chan;
import io.go4j.RecvChan;

import java.time.Duration;
import java.time.Instant;

/**
 * Ticker delivers the time on {@link #c()} at regular intervals. Create one with
 * {@link Time#newTicker}; stop it when done.
 *
 * <pre>{@code
 * Ticker ticker = Time.newTicker(Duration.ofMillis(10));
 * try {
 *     for (int i = 1; i <= 3; i++) {
 *         ticker.c().recv();                  // the time of the tick
 *         System.out.println("tick " + i);    // tick 1, tick 2, tick 3
 *     }
 * } finally {
 *     ticker.stop();
 * }
 * }</pre>
 *
 * <p>The channel holds at most one tick: if the receiver is slow, ticks are dropped, never queued,
 * and the period is kept (the next tick comes at the next multiple of the period from the start,
 * as in Go). After {@link #stop} or {@link #reset} returns, no tick sent before the call can be
 * received (Go 1.23).
 *
 * <p>A ticker that is not stopped stays referenced by the shared timer queue and is never
 * garbage collected (Go 1.23 would collect an unreferenced one): always stop it.
 *
 * <p>Memory model: each tick's send happens-before the receive of that tick completes.
 */
public final class Ticker {
    /*
     * Implementation notes.
     *
     * A Ticker is a Timer with a non-zero period; TimerQueue re-arms it under its lock right
     * after each firing, so stop and reset are serialised with ticks exactly as for timers.
     */

    private final Timer timer;

    Ticker(long periodNanos) {
        this.timer = new Timer(Chan.make(1), null, periodNanos);
    }

    /** Arms the ticker; called once by Time.newTicker. */
    Ticker start() {
        TimerQueue.INSTANCE.add(timer, System.nanoTime() + timer.period);
        return this;
    }

    /** {@return the channel on which the ticks are delivered} */
    public RecvChan<Instant> c() {
        return timer.chan;
    }

    /**
     * Turns the ticker off: no more ticks are sent, and a tick nobody received is discarded. The
     * channel is not closed, so a receiver waiting on it keeps waiting. Never blocks.
     */
    public void stop() {
        TimerQueue.INSTANCE.stop(timer);
    }

    /**
     * Stops the ticker and restarts it with period {@code d}; the next tick comes {@code d} from
     * now. A tick nobody received is discarded. Never blocks.
     *
     * @param d the new period
     * @throws IllegalArgumentException if {@code d} is not positive
     */
    public void reset(Duration d) {
        long period = Time.positiveNanos(d, "non-positive interval for Ticker.Reset");
        TimerQueue.INSTANCE.reset(timer, System.nanoTime() + period, period);
    }

    @Override
    public String toString() {
        return "Ticker";
    }
}
