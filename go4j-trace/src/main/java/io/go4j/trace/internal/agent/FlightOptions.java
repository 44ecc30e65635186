package io.go4j.trace.internal.agent;

import io.go4j.debug.internal.GoDuration;
import io.go4j.trace.FlightRecorder;
import java.time.Duration;

/**
 * FlightOptions are the bounds of the flight recorder that go4j-trace's agent starts at launch,
 * read from the agent's argument or, when it is empty, from the system property
 * {@value FlightRecorder#LAUNCH_PROPERTY}:
 *
 * <pre>
 * argument = [ "flight" { "," option } ]          -javaagent:go4j-trace.jar=flight,age=5s,bytes=64m
 * property = [ option { "," option } ]            -Dgo4j.trace.flight=age=5s,bytes=64m
 * option   = "age=" DURATION | "bytes=" SIZE
 * DURATION = Go's time.ParseDuration: 5s, 1m30s, 500ms (positive)
 * SIZE     = DIGITS [ "k" | "m" | "g" | "t" | "B" | "KiB" | "MiB" | "GiB" | "TiB" ]   (positive)
 * </pre>
 *
 * An absent option is Go's default ({@link FlightRecorder#DEFAULT_MIN_AGE},
 * {@link FlightRecorder#DEFAULT_MAX_BYTES}). A size's suffix is the JVM's ({@code -Xmx64m}; either
 * case) or Go's ({@code GOMEMLIMIT=64MiB}), in powers of 1024. Nothing is trimmed or guessed:
 * spaces, an empty option, an option given twice, an unknown name, a fraction of a byte or a
 * decimal unit ({@code MB}) are errors whose message quotes the bad option and where it was given.
 *
 * @param age   how much of the recent past to keep at least
 * @param bytes how many bytes of events to keep at most
 */
public record FlightOptions(Duration age, long bytes) {
    /** The agent argument's one mode: a flight recorder. */
    public static final String FLIGHT = "flight";

    /** Go's defaults. */
    public static final FlightOptions DEFAULTS =
            new FlightOptions(FlightRecorder.DEFAULT_MIN_AGE, FlightRecorder.DEFAULT_MAX_BYTES);

    /**
     * Reads the options as the agent does: from its argument, else from the property, else Go's
     * defaults.
     *
     * @param argument the agent's argument ({@code flight[,...]}), null or empty if none was given
     * @param property the value of {@value FlightRecorder#LAUNCH_PROPERTY}, or null
     * @return the options
     * @throws IllegalArgumentException naming the bad option and its source
     */
    public static FlightOptions of(String argument, String property) {
        if (argument != null && !argument.isEmpty()) {
            String where = "the agent's argument \"" + argument + "\"";
            int comma = argument.indexOf(',');
            String mode = comma < 0 ? argument : argument.substring(0, comma);
            if (!mode.equals(FLIGHT)) {
                throw new IllegalArgumentException("go4j trace: unknown agent mode \"" + mode + "\" in " + where
                        + " (want " + FLIGHT + ", e.g. " + FLIGHT + ",age=5s,bytes=64m)");
            }
            return comma < 0 ? DEFAULTS : parse(argument.substring(comma + 1), where);
        }
        if (property != null && !property.isEmpty()) {
            return parse(property, "-D" + FlightRecorder.LAUNCH_PROPERTY + "=\"" + property + "\"");
        }
        return DEFAULTS;
    }

    /** Parses {@code age=...,bytes=...}; {@code where} says where they were given, for the messages. */
    private static FlightOptions parse(String options, String where) {
        Duration age = null;
        long bytes = 0;
        for (String option : options.split(",", -1)) {
            int eq = option.indexOf('=');
            String name = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? null : option.substring(eq + 1);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("go4j trace: empty flight recorder option"
                        + (option.isEmpty() ? "" : " name in \"" + option + "\"") + " in " + where);
            }
            switch (name) {
                case "age" -> {
                    if (age != null) {
                        throw twice(name, where);
                    }
                    age = duration(option, value, where);
                }
                case "bytes" -> {
                    if (bytes != 0) {
                        throw twice(name, where);
                    }
                    bytes = size(option, value, where);
                }
                default -> throw new IllegalArgumentException("go4j trace: unknown flight recorder option \"" + option
                        + "\" in " + where + " (want age=DURATION or bytes=SIZE, e.g. age=5s,bytes=64m)");
            }
        }
        return new FlightOptions(age != null ? age : DEFAULTS.age(), bytes != 0 ? bytes : DEFAULTS.bytes());
    }

    private static Duration duration(String option, String value, String where) {
        if (value == null) {
            throw bad(option, where, "want age=DURATION, e.g. age=5s");
        }
        Duration d;
        try {
            d = GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw bad(option, where, e.getMessage() + " (want Go's durations: 500ms, 5s, 1m30s)");
        }
        if (d.isNegative() || d.isZero()) {
            throw bad(option, where, "want a positive duration");
        }
        return d;
    }

    private static long size(String option, String value, String where) {
        if (value == null) {
            throw bad(option, where, "want bytes=SIZE, e.g. bytes=64m");
        }
        try {
            return parseSize(value);
        } catch (IllegalArgumentException e) {
            throw bad(option, where, e.getMessage());
        }
    }

    /**
     * Parses a byte size: decimal digits and an optional suffix, {@code k}, {@code m}, {@code g},
     * {@code t} (either case, as the JVM's {@code -Xmx}) or {@code B}, {@code KiB}, {@code MiB},
     * {@code GiB}, {@code TiB} (as Go's {@code GOMEMLIMIT}), all powers of 1024.
     *
     * @param s e.g. {@code "64m"}, {@code "64MiB"}, {@code "1048576"}
     * @return the bytes, positive
     * @throws IllegalArgumentException if {@code s} is not such a size, is zero or exceeds a long
     */
    public static long parseSize(String s) {
        int digits = 0;
        while (digits < s.length() && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0) {
            throw new IllegalArgumentException("not a size (want digits and a unit: 64m, 64MiB, 1048576)");
        }
        String unit = s.substring(digits);
        int shift = switch (unit) {
            case "", "B" -> 0;
            case "k", "K", "KiB" -> 10;
            case "m", "M", "MiB" -> 20;
            case "g", "G", "GiB" -> 30;
            case "t", "T", "TiB" -> 40;
            default -> throw new IllegalArgumentException("unknown unit \"" + unit
                    + "\" (want k, m, g, t as in -Xmx, or B, KiB, MiB, GiB, TiB as in GOMEMLIMIT)");
        };
        long n;
        try {
            n = Long.parseLong(s.substring(0, digits));
        } catch (NumberFormatException e) {
            throw tooLarge();
        }
        if (n == 0) {
            throw new IllegalArgumentException("want a positive size");
        }
        if (n > Long.MAX_VALUE >> shift) {
            throw tooLarge();
        }
        return n << shift;
    }

    private static IllegalArgumentException tooLarge() {
        return new IllegalArgumentException("size too large (at most " + Long.MAX_VALUE + " bytes)");
    }

    private static IllegalArgumentException bad(String option, String where, String why) {
        return new IllegalArgumentException("go4j trace: bad flight recorder option \"" + option + "\" in " + where
                + ": " + why);
    }

    private static IllegalArgumentException twice(String name, String where) {
        return new IllegalArgumentException("go4j trace: flight recorder option \"" + name + "\" given twice in "
                + where);
    }
}
