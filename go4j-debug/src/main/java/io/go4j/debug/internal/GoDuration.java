package io.go4j.debug.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * GoDuration reads and writes durations as Go's {@code time} package does:
 * {@link #format(long)} is {@code time.Duration.String} ({@code 0s}, {@code 850ns},
 * {@code 12.5µs}, {@code 3.25ms}, {@code 1.5s}, {@code 2m3.5s}, {@code 1h0m0s}) and
 * {@link #parse(String)} is {@code time.ParseDuration} ({@code "300ms"}, {@code "-1.5h"},
 * {@code "2h45m"}), with Go's error messages. go4j-debug's dumps and latency texts and go4j-test's
 * settings and messages all use it, so that a Go programmer reads them as Go's.
 *
 * <p>Invariants: {@code parseNanos(format(n)) == n} for every {@code long n}; every result of
 * {@code format} is ASCII but for the {@code µ} (U+00B5) of microseconds, as Go's.
 */
public final class GoDuration {
    /*
     * Implementation notes.
     *
     * 1. Written from Go's documentation of ParseDuration and Duration.String and checked against
     *    Go 1.19's output (GoDurationTest's tables; GoComparisonTest runs Go for String). One
     *    class for what parts A (dumps), E (latencies) and F (go4j-test) each wrote once.
     * 2. format works on the magnitude as an unsigned long, so Long.MIN_VALUE prints
     *    (-2562047h47m16.854775808s) without a special case.
     * 3. parse follows Go's grammar, [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+ with "0" alone needing no
     *    unit: the whole part and the running total are unsigned and may reach 2^63 (the
     *    magnitude of the most negative duration, which Go parses); a fraction keeps as many
     *    digits as fit in 63 bits and is scaled with a double, as Go's is (needed to be exact to
     *    the nanosecond for fractions of hours), truncated toward zero. One deliberate
     *    difference: Go 1.19's total is a uint64 that can wrap past 2^64 unchecked
     *    ("9223372036854775808ns9223372036854775808ns" parses as 0 there); here it is an
     *    invalid duration.
     * 4. Error texts quote as Go's time.quote does (not strconv.Quote): '"' and '\' get a
     *    backslash, and every byte of a character below U+0020 or above U+007F is written \xNN.
     */

    private static final long MICRO = 1_000L;
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    /** 2^63 as an unsigned long: the largest magnitude a duration has. */
    private static final long TWO_63 = Long.MIN_VALUE;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoDuration() {}

    // ---------------------------------------------------------------------------------------
    // Duration.String

