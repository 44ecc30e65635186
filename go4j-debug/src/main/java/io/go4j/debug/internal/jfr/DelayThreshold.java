package io.go4j.debug.internal.jfr;

import java.util.Locale;
import java.util.Set;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingControl;
import jdk.jfr.Timespan;

/**
 * DelayThreshold is a JFR setting for go4j's events whose interesting length is a field, not the
 * event's own duration: a mutex hand-over's delay (charged to the unlocker, which does not wait
 * itself) and a scheduling latency. An event is committed only when that field reaches the
 * threshold; like JFR's {@code threshold}, it is written {@code "20 ms"}, {@code "0 ns"},
 * {@code "1 s"} (units {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h},
 * {@code d}), or {@code "infinity"}, and when recordings ask for different values the lowest
 * wins.
 */
@Name("go4j.DelayThreshold")
@Label("Delay Threshold")
@Description("Record only events whose delay is at least this long")
@Timespan
public final class DelayThreshold extends SettingControl {
    /** The default, as JFR's default for {@code jdk.ThreadPark} and {@code jdk.JavaMonitorEnter}. */
    static final String DEFAULT = "20 ms";

    private volatile String text = DEFAULT;            // written by JFR's settings thread
    private volatile long nanos = parse(DEFAULT);      // written with text, read by event threads

    /** Creates the setting at its default (JFR instantiates one per event type). */
    public DelayThreshold() {}

    /**
     * Returns the lowest of the thresholds several recordings ask for. Values that are not
     * timespans are left out; if no value is one, the first is returned, for
     * {@link #setValue} to reject (JFR logs its message as a warning).
     *
     * @param values the requested values
     * @return the lowest, or the default if there is none
     */
    @Override
    public String combine(Set<String> values) {
        String best = null;
        long bestNanos = Long.MAX_VALUE;
        for (String v : values) {
            long n;
            try {
                n = parse(v);
            } catch (IllegalArgumentException invalid) {
                continue;   // reported by setValue if no valid value remains
            }
            if (best == null || n < bestNanos) {
                best = v;
                bestNanos = n;
            }
        }
        if (best == null) {
            return values.isEmpty() ? DEFAULT : values.iterator().next();
        }
        return best;
    }

    /**
     * Sets the threshold.
     *
     * @param value e.g. {@code "20 ms"}
     * @throws IllegalArgumentException if {@code value} is not a duration JFR would accept
     */
    @Override
    public void setValue(String value) {
        long n = parse(value);
        nanos = n;
        text = value;
    }

    /**
     * Returns the threshold as it was set.
     *
     * @return e.g. {@code "20 ms"}
     */
    @Override
    public String getValue() {
        return text;
    }

    /**
     * Returns whether a delay of {@code delayNanos} reaches the threshold.
     *
     * @param delayNanos the event's delay
     * @return true if the event is to be committed
     */
    boolean reached(long delayNanos) {
        return delayNanos >= nanos;
    }

    /** Parses JFR's timespan text into nanoseconds. */
    static long parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("go4j.DelayThreshold: null value");
        }
        String s = value.trim().toLowerCase(Locale.ROOT);
        if (s.equals("infinity")) {
            return Long.MAX_VALUE;
        }
        int unitAt = 0;
        while (unitAt < s.length() && (Character.isDigit(s.charAt(unitAt)))) {
            unitAt++;
        }
        String digits = s.substring(0, unitAt);
        String unit = s.substring(unitAt).trim();
        if (digits.isEmpty()) {
            throw bad(value);
        }
        long amount;
        try {
            amount = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw bad(value);
        }
        long perUnit = switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            case "" -> amount == 0 ? 1L : -1L;   // a bare number is accepted only for zero
            default -> -1L;
        };
        if (perUnit < 0) {
            throw bad(value);
        }
        return amount > Long.MAX_VALUE / perUnit ? Long.MAX_VALUE : amount * perUnit;
    }

    private static IllegalArgumentException bad(String value) {
        return new IllegalArgumentException("go4j.DelayThreshold: invalid timespan \"" + value
                + "\" (want e.g. \"20 ms\", \"0 ns\", \"1 s\" or \"infinity\")");
    }
}
