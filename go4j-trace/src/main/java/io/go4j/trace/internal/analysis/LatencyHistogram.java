package io.go4j.trace.internal.analysis;

/**
 * LatencyHistogram counts durations in log-linear buckets (HdrHistogram's layout at 5 bits of
 * precision): exact below 32 ns, then 32 buckets per power of two, so a percentile is within
 * 1/32 (about 3%) of the true value; the maximum is exact. Fixed memory: 59 x 32 counters.
 */
public final class LatencyHistogram {
    private static final int SUB = 5;
    private static final int SUBS = 1 << SUB;
    private final long[] counts = new long[(64 - SUB) * SUBS];
    private long total;
    private long max;

    /** Adds one duration in nanoseconds (negative counts as 0). */
    public void add(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        max = Math.max(max, v);
    }

    /** Returns the number of durations added. */
    public long count() {
        return total;
    }

    /** Returns the largest duration added, 0 if none. */
    public long max() {
        return max;
    }

    /**
     * Returns the duration below or at which a fraction {@code q} of the durations fall (the
     * upper end of its bucket, capped by the maximum), 0 if none were added.
     */
    public long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, upper(i));
            }
        }
        return max;
    }

    /** Returns how many durations are below {@code nanos}. */
    public long countBelow(long nanos) {
        long n = 0;
        for (int i = 0; i < counts.length && upper(i) < nanos; i++) {
            n += counts[i];
        }
        return n;
    }

    static int index(long v) {
        if (v < SUBS) {
            return (int) v;
        }
        int mag = 63 - Long.numberOfLeadingZeros(v) - SUB + 1;   // >= 1
        int sub = (int) (v >>> (mag - 1)) & (SUBS - 1);
        return mag * SUBS + sub;
    }

    static long upper(int i) {
        int mag = i / SUBS;
        int sub = i % SUBS;
        if (mag == 0) {
            return sub;
        }
        long lo = (long) (SUBS + sub) << (mag - 1);
        return lo + (1L << (mag - 1)) - 1;
    }
}
