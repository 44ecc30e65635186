package io.go4j.context;

import io.go4j.time.Time;

import java.time.Duration;

/**
 * Timers runs the deadline of a {@link TimerCtx}: a function called once after a delay, unless
 * stopped first.
 */
final class Timers {
    /*
     * Implementation notes: a deadline is io.go4j.time's afterFunc, so contexts share the one
     * timer queue every go4j timer uses, and the expiry runs in a goroutine as Go's does. This
     * class is the single seam between the two packages, kept so that TimerCtx depends on a
     * two-method contract rather than on Timer.
     */

    /** A scheduled function; stop() returns true if it prevented the call. */
    interface Handle {
        boolean stop();
    }

    private Timers() {}

    /** Calls {@code f} once, in its own goroutine, after {@code delay}, unless stopped. */
    static Handle afterFunc(Duration delay, Runnable f) {
        return Time.afterFunc(delay, f)::stop;
    }
}
