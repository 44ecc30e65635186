package io.go4j.debug.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.debug.internal.jfr.DelayThreshold;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("DelayThreshold: the JFR setting of go4j's delay and latency events")
class DelayThresholdTest {

    @Test
    @DisplayName("it starts at 20 ms, as JFR's defaults for parks and monitor waits")
    void defaultIs20ms() {
        assertEquals("20 ms", new DelayThreshold().getValue());
    }

    @Test
    @DisplayName("it accepts JFR's timespans and keeps their text")
    void acceptsTimespans() {
        DelayThreshold t = new DelayThreshold();
        for (String v : List.of("0 ns", "0", "15 us", "1 s", "2 m", "1 h", "1 d", "infinity", "10ms")) {
            t.setValue(v);
            assertEquals(v, t.getValue());
        }
    }

    @Test
    @DisplayName("several recordings get the lowest threshold")
    void combineTakesTheLowest() {
        DelayThreshold t = new DelayThreshold();
        assertEquals("5 ms", t.combine(new LinkedHashSet<>(List.of("20 ms", "5 ms", "1 s"))));
        assertEquals("0 ns", t.combine(new LinkedHashSet<>(List.of("infinity", "0 ns"))));
        assertEquals("1 ms", t.combine(new LinkedHashSet<>(List.of("bogus", "1 ms"))));
        assertEquals("20 ms", t.combine(Set.of()));
    }

    @Test
    @DisplayName("a value that is not a timespan is refused with a message naming it")
    void rejectsBadValues() {
        DelayThreshold t = new DelayThreshold();
        for (String bad : List.of("", "ms", "20", "-1 ms", "20 fortnights", "1.5 ms")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.setValue(bad));
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
        assertEquals("20 ms", t.getValue(), "a refused value must not change the setting");
    }
}
