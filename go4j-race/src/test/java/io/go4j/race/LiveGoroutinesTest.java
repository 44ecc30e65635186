package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import racecorpus.ManyLiveGoroutines;
import racecorpus.ManyLiveGoroutinesOrdered;

/**
 * 100,000 goroutines alive at once (5,000 in CI's short mode), far more than the detector's
 * slots: slots are preempted from parked goroutines, clocks stay bounded, and the detector still
 * finds the planted race and reports nothing on the race-free twin.
 */
class LiveGoroutinesTest {
    private static final boolean SHORT = "true".equals(System.getProperty("go4j.ci"));
    private static final int N = SHORT ? 5_000 : 100_000;
    private static final List<String> HEAP = List.of("-Xmx1g");

    @Test
    void aRaceAmongManyLiveGoroutinesIsFound() throws Exception {
        Child.Result r = Child.run(ManyLiveGoroutines.class, HEAP, Integer.toString(N));
        assertEquals(1, r.races(), r.stderr());
        assertEquals(66, r.exit(), r.stderr());
        for (String line : Child.markedLines(ManyLiveGoroutines.class)) {
            assertTrue(r.stderr().contains("      " + line + "\n"), line + " not in " + r.stderr());
        }
        assertSlotsBoundedAndPreempted(r);
    }

    @Test
    void manyLiveGoroutinesWithTheEdgeReportNothing() throws Exception {
        Child.Result r = Child.run(ManyLiveGoroutinesOrdered.class, HEAP, Integer.toString(N));
        assertEquals(0, r.races(), r.stderr());
        assertEquals(0, r.exit(), r.stderr());
        assertSlotsBoundedAndPreempted(r);
    }

    private static void assertSlotsBoundedAndPreempted(Child.Result r) {
        long total = (long) N * (N + 1) / 2;
        assertTrue(r.stdout().contains("total=" + total + " alive=" + N), r.stdout());
        int created = Integer.parseInt(r.stdout().replaceAll("(?s).*slotsCreated=(\\d+).*", "$1"));
        int slotCount = Integer.parseInt(r.stdout().replaceAll("(?s).*slotCount=(\\d+).*", "$1"));
        long preemptions = Long.parseLong(r.stdout().replaceAll("(?s).*preemptions=(\\d+).*", "$1"));
        assertTrue(created <= slotCount, "slots made: " + created);
        assertTrue(N > 10 * slotCount, "the test proves nothing with so few goroutines");
        assertTrue(preemptions >= N - slotCount, "preemptions: " + preemptions);
    }
}
