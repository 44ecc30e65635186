package io.go4j.internal.runtime;

import java.time.Duration;

/**
 * Durations converts a {@link Duration} to nanoseconds for go4j's timed waits, saturating instead
 * of throwing: every Duration a user can build, however large, is a valid wait, as every
 * {@code time.Duration} is in Go.
 *
 * <p>Invariants: {@link #saturatedNanos} never throws and its result lies in
 * {@code [-MAX_NANOS, MAX_NANOS]}; within that range it is exact. So {@code System.nanoTime() +
 * saturatedNanos(d)} is a deadline that can be compared with any other such deadline by
 * subtraction ({@code a - b < 0}), as {@link System#nanoTime()} requires, without overflow.
 */
public final class Durations {
    /*
     * Implementation notes.
     *
     * One helper for every Duration-to-nanos clamp in go4j (timer deadlines, ticker periods, the
     * signal context's grace period); they had drifted apart (one capped at Long.MAX_VALUE and
     * mapped huge negative durations to "wait forever"). Duration.toNanos() throws
     * ArithmeticException beyond about 292 years; comparing with two constant Durations first
     * avoids the exception, which is costly and would be thrown on a user's every call.
     *
     * Why half the long range: if deadlines a and b are each at most 2^62 - 1 ns after their own
     * "now", a - b is at most 2^62 - 1 plus the time between the two "now"s, far inside a long,
     * so a - b never overflows. 146 years is as good as forever for a wait.
     */

    /** The largest magnitude returned, in nanoseconds: {@code 2^62 - 1}, about 146 years. */
    public static final long MAX_NANOS = Long.MAX_VALUE >> 1;

    private static final Duration MAX = Duration.ofNanos(MAX_NANOS);
    private static final Duration MIN = Duration.ofNanos(-MAX_NANOS);

    private Durations() {}

    /**
     * Returns {@code d} in nanoseconds, clamped to {@code [-MAX_NANOS, MAX_NANOS]}.
     *
     * @param d a duration, possibly negative or far beyond the range of a long in nanoseconds
     * @return {@code d.toNanos()} when it lies in the range, otherwise the nearest bound
     * @throws NullPointerException if {@code d} is null
     */
    public static long saturatedNanos(Duration d) {
        if (d.compareTo(MAX) >= 0) {
            return MAX_NANOS;
        }
        if (d.compareTo(MIN) <= 0) {
            return -MAX_NANOS;
        }
        return d.toNanos();
    }

    /**
     * Returns the deadline, on {@link System#nanoTime()}'s clock, {@code d} from now; now itself
     * if {@code d} is zero or negative.
     *
     * @param d how long from now
     * @return {@code System.nanoTime() + max(0, saturatedNanos(d))}
     * @throws NullPointerException if {@code d} is null
     */
    public static long deadlineAfter(Duration d) {
        return System.nanoTime() + Math.max(0, saturatedNanos(d));
    }
}
