package io.go4j.test.internal;

import java.time.Duration;

/**
 * GoDurations reads and writes durations as Go's {@code time} package does
 * ({@code time.ParseDuration}, {@code Duration.String}): {@code "500ms"}, {@code "1.5s"},
 * {@code "2m30s"}. go4j-test's settings (annotation attributes, JUnit configuration parameters)
 * and its messages use this form, so that a Go programmer reads them as Go's.
 *
 * <p>Invariants: {@code parse(format(d)).equals(d)} for every {@code d} that fits in Go's
 * {@code int64} nanoseconds; the error messages are Go's.
 */
public final class GoDurations {
    /*
     * Implementation notes.
     *
     * Written from Go's documentation of ParseDuration and Duration.String: a possibly signed
     * sequence of decimal numbers, each with an optional fraction and a unit (ns, us or µs, ms,
     * s, m, h); "0" alone needs no unit. Numbers are accumulated in nanoseconds with overflow
     * checks (Go's limit is about 290 years), fractions are truncated at the nanosecond, as Go
     * does.
     */

    private GoDurations() {}

    /**
     * Parses {@code s} as Go's {@code time.ParseDuration} does.
     *
     * @param s e.g. {@code "300ms"}, {@code "-1.5h"}, {@code "2h45m"}
     * @return the duration
     * @throws IllegalArgumentException with Go's message ({@code time: invalid duration "x"},
     *         {@code time: missing unit in duration "1"}, {@code time: unknown unit "d" in
     *         duration "1d"}) if {@code s} is not a duration
     */
    public static Duration parse(String s) {
        String orig = s;
        int i = 0;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw invalid(orig);
        }
        long total = 0;   // nanoseconds, never negative
        while (i < s.length()) {
            // the number: digits, then an optional fraction
            int start = i;
            long whole = 0;
            boolean overflow = false;
            while (i < s.length() && isDigit(s.charAt(i))) {
                if (whole > (Long.MAX_VALUE - 9) / 10) {
                    overflow = true;
                }
                whole = whole * 10 + (s.charAt(i) - '0');
                i++;
            }
            boolean hadWhole = i > start;
            long frac = 0;
            double scale = 1;   // 10^digits kept; a double, as Go's, since 19 digits pass 2^63
            boolean hadFrac = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    if (frac <= (Long.MAX_VALUE - 9) / 10) {   // further digits cannot change the result
                        frac = frac * 10 + (s.charAt(i) - '0');
                        scale *= 10;
                    }
                    i++;
                }
                hadFrac = i > fracStart;
            }
            if (!hadWhole && !hadFrac) {
                throw invalid(orig);
            }
            if (overflow) {
                throw invalid(orig);
            }
            // the unit
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
            }
            String unit = s.substring(unitStart, i);
            long perUnit = unitNanos(unit);
            if (perUnit == 0) {
                throw new IllegalArgumentException("time: unknown unit " + quote(unit) + " in duration " + quote(orig));
            }
            if (whole > Long.MAX_VALUE / perUnit) {
                throw invalid(orig);
            }
            long v = whole * perUnit;
            if (frac > 0) {
                v += (long) (frac * (perUnit / scale));
                if (v < 0) {
                    throw invalid(orig);
                }
            }
            total += v;
            if (total < 0) {
                throw invalid(orig);
            }
        }
        return Duration.ofNanos(neg ? -total : total);
    }

    /**
     * Formats {@code d} as Go's {@code Duration.String}: {@code "0s"}, {@code "1.5µs"},
     * {@code "500ms"}, {@code "1m30s"}, {@code "2h0m0s"}.
     *
     * @param d the duration (saturated to Go's range)
     * @return Go's text
     */
    public static String format(Duration d) {
        long nanos = saturatedNanos(d);
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (nanos < 0) {
            sb.append('-');
        }
        // the magnitude, unsigned: Long.MIN_VALUE's magnitude still reads right as unsigned
        long u = nanos < 0 ? -nanos : nanos;
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            if (u < 1_000L) {
                return sb.append(u).append("ns").toString();
            } else if (u < 1_000_000L) {
                return appendFraction(sb, u, 1_000L).append("µs").toString();
            } else {
                return appendFraction(sb, u, 1_000_000L).append("ms").toString();
            }
        }
        long hours = Long.divideUnsigned(u, 3_600_000_000_000L);
        long rest = Long.remainderUnsigned(u, 3_600_000_000_000L);
        long minutes = rest / 60_000_000_000L;
        rest %= 60_000_000_000L;
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        return appendFraction(sb, rest, 1_000_000_000L).append('s').toString();
    }

    /** Appends {@code v / unit} with its fraction, trailing zeros dropped. */
    private static StringBuilder appendFraction(StringBuilder sb, long v, long unit) {
        sb.append(v / unit);
        long frac = v % unit;
        if (frac != 0) {
            String digits = Long.toString(unit + frac).substring(1);   // zero-padded to the unit's width
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(digits, 0, end);
        }
        return sb;
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
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;   // "µs" in either of Unicode's two mu
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 0;
        };
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("time: invalid duration " + quote(s));
    }

    /** Go's {@code %q} for the strings it can meet here: quotes and backslashes escaped. */
    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
