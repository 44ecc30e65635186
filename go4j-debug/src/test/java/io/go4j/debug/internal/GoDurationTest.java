package io.go4j.debug.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Durations read and written as Go's time package does: the cases of Go's documentation of
 * ParseDuration and Duration.String, and edge cases whose expected values are Go 1.19's output
 * for the same input (overflow at 2^63, fractions past 19 digits, the micro signs, the quoting
 * of error texts). {@code GoComparisonTest} also runs Go for Duration.String.
 */
@DisplayName("Go durations (time.ParseDuration and Duration.String)")
class GoDurationTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                // Go's documented forms
                Arguments.of("0", 0L), Arguments.of("5s", 5_000_000_000L), Arguments.of("30s", 30_000_000_000L),
                Arguments.of("1478s", 1_478_000_000_000L), Arguments.of("-5s", -5_000_000_000L),
                Arguments.of("+5s", 5_000_000_000L), Arguments.of("-0", 0L), Arguments.of("+0", 0L),
                Arguments.of("5.0s", 5_000_000_000L), Arguments.of("5.6s", 5_600_000_000L),
                Arguments.of("5.s", 5_000_000_000L), Arguments.of(".5s", 500_000_000L),
                Arguments.of("1.0s", 1_000_000_000L), Arguments.of("1.00s", 1_000_000_000L),
                Arguments.of("1.004s", 1_004_000_000L), Arguments.of("100.00100s", 100_001_000_000L),
                Arguments.of("10ns", 10L), Arguments.of("11us", 11_000L), Arguments.of("12\u00b5s", 12_000L),
                Arguments.of("12\u03bcs", 12_000L), Arguments.of("13ms", 13_000_000L),
                Arguments.of("14s", 14_000_000_000L), Arguments.of("15m", 900_000_000_000L),
                Arguments.of("16h", 57_600_000_000_000L), Arguments.of("3h30m", 12_600_000_000_000L),
                Arguments.of("10.5s4m", 250_500_000_000L), Arguments.of("-2m3.4s", -123_400_000_000L),
                Arguments.of("1h2m3s4ms5us6ns", 3_723_004_005_006L), Arguments.of("39h9m14.425s", 140_954_425_000_000L),
                Arguments.of("52763797000ns", 52_763_797_000L), Arguments.of("00h", 0L),
                // fractions: exact to the nanosecond for hours, truncated, digits past 63 bits ignored
                Arguments.of("0.3333333333333333333h", 1_200_000_000_000L),
                Arguments.of("0.100000000000000000000h", 360_000_000_000L),
                Arguments.of("1.0000000000000000000000001s", 1_000_000_000L),
                Arguments.of("0.9223372036854775807s", 922_337_203L), Arguments.of("0.9223372036854775808s", 922_337_203L),
                Arguments.of(".0000000001s", 0L), Arguments.of("0.0000000009s", 0L),
                // the ends of the range
                Arguments.of("9223372036854775807ns", Long.MAX_VALUE), Arguments.of("-9223372036854775808ns", Long.MIN_VALUE),
                Arguments.of("9223372036854775.807us", Long.MAX_VALUE),
                Arguments.of("2562047h47m16.854775807s", Long.MAX_VALUE),
                Arguments.of("-2562047h47m16.854775808s", Long.MIN_VALUE));
    }

    @ParameterizedTest(name = "\"{0}\" is {1} ns")
    @MethodSource("valid")
    @DisplayName("Go's durations parse to their nanoseconds")
    void parses(String text, long nanos) {
        assertEquals(nanos, GoDuration.parseNanos(text));
        assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("", "time: invalid duration \"\""), Arguments.of("3", "time: missing unit in duration \"3\""),
                Arguments.of("-", "time: invalid duration \"-\""), Arguments.of("s", "time: invalid duration \"s\""),
                Arguments.of(".", "time: invalid duration \".\""), Arguments.of("-.", "time: invalid duration \"-.\""),
                Arguments.of(".s", "time: invalid duration \".s\""), Arguments.of("+.s", "time: invalid duration \"+.s\""),
                Arguments.of("--5s", "time: invalid duration \"--5s\""), Arguments.of("+-5s", "time: invalid duration \"+-5s\""),
                Arguments.of("1d", "time: unknown unit \"d\" in duration \"1d\""),
                Arguments.of("5 seconds", "time: unknown unit \" seconds\" in duration \"5 seconds\""),
                Arguments.of("5s-3s", "time: unknown unit \"s-\" in duration \"5s-3s\""),
                Arguments.of("1h 2m", "time: unknown unit \"h \" in duration \"1h 2m\""),
                Arguments.of("1e3s", "time: unknown unit \"e\" in duration \"1e3s\""),
                Arguments.of("0x1s", "time: unknown unit \"x\" in duration \"0x1s\""),
                Arguments.of("1h1", "time: missing unit in duration \"1h1\""),
                Arguments.of("1.2.3s", "time: missing unit in duration \"1.2.3s\""),
                Arguments.of("1..5s", "time: missing unit in duration \"1..5s\""),
                // overflow past 2^63 (or 2^63 itself, unsigned)
                Arguments.of("3000000h", "time: invalid duration \"3000000h\""),
                Arguments.of("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""),
                Arguments.of("-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\""),
                Arguments.of("18446744073709551616ns", "time: invalid duration \"18446744073709551616ns\""),
                Arguments.of("9223372036854775.808us", "time: invalid duration \"9223372036854775.808us\""),
                Arguments.of("2562047h47m16.854775808s", "time: invalid duration \"2562047h47m16.854775808s\""),
                // Go 1.19 wraps this sum to 0 without an error; go4j refuses it (GoDuration's notes)
                Arguments.of("9223372036854775808ns9223372036854775808ns",
                        "time: invalid duration \"9223372036854775808ns9223372036854775808ns\""),
                // time's quoting: '"' and '\' escaped, each byte outside ' '..U+007F as \xNN
                Arguments.of("1\u00b5x", "time: unknown unit \"\\xc2\\xb5x\" in duration \"1\\xc2\\xb5x\""),
                Arguments.of("1\u0001s", "time: unknown unit \"\\x01s\" in duration \"1\\x01s\""),
                Arguments.of("1\"s", "time: unknown unit \"\\\"s\" in duration \"1\\\"s\""),
                Arguments.of("1\\s", "time: unknown unit \"\\\\s\" in duration \"1\\\\s\""),
                Arguments.of("1\u00e9s", "time: unknown unit \"\\xc3\\xa9s\" in duration \"1\\xc3\\xa9s\""),
                Arguments.of("1\uD83D\uDE00s",
                        "time: unknown unit \"\\xf0\\x9f\\x98\\x80s\" in duration \"1\\xf0\\x9f\\x98\\x80s\""));
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @MethodSource("invalid")
    @DisplayName("what is not a duration is refused with Go's message")
    void refuses(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> GoDuration.parseNanos(text)).getMessage());
    }

    static Stream<Arguments> formatted() {
        return Stream.of(
                Arguments.of("0s", 0L), Arguments.of("1ns", 1L), Arguments.of("999ns", 999L),
                Arguments.of("1.1\u00b5s", 1_100L), Arguments.of("1.5\u00b5s", 1_500L), Arguments.of("2.2ms", 2_200_000L),
                Arguments.of("2.25ms", 2_250_000L), Arguments.of("500ms", 500_000_000L), Arguments.of("1s", 1_000_000_000L),
                Arguments.of("3.3s", 3_300_000_000L), Arguments.of("4m5s", 245_000_000_000L),
                Arguments.of("4m5.001s", 245_001_000_000L), Arguments.of("3m15.25s", 195_250_000_000L),
                Arguments.of("5h6m7.001s", 18_367_001_000_000L), Arguments.of("8m0.000000001s", 480_000_000_001L),
                Arguments.of("1m0s", 60_000_000_000L), Arguments.of("1h0m0s", 3_600_000_000_000L),
                Arguments.of("2h0m0s", 7_200_000_000_000L), Arguments.of("1h15m30.918273645s", 4_530_918_273_645L),
                Arguments.of("-1ns", -1L), Arguments.of("-1.5s", -1_500_000_000L),
                Arguments.of("2562047h47m16.854775807s", Long.MAX_VALUE),
                Arguments.of("-2562047h47m16.854775808s", Long.MIN_VALUE));
    }

    @ParameterizedTest(name = "{1} ns is \"{0}\"")
    @MethodSource("formatted")
    @DisplayName("durations are written as Go writes them, and read back to the same value")
    void formats(String text, long nanos) {
        assertEquals(text, GoDuration.format(nanos));
        assertEquals(text, GoDuration.format(Duration.ofNanos(nanos)));
        assertEquals(nanos, GoDuration.parseNanos(text));
    }

    @Test
    @DisplayName("every long is read back from its text (seeded random values over all magnitudes)")
    void roundTrip() {
        SplittableRandom r = new SplittableRandom(20_260_101);
        for (int i = 0; i < 20_000; i++) {
            long n = r.nextLong() >> r.nextInt(64);   // all magnitudes, both signs
            assertEquals(n, GoDuration.parseNanos(GoDuration.format(n)), () -> GoDuration.format(n));
        }
    }

    @Test
    @DisplayName("a Java Duration beyond Go's range is written as Go's longest")
    void saturates() {
        assertEquals("2562047h47m16.854775807s", GoDuration.format(Duration.ofDays(365L * 1000)));
        assertEquals("-2562047h47m16.854775808s", GoDuration.format(Duration.ofDays(-365L * 1000)));
    }
}
