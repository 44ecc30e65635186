package io.go4j.internal.runtime;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Durations: every Duration is a valid wait, saturated at about 146 years, never an exception. */
class DurationsTest {

    @Test
    @DisplayName("a duration within range converts exactly, negative ones included")
    void exactWithinRange() {
        assertEquals(0, Durations.saturatedNanos(Duration.ZERO));
        assertEquals(1, Durations.saturatedNanos(Duration.ofNanos(1)));
        assertEquals(-1_500_000_000L, Durations.saturatedNanos(Duration.ofMillis(-1500)));
        assertEquals(Durations.MAX_NANOS - 1, Durations.saturatedNanos(Duration.ofNanos(Durations.MAX_NANOS - 1)));
        assertEquals(Durations.MAX_NANOS, Durations.saturatedNanos(Duration.ofNanos(Durations.MAX_NANOS)));
        assertEquals(-Durations.MAX_NANOS, Durations.saturatedNanos(Duration.ofNanos(-Durations.MAX_NANOS)));
    }

    @Test
    @DisplayName("a duration beyond range saturates with its sign, where toNanos would throw")
    void saturatesBeyondRange() {
        assertEquals(Durations.MAX_NANOS, Durations.saturatedNanos(Duration.ofNanos(Long.MAX_VALUE)));
        assertEquals(Durations.MAX_NANOS, Durations.saturatedNanos(Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(Durations.MAX_NANOS, Durations.saturatedNanos(ChronoUnit.FOREVER.getDuration()));
        assertEquals(-Durations.MAX_NANOS, Durations.saturatedNanos(Duration.ofNanos(Long.MIN_VALUE)));
        assertEquals(-Durations.MAX_NANOS, Durations.saturatedNanos(Duration.ofSeconds(Long.MIN_VALUE)));
    }

    @Test
    @DisplayName("deadlineAfter is now for a non-positive duration, and the longest deadlines still compare by subtraction")
    void deadlinesCompareWithoutOverflow() {
        long before = System.nanoTime();
        long now = Durations.deadlineAfter(Duration.ofSeconds(Long.MIN_VALUE));
        long soon = Durations.deadlineAfter(Duration.ofMillis(1));
        long forever = Durations.deadlineAfter(Duration.ofSeconds(Long.MAX_VALUE));
        assertTrue(now - before >= 0 && now - System.nanoTime() <= 0, "a negative duration means now");
        assertTrue(soon - now > 0, "1 ms is after now");
        assertTrue(forever - soon > 0, "the longest deadline is after every other, by subtraction");
        assertTrue(forever - now >= Durations.MAX_NANOS, "and about 146 years away");
    }
}
