package io.go4j.test.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Durations read and written as Go's time package does (the cases of Go's ParseDuration and String docs). */
class GoDurationsTest {

    @ParameterizedTest(name = "\"{0}\" is {1} ns")
    @CsvSource({
            "0, 0", "5s, 5000000000", "30s, 30000000000", "1478s, 1478000000000", "-5s, -5000000000",
            "+5s, 5000000000", "-0, 0", "+0, 0", "5.0s, 5000000000", "5.6s, 5600000000", "5.s, 5000000000",
            ".5s, 500000000", "1.0s, 1000000000", "1.00s, 1000000000", "1.004s, 1004000000",
            "100.00100s, 100001000000", "10ns, 10", "11us, 11000", "12µs, 12000", "12μs, 12000", "13ms, 13000000",
            "14s, 14000000000", "15m, 900000000000", "16h, 57600000000000", "3h30m, 12600000000000",
            "10.5s4m, 250500000000", "-2m3.4s, -123400000000", "1h2m3s4ms5us6ns, 3723004005006",
            "39h9m14.425s, 140954425000000", "52763797000ns, 52763797000", "0.3333333333333333333h, 1200000000000"})
    @DisplayName("Go's durations parse to their nanoseconds")
    void parses(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), GoDurations.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
            "''|time: invalid duration \"\"", "3|time: missing unit in duration \"3\"",
            "-|time: invalid duration \"-\"", "s|time: invalid duration \"s\"", ".|time: invalid duration \".\"",
            "-.|time: invalid duration \"-.\"", ".s|time: invalid duration \".s\"", "+.s|time: invalid duration \"+.s\"",
            "3000000h|time: invalid duration \"3000000h\"", "1d|time: unknown unit \"d\" in duration \"1d\"",
            "5 seconds|time: unknown unit \" seconds\" in duration \"5 seconds\""})
    @DisplayName("what is not a duration is refused with Go's message")
    void refuses(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> GoDurations.parse(text)).getMessage());
    }

    @ParameterizedTest(name = "{1} ns is \"{0}\"")
    @CsvSource({
            "0s, 0", "1ns, 1", "1.1µs, 1100", "2.2ms, 2200000", "3.3s, 3300000000", "4m5s, 245000000000",
            "4m5.001s, 245001000000", "5h6m7.001s, 18367001000000", "8m0.000000001s, 480000000001",
            "-1ns, -1", "500ms, 500000000", "1m0s, 60000000000", "2h0m0s, 7200000000000",
            "2562047h47m16.854775807s, 9223372036854775807", "-2562047h47m16.854775808s, -9223372036854775808"})
    @DisplayName("durations are written as Go writes them, and read back to the same value")
    void formats(String text, long nanos) {
        assertEquals(text, GoDurations.format(Duration.ofNanos(nanos)));
        if (nanos != Long.MIN_VALUE) {   // Go 1.19 refuses to parse its most negative duration too
            assertEquals(Duration.ofNanos(nanos), GoDurations.parse(text));
        }
    }
}
