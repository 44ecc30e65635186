package io.go4j.debug.internal.sched;

import io.go4j.debug.internal.GoDuration;

/**
 * LatencyFormat renders a scheduling-latency histogram for people (plain text) and for tools
 * (JSON in {@code runtime/metrics}' {@code Float64Histogram} shape).
 */
public final class LatencyFormat {
    /** The metric's name in Go's {@code runtime/metrics}. */
    public static final String METRIC = "/sched/latencies:seconds";

    private LatencyFormat() {}

    /**
     * Renders the summary and the non-empty buckets as text, one item a line.
     *
     * @param enabled  whether latencies are being recorded
     * @param counts   the counts (underflow first)
     * @param buckets  the boundaries in seconds, one more than the counts
     * @param count    the sum of the counts
     * @param p50      the median's upper bound, in nanoseconds
     * @param p90      the 90th percentile's upper bound, in nanoseconds
     * @param p99      the 99th percentile's upper bound, in nanoseconds
     * @param max      the longest latency recorded, in nanoseconds
     * @return the text, ending with a newline
     */
    public static String text(boolean enabled, long[] counts, double[] buckets, long count, long p50, long p90,
                              long p99, long max) {
        StringBuilder out = new StringBuilder(512);
        out.append("# scheduling latency: time goroutines spent runnable before running\n");
        out.append("# (Go's runtime/metrics ").append(METRIC).append(", Go 1.19's buckets)\n");
        if (!enabled) {
            out.append("# not recording: call io.go4j.debug.SchedLatency.enable()\n");
        }
        out.append("count: ").append(count).append('\n');
        out.append("p50: ").append(GoDuration.format(p50)).append('\n');
        out.append("p90: ").append(GoDuration.format(p90)).append('\n');
        out.append("p99: ").append(GoDuration.format(p99)).append('\n');
        out.append("max: ").append(GoDuration.format(max)).append('\n');
        out.append("# non-empty buckets: [from, to): count\n");
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out.append('[').append(bound(buckets[i])).append(", ").append(bound(buckets[i + 1]))
                        .append("): ").append(counts[i]).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Renders the histogram as one JSON object: {@code metric}, {@code enabled}, {@code count},
     * {@code p50}, {@code p90}, {@code p99}, {@code max} (seconds), {@code counts} and
     * {@code buckets} (seconds; JSON has no infinities, so the first and last are the strings
     * {@code "-Inf"} and {@code "+Inf"}).
     *
     * @param enabled  whether latencies are being recorded
     * @param counts   the counts (underflow first)
     * @param buckets  the boundaries in seconds, one more than the counts
     * @param count    the sum of the counts
     * @param p50      the median's upper bound, in nanoseconds
     * @param p90      the 90th percentile's upper bound, in nanoseconds
     * @param p99      the 99th percentile's upper bound, in nanoseconds
     * @param max      the longest latency recorded, in nanoseconds
     * @return the JSON text, on one line
     */
    public static String json(boolean enabled, long[] counts, double[] buckets, long count, long p50, long p90,
                              long p99, long max) {
        StringBuilder out = new StringBuilder(16 * 1024);
        out.append("{\"metric\":\"").append(METRIC).append("\",\"enabled\":").append(enabled)
                .append(",\"count\":").append(count)
                .append(",\"p50\":").append(p50 / 1e9)
                .append(",\"p90\":").append(p90 / 1e9)
                .append(",\"p99\":").append(p99 / 1e9)
                .append(",\"max\":").append(max / 1e9)
                .append(",\"counts\":[");
        for (int i = 0; i < counts.length; i++) {
            out.append(i == 0 ? "" : ",").append(counts[i]);
        }
        out.append("],\"buckets\":[");
        for (int i = 0; i < buckets.length; i++) {
            out.append(i == 0 ? "" : ",");
            double b = buckets[i];
            if (Double.isInfinite(b)) {
                out.append(b > 0 ? "\"+Inf\"" : "\"-Inf\"");
            } else {
                out.append(b);
            }
        }
        return out.append("]}").toString();
    }

    /** A boundary in seconds, written as a Go duration (they are whole nanoseconds) or +-Inf. */
    private static String bound(double seconds) {
        if (Double.isInfinite(seconds)) {
            return seconds > 0 ? "+Inf" : "-Inf";
        }
        return GoDuration.format(Math.round(seconds * 1e9));
    }
}
