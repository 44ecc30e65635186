package io.go4j.debug;

import io.go4j.debug.internal.sched.LatencyFormat;
import io.go4j.debug.internal.sched.LatencyRecorder;
import io.go4j.debug.internal.sched.TimeHistogram;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * SchedLatency measures how long goroutines wait to run once they are runnable, as Go's
 * {@code runtime/metrics} metric {@code /sched/latencies:seconds}: the time from a goroutine's
 * unpark (a channel send that wakes a receiver, a {@code Mutex} handed over, a timer firing) to
 * the moment it runs again, and from {@code go()} to the first instruction of a new goroutine.
 * Long latencies mean the carriers are busy: too few of them, or goroutines that compute without
 * ever blocking.
 *
 * <p>Go records it always; go4j records it between {@link #enable()} and {@link #disable()},
 * because it needs the core's goroutine listener, which costs every park a few nanoseconds
 * (a time stamp in the waker, a histogram increment in the woken goroutine). Disabled, it costs
 * nothing.
 *
 * <pre>{@code
 * import static io.go4j.Go.go;
 *
 * SchedLatency.enable();
 * Chan<String> done = Chan.make();
 * go(() -> done.send("ok"));   // its start, from go() to running, is measured
 * done.recv();
 * SchedLatency.Histogram h = SchedLatency.histogram();
 * System.out.println(h.count() >= 1);   // true
 * System.out.println(h.toText().lines().findFirst().orElseThrow());
 * // # scheduling latency: time goroutines spent runnable before running
 * }</pre>
 *
 * <p>Measured: starts, and wake-ups from a park by another goroutine, of goroutines started by
 * {@code go()}. Not measured: waits that end without an unpark (timeouts, interrupts, a
 * completion seen while still spinning, which has no runnable period), and threads go4j did not
 * start (main): the waker cannot find their record. A histogram read while goroutines run is
 * not one instant's state; each bucket is read at its own moment.
 */
public final class SchedLatency {
    private SchedLatency() {}

    /** Starts recording scheduling latencies; nothing if already recording. */
    public static void enable() {
        LatencyRecorder.enable();
    }

    /** Stops recording, keeping what was recorded; nothing if not recording. */
    public static void disable() {
        LatencyRecorder.disable();
    }

    /**
     * Returns whether scheduling latencies are being recorded.
     *
     * @return true between {@link #enable()} and {@link #disable()}
     */
    public static boolean isEnabled() {
        return LatencyRecorder.enabled();
    }

    /** Forgets what was recorded: the histogram starts from zero (recording goes on if enabled). */
    public static void reset() {
        LatencyRecorder.histogram().reset();
    }

    /**
     * Returns the latencies recorded since the start or the last {@link #reset()}.
     *
     * @return a snapshot of the histogram
     */
    public static Histogram histogram() {
        TimeHistogram h = LatencyRecorder.histogram();
        boolean enabled = isEnabled();
        long[] counts = h.counts();
        return new Histogram(enabled, counts, TimeHistogram.boundaries(), Duration.ofNanos(h.max()));
    }

    /**
     * Histogram is a snapshot of the scheduling latencies in the shape of Go's
     * {@code runtime/metrics.Float64Histogram}: {@code counts[i]} latencies fell in
     * {@code [buckets[i], buckets[i+1])} seconds; {@code buckets[0]} is {@code -Inf} (the first
     * count is of negative readings of the clock, normally none) and the last is {@code +Inf}.
     * The buckets are Go 1.19's: one per nanosecond below 16 ns, then 16 per power of two, so a
     * bucket's width is at most 1/16 of its lower bound.
     *
     * <p>Percentiles are read from the buckets: the upper bound of the bucket holding the
     * percentile (at most 6.25% above the true value), never more than {@link #max()}.
     *
     * @param enabled whether latencies were being recorded when the snapshot was taken
     * @param counts  the counts, one per bucket (a copy is kept)
     * @param buckets the boundaries in seconds, increasing, one more than the counts (a copy is kept)
     * @param max     the longest latency recorded
     */
    public record Histogram(boolean enabled, long[] counts, double[] buckets, Duration max) {

        /**
         * Checks and copies the components.
         *
         * @throws IllegalArgumentException if there is not exactly one more boundary than counts,
         *                                  or a count is negative
         */
        public Histogram {
            Objects.requireNonNull(counts, "counts");
            Objects.requireNonNull(buckets, "buckets");
            Objects.requireNonNull(max, "max");
            if (buckets.length != counts.length + 1) {
                throw new IllegalArgumentException("histogram: " + buckets.length + " boundaries for "
                        + counts.length + " counts (want one more boundary than counts)");
            }
            for (long c : counts) {
                if (c < 0) {
                    throw new IllegalArgumentException("histogram: negative count " + c);
                }
            }
            counts = counts.clone();
            buckets = buckets.clone();
        }

        /**
         * Returns the counts, one per bucket.
         *
         * @return a copy of the counts
         */
        @Override
        public long[] counts() {
            return counts.clone();
        }

        /**
         * Returns the bucket boundaries in seconds.
         *
         * @return a copy of the boundaries
         */
        @Override
        public double[] buckets() {
            return buckets.clone();
        }

        /**
         * Returns how many latencies were recorded.
         *
         * @return the sum of the counts
         */
        public long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }

        /**
         * Returns the {@code q} quantile's upper bound (see the class comment): the latency that
         * {@code q} of the recorded ones do not exceed. Zero when nothing was recorded.
         *
         * @param q the quantile, in {@code (0, 1]}: 0.5 for the median, 0.99 for the 99th percentile
         * @return the latency
         * @throws IllegalArgumentException if {@code q} is not in {@code (0, 1]}
         */
        public Duration percentile(double q) {
            if (!(q > 0 && q <= 1)) {
                throw new IllegalArgumentException("histogram: quantile " + q + " out of range (0, 1]");
            }
            long total = count();
            if (total == 0) {
                return Duration.ZERO;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    double upper = buckets[i + 1];
                    if (upper <= 0) {
                        return Duration.ZERO;   // the underflow bucket: clock readings that went back
                    }
                    long nanos = Double.isInfinite(upper) ? Long.MAX_VALUE : Math.round(upper * 1e9);
                    long maxNanos = max.toNanos();
                    return Duration.ofNanos(maxNanos > 0 ? Math.min(nanos, maxNanos) : nanos);
                }
            }
            return max;   // not reached: the counts add up to total
        }

        /**
         * Returns the median's upper bound.
         *
         * @return {@code percentile(0.5)}
         */
        public Duration p50() {
            return percentile(0.5);
        }

        /**
         * Returns the 90th percentile's upper bound.
         *
         * @return {@code percentile(0.9)}
         */
        public Duration p90() {
            return percentile(0.9);
        }

        /**
         * Returns the 99th percentile's upper bound.
         *
         * @return {@code percentile(0.99)}
         */
        public Duration p99() {
            return percentile(0.99);
        }

        /**
         * Renders the histogram for people: the count, the percentiles and the maximum as Go
         * durations, then each non-empty bucket as {@code [from, to): count}.
         *
         * @return plain text, one item a line
         */
        public String toText() {
            return LatencyFormat.text(enabled, counts, buckets, count(), p50().toNanos(), p90().toNanos(),
                    p99().toNanos(), max.toNanos());
        }

        /**
         * Renders the histogram for tools, as one JSON object: {@code metric}
         * ({@code "/sched/latencies:seconds"}), {@code enabled}, {@code count}, {@code p50},
         * {@code p90}, {@code p99} and {@code max} in seconds, {@code counts}, and {@code buckets}
         * in seconds, whose first and last (the infinities, which JSON cannot write as numbers)
         * are the strings {@code "-Inf"} and {@code "+Inf"}.
         *
         * @return the JSON text
         */
        public String toJson() {
            return LatencyFormat.json(enabled, counts, buckets, count(), p50().toNanos(), p90().toNanos(),
                    p99().toNanos(), max.toNanos());
        }

        /**
         * Returns whether {@code o} is a histogram with the same flag, counts, boundaries and maximum.
         *
         * @param o another object
         * @return true if equal
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Histogram h && enabled == h.enabled && Arrays.equals(counts, h.counts)
                    && Arrays.equals(buckets, h.buckets) && max.equals(h.max);
        }

        /**
         * Returns a hash of the flag, the counts, the boundaries and the maximum.
         *
         * @return the hash
         */
        @Override
        public int hashCode() {
            return Objects.hash(enabled, Arrays.hashCode(counts), Arrays.hashCode(buckets), max);
        }

        /**
         * Returns a one-line summary: count, percentiles and maximum.
         *
         * @return the summary
         */
        @Override
        public String toString() {
            return "SchedLatency.Histogram[count=" + count() + ", p50=" + p50() + ", p90=" + p90() + ", p99="
                    + p99() + ", max=" + max + (enabled ? "" : ", not recording") + "]";
        }
    }
}
