package io.go4j.debug.internal.sched;

/**
 * GoDuration writes a duration as Go's {@code time.Duration.String} does: {@code 0s},
 * {@code 850ns}, {@code 12.5µs}, {@code 3.25ms}, {@code 1.5s}, {@code 2m3.5s}, {@code 1h0m0s}.
 */
public final class GoDuration {
    private GoDuration() {}

    /**
     * Formats {@code nanos}.
     *
     * @param nanos a duration in nanoseconds (negative ones get a leading minus)
     * @return Go's text for it
     */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        if (nanos == Long.MIN_VALUE) {
            return "-2562047h47m16.854775808s";   // its magnitude does not fit in a long
        }
        if (nanos < 0) {
            return "-" + format(-nanos);
        }
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return fixed(nanos, 1_000, 3) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return fixed(nanos, 1_000_000, 6) + "ms";
        }
        long seconds = nanos / 1_000_000_000;
        String s = fixed(nanos % 60_000_000_000L, 1_000_000_000, 9) + "s";
        if (seconds < 60) {
            return s;
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m" + s;
        }
        return (minutes / 60) + "h" + (minutes % 60) + "m" + s;
    }

    /** {@code value / unit} with up to {@code digits} decimals, trailing zeros (and point) dropped. */
    private static String fixed(long value, long unit, int digits) {
        long whole = value / unit;
        long frac = value % unit;
        if (frac == 0) {
            return Long.toString(whole);
        }
        StringBuilder f = new StringBuilder(Long.toString(frac));
        while (f.length() < digits) {
            f.insert(0, '0');
        }
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + f.substring(0, end);
    }
}