    /**
     * Returns {@code nanos} as Go's {@code time.Duration.String} prints it.
     *
     * @param nanos a duration in nanoseconds (negative ones get a leading minus)
     * @return e.g. {@code "3m15.25s"}
     */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder(24);
        if (nanos < 0) {
            b.append('-');
        }
        long u = nanos < 0 ? -nanos : nanos;   // the magnitude, unsigned (note 2)
        if (Long.compareUnsigned(u, SECOND) < 0) {
            if (u < MICRO) {
                return b.append(u).append("ns").toString();
            }
            long unit = u < MILLI ? MICRO : MILLI;
            appendFraction(b, u / unit, u % unit, unit == MICRO ? 3 : 6);
            return b.append(unit == MICRO ? "\u00b5s" : "ms").toString();
        }
        long seconds = Long.divideUnsigned(u, SECOND);
        long frac = Long.remainderUnsigned(u, SECOND);
        long hours = seconds / 3600;
        long minutes = seconds / 60 % 60;
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            b.append(minutes).append('m');
        }
        appendFraction(b, seconds % 60, frac, 9);
        return b.append('s').toString();
    }

    /**
     * Returns {@code d} as Go's {@code time.Duration.String} prints it, saturated to Go's range
     * (a {@code Duration} beyond about 292 years prints as Go's longest).
     *
     * @param d a duration
     * @return e.g. {@code "1m30s"}
     */
    public static String format(Duration d) {
        return format(saturatedNanos(d));
    }

    // ---------------------------------------------------------------------------------------
    // ParseDuration

    /**
     * Parses {@code s} as Go's {@code time.ParseDuration} does.
     *
     * @param s e.g. {@code "300ms"}, {@code "-1.5h"}, {@code "2h45m"}, {@code "0"}
     * @return the duration
     * @throws IllegalArgumentException with Go's message ({@code time: invalid duration "x"},
     *         {@code time: missing unit in duration "1"}, {@code time: unknown unit "d" in
     *         duration "1d"}) if {@code s} is not a duration
     */
    public static Duration parse(String s) {
        return Duration.ofNanos(parseNanos(s));
    }

    /**
     * Parses {@code s} as Go's {@code time.ParseDuration} does, to nanoseconds.
     *
     * @param s e.g. {@code "300ms"}
     * @return the nanoseconds
     * @throws IllegalArgumentException with Go's message if {@code s} is not a duration
     */
    public static long parseNanos(String s) {
        String orig = s;
        int i = 0;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        if (s.length() - i == 1 && s.charAt(i) == '0') {
            return 0;
        }
        if (i == s.length()) {
            throw invalid(orig);
        }
        long total = 0;   // unsigned, at most 2^63
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '.' && !isDigit(c)) {
                throw invalid(orig);
            }
            // the whole part: unsigned, at most 2^63
            int start = i;
            long whole = 0;
            for (; i < s.length() && isDigit(s.charAt(i)); i++) {
                if (Long.compareUnsigned(whole, Long.divideUnsigned(TWO_63, 10)) > 0) {
                    throw invalid(orig);
                }
                whole = whole * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(whole, TWO_63) > 0) {
                    throw invalid(orig);
                }
            }
            boolean pre = i > start;
            // the fraction: the digits that fit, and 10^their count
            long frac = 0;
            double scale = 1;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                int fracStart = ++i;
                boolean full = false;
                for (; i < s.length() && isDigit(s.charAt(i)); i++) {
                    if (full) {
                        continue;
                    }
                    if (Long.compareUnsigned(frac, Long.MAX_VALUE / 10) > 0) {
                        full = true;
                        continue;
                    }
                    long y = frac * 10 + (s.charAt(i) - '0');
                    if (Long.compareUnsigned(y, TWO_63) > 0) {
                        full = true;
                        continue;
                    }
                    frac = y;
                    scale *= 10;
                }
                post = i > fracStart;
            }
            if (!pre && !post) {
                throw invalid(orig);   // no digits: ".s", "-.s"
            }
            // the unit: everything up to the next '.' or digit
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
            }
            String unitText = s.substring(unitStart, i);
            long unit = unitNanos(unitText);
            if (unit == 0) {
                throw new IllegalArgumentException("time: unknown unit " + quote(unitText) + " in duration "
                        + quote(orig));
            }
            if (Long.compareUnsigned(whole, Long.divideUnsigned(TWO_63, unit)) > 0) {
                throw invalid(orig);
            }
            long v = whole * unit;
            if (frac != 0) {
                v += (long) (unsignedToDouble(frac) * ((double) unit / scale));
                if (Long.compareUnsigned(v, TWO_63) > 0) {
                    throw invalid(orig);
                }
            }
            long sum = total + v;
            if (Long.compareUnsigned(sum, total) < 0 || Long.compareUnsigned(sum, TWO_63) > 0) {
                throw invalid(orig);   // past 2^63 (note 3: Go 1.19 lets 2^64 wrap)
            }
            total = sum;
        }
        if (neg) {
            return -total;   // 2^63 negated is Long.MIN_VALUE, Go's most negative duration
        }
        if (total < 0) {
            throw invalid(orig);   // 2^63 itself is one past Go's longest duration
        }
        return total;
    }

    /**
     * Quotes {@code s} as Go's {@code time} package quotes the text of its errors.
     *
     * @param s any text
     * @return {@code s} between double quotes, escaped (note 4)
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (cp < ' ' || cp >= 0x80) {
                String one = Character.isSurrogate(s.charAt(i)) && n == 1 ? "\ufffd" : s.substring(i, i + n);
                for (byte x : one.getBytes(StandardCharsets.UTF_8)) {
                    b.append("\\x").append(HEX[(x >> 4) & 0xf]).append(HEX[x & 0xf]);
                }
            } else {
                if (cp == '"' || cp == '\\') {
                    b.append('\\');
                }
                b.append((char) cp);
            }
            i += n;
        }
        return b.append('"').toString();
    }

    // ---------------------------------------------------------------------------------------
    // Helpers

    /** Appends {@code whole[.frac]} with {@code digits} fractional digits, trailing zeros dropped. */
    private static void appendFraction(StringBuilder b, long whole, long frac, int digits) {
        b.append(whole);
        if (frac == 0) {
            return;
        }
        char[] d = new char[digits];
        for (int i = digits - 1; i >= 0; i--) {
            d[i] = (char) ('0' + frac % 10);
            frac /= 10;
        }
        int end = digits;
        while (d[end - 1] == '0') {
            end--;
        }
        b.append('.').append(d, 0, end);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> MICRO;   // the micro sign and the Greek mu
            case "ms" -> MILLI;
            case "s" -> SECOND;
            case "m" -> MINUTE;
            case "h" -> HOUR;
            default -> 0;
        };
    }

    private static double unsignedToDouble(long u) {
        return u >= 0 ? (double) u : ((double) (u >>> 1)) * 2.0;   // only 2^63 itself is negative here
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("time: invalid duration " + quote(s));
    }
}
