package io.go4j.context;

import io.go4j.time.Time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A TimerCtx is a {@link CancelCtx} with its own deadline ({@link Context#withDeadline},
 * {@link Context#withTimeout} and their cause forms): a timer cancels it with
 * {@link DeadlineExceeded} when the deadline passes.
 *
 * <p>Invariants: {@code timer} is non-null only while the context is not cancelled; cancelling
 * stops it under the lock, so an expired deadline never outlives the context's cancellation.
 */
final class TimerCtx extends CancelCtx {
    /*
     * Implementation notes: the timer is armed under the lock, and only if the context was not
     * cancelled in the meantime (for example, by a parent cancelled while this child was being
     * attached); otherwise a timer would be left holding the context until the deadline.
     */

    private Timers.Handle timer;   // guarded by lock

    private TimerCtx(Context parent, Instant deadline) {
        super(parent, deadline);
    }

    static CancelCtx create(Context parent, Instant deadline, RuntimeException cause) {
        Objects.requireNonNull(parent, "cannot create context from null parent");
        Objects.requireNonNull(deadline, "deadline");
        Instant current = parent.deadline().orElse(null);
        if (current != null && current.isBefore(deadline)) {
            return CancelCtx.create(parent);   // the parent's deadline comes first anyway
        }
        TimerCtx c = new TimerCtx(parent, deadline);
        Tree.attach(parent, c);
        Duration left = Duration.between(Time.now(), deadline);   // a bubble's fake clock in a bubble
        if (left.isNegative() || left.isZero()) {
            c.cancel(true, DeadlineExceeded.INSTANCE, cause);
            return c;
        }
        c.lock.lock();
        try {
            if (c.err() == null) {
                c.timer = Timers.afterFunc(left, () -> c.cancel(true, DeadlineExceeded.INSTANCE, cause));
            }
        } finally {
            c.lock.unlock();
        }
        return c;
    }

    /** Returns now + {@code timeout}, saturated at {@link Instant#MAX}. */
    static Instant deadlineAfter(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Instant now = Time.now();
        try {
            return now.plus(timeout);
        } catch (ArithmeticException | java.time.DateTimeException overflow) {
            return timeout.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    @Override
    void onCancelLocked() {
        if (timer != null) {
            timer.stop();
            timer = null;
        }
    }

    @Override
    public String toString() {
        return parent + ".WithDeadline(" + deadline().orElseThrow() + ")";
    }
}
