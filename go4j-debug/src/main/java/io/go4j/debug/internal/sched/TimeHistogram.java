package io.go4j.debug.internal.sched;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * TimeHistogram is a distribution of durations in nanoseconds with Go 1.19's bucket layout
 * (runtime's {@code timeHistogram}, exported by {@code runtime/metrics} as a
 * {@code Float64Histogram} in seconds), recorded from many threads at once without a lock.
 *
 * <p>Layout: a duration below 16 ns has a bucket of its own (super-bucket 0, one nanosecond
 * wide). Above, the highest set bit chooses a super-bucket (one per power of two, 44 of them) and
 * the next four bits one of its 16 linear sub-buckets, so a bucket is at most 1/16 (6.25%) of its
 * lower bound wide. Durations of 2<sup>48</sup> ns (about 3.3 days) and more go to the last
 * bucket, which extends to infinity; negative durations to an underflow bucket, as in Go.
 * {@link #counts()} and {@link #boundaries()} give them in {@code Float64Histogram}'s shape:
 * 721 counts, the first the underflow {@code [-Inf, 0)}, and 722 boundaries in seconds from
 * {@code -Inf} to {@code +Inf}.
 *
 * <p>Invariants: bucket counts only grow between resets; {@link #counts()} never reports a
 * count below the one of an earlier call made after the same {@link #reset()}.
 *
 * <p>Non-invariants: a {@link #counts()} taken while threads record is not one instant's state
 * (each bucket is read at its own moment), and a value recorded while {@link #reset()} runs may
 * be counted before or after it, and may be missing from {@link #max()}.
 */
public final class TimeHistogram {
    /*
     * Implementation notes.
     *
     * 1. Striping. Each bucket is a LongAdder: uncontended, a record is one CAS on the adder's
     *    base; when two carriers hit the same bucket at once, the adder grows padded cells and
     *    each thread keeps to its own (by its probe). Only the few hot buckets of a latency
     *    distribution ever grow cells, so the histogram stays ~30 KB. The tempting alternative,
     *    rows of an AtomicLongArray per stripe chosen by thread id, costs 721 x 8 bytes per stripe
     *    whether used or not, and a fixed stripe choice cannot move two colliding threads apart.
     * 2. Reset subtracts. LongAdder.reset() loses increments that race with it; instead reset()
     *    keeps the current counts as a baseline that counts() subtracts, so no count is ever
     *    lost or made negative. Go has no reset (its counters only grow); tools that want deltas
     *    subtract snapshots, which works here too.
     * 3. The bucket index is Go 1.19's (runtime/histogram.go); Go 1.20 changed the layout (and
     *    Go 1.21 again). We follow 1.19, the Go installed beside the tests, which compare the
     *    boundaries with its runtime/metrics.
     */

    /** Bits of a duration, below its highest set bit, that choose the sub-bucket. */
    static final int SUB_BUCKET_BITS = 4;
    /** Linear sub-buckets per power of two. */
    static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** Super-buckets: 0 for durations below 16 ns, then one per power of two up to 2^47. */
    static final int SUPER_BUCKETS = 45;
    /** Buckets for durations >= 0; the last one extends to infinity. */
    static final int BUCKETS = SUPER_BUCKETS * SUB_BUCKETS;

    /** Number of counts in {@link #counts()}: the underflow, then every bucket. */
    public static final int COUNTS = BUCKETS + 1;

    private static final double[] BOUNDARIES = computeBoundaries();

    private final LongAdder[] buckets = new LongAdder[BUCKETS];   // recorders add, readers sum
    private final LongAdder underflow = new LongAdder();           // negative durations
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);   // since the last reset
    private volatile long[] baseline = new long[COUNTS];          // counts at the last reset(); immutable

    /** Creates an empty histogram. */
    public TimeHistogram() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /**
     * Records one duration.
     *
     * @param nanos the duration in nanoseconds; negative ones are counted as underflow
     */
    public void record(long nanos) {
        if (nanos < 0) {
            underflow.increment();
            return;
        }
        buckets[bucketOf(nanos)].increment();
        max.accumulate(nanos);
    }

    /**
     * Returns the index of the bucket a duration of {@code nanos >= 0} falls in (0 to 719).
     *
     * @param nanos a duration, not negative
     * @return its bucket
     */
    static int bucketOf(long nanos) {
        if (nanos < SUB_BUCKETS) {
            return (int) nanos;   // super-bucket 0: one bucket per nanosecond
        }
        int superBucket = (Long.SIZE - Long.numberOfLeadingZeros(nanos)) - SUB_BUCKET_BITS;
        if (superBucket >= SUPER_BUCKETS) {
            return BUCKETS - 1;   // 2^48 ns and more: the last bucket, open to infinity
        }
        int subBucket = (int) (nanos >>> (superBucket - 1)) & (SUB_BUCKETS - 1);
        return superBucket * SUB_BUCKETS + subBucket;
    }

    /**
     * Returns the counts since the last reset, in {@code Float64Histogram}'s order: the
     * underflow first, then bucket by bucket.
     *
     * @return {@link #COUNTS} counts; a new array
     */
    public long[] counts() {
        long[] base = baseline;
        long[] out = new long[COUNTS];
        out[0] = underflow.sum() - base[0];
        for (int i = 0; i < BUCKETS; i++) {
            out[i + 1] = buckets[i].sum() - base[i + 1];
        }
        return out;
    }

    /**
     * Returns the longest duration recorded since the last reset, or 0.
     *
     * @return nanoseconds
     */
    public long max() {
        return max.get();
    }

    /** Starts counting from zero again (see the class comment for what races with it). */
    public void reset() {
        long[] now = new long[COUNTS];
        now[0] = underflow.sum();
        for (int i = 0; i < BUCKETS; i++) {
            now[i + 1] = buckets[i].sum();
        }
        max.reset();
        baseline = now;
    }

    /**
     * Returns the bucket boundaries in seconds, in {@code Float64Histogram}'s form: count
     * {@code i} of {@link #counts()} is the weight of {@code [b[i], b[i+1])}; {@code b[0]} is
     * {@code -Inf} and the last is {@code +Inf}.
     *
     * @return {@link #COUNTS} + 1 boundaries; a new array
     */
    public static double[] boundaries() {
        return BOUNDARIES.clone();
    }

    /**
     * Returns the lower bound of bucket {@code index} (0 to 719), in nanoseconds.
     *
     * @param index a bucket of the non-negative durations
     * @return its lower bound
     */
    static long lowerBoundNanos(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int superBucket = index / SUB_BUCKETS;
        int subBucket = index % SUB_BUCKETS;
        // the super-bucket's bit, then the sub-bucket's four bits just below it
        return (1L << (superBucket - 1 + SUB_BUCKET_BITS)) | ((long) subBucket << (superBucket - 1));
    }

    private static double[] computeBoundaries() {
        double[] b = new double[COUNTS + 1];
        b[0] = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < BUCKETS; i++) {
            b[i + 1] = lowerBoundNanos(i) / 1e9;   // exact: every bound is below 2^53
        }
        b[COUNTS] = Double.POSITIVE_INFINITY;
        return b;
    }
}
