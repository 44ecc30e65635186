package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import racecorpus.ManyGoroutines;

/**
 * Many short-lived goroutines (100,000; 10,000 in CI's short mode), at most
 * {@link ManyGoroutines#WAVE} alive at once: the detector never makes more than its fixed number
 * of vector-clock slots, and reports nothing.
 */
class SlotReuseTest {
    private static final boolean SHORT = "true".equals(System.getProperty("go4j.ci"));

    @Test
    void slotsOfEndedGoroutinesAreReusedSoClocksStayBounded() throws Exception {
        int n = SHORT ? 10_000 : 100_000;
        Child.Result r = Child.run(ManyGoroutines.class, List.of(), Integer.toString(n));
        assertEquals(0, r.races(), r.stderr());
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("counter=" + n), r.stdout());
        int created = Integer.parseInt(r.stdout().replaceAll("(?s).*slotsCreated=(\\d+).*", "$1"));
        int slotCount = Integer.parseInt(r.stdout().replaceAll("(?s).*slotCount=(\\d+).*", "$1"));
        assertTrue(created <= slotCount, "slots made: " + created);
        assertTrue(n > 10 * slotCount, "the test proves nothing with so few goroutines");
    }
}
