package io.go4j.reliability.soak;

import io.go4j.RecvChan;
import io.go4j.time.Time;
import io.go4j.time.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TimerBook is a {@link Timer} with exact accounting of Go 1.23's stop/reset guarantee, so the
 * soak can stop and reset a timer from another goroutine while it fires and still prove that
 * nothing stale or lost came out of it.
 *
 * <p>Each arming (the creation, and every {@code reset}) ends in exactly one of two ways: its
 * value is received from {@code c()}, or a later {@code stop}/{@code reset} returns true (it
 * disarmed the timer before its value was received, draining an unreceived value if need
 * be). So once every party is done and a final {@code stop} has been made,
 * {@code armed == disarmed + received}. A stale value received after a stop or reset that
 * returned true makes the right side too large; a firing that never delivered its value (or a
 * stop that returned false for a value never received) makes it too small.
 */
final class TimerBook {
    private final Timer timer;
    private final AtomicLong armed = new AtomicLong();
    private final AtomicLong disarmed = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    TimerBook(Duration first) {
        armed.incrementAndGet();
        timer = Time.newTimer(first);
    }

    /** The timer's channel, for a select case; call {@link #received()} when that case runs. */
    RecvChan<Instant> c() {
        return timer.c();
    }

    /** Counts a value received from {@link #c()}. */
    void received() {
        received.incrementAndGet();
    }

    /** Re-arms the timer for {@code d} (any goroutine may call this). */
    void reset(Duration d) {
        armed.incrementAndGet();
        if (timer.reset(d)) {
            disarmed.incrementAndGet();
        }
    }

    /** Stops the timer (any goroutine may call this). */
    void stop() {
        if (timer.stop()) {
            disarmed.incrementAndGet();
        }
    }

    /**
     * Returns null if the book balances, else what is wrong. Call only after a final
     * {@link #stop()} made once nobody else touches the timer.
     */
    String imbalance() {
        long a = armed.get();
        long d = disarmed.get();
        long r = received.get();
        return a == d + r ? null
                : "timer armed " + a + " times but disarmed " + d + " + received " + r + " = " + (d + r);
    }

    /** For planting a defect in tests: counts a receive that did not happen. */
    void plantExtraReceive() {
        received.incrementAndGet();
    }
}
