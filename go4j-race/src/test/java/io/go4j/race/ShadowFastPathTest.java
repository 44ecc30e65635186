package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lock-free same-epoch path (Rt's implementation note 2) under many threads on one field:
 * it loses no report and makes no false one. Bounded: 8 threads; 20,000 rounds (2,000 under CI).
 */
class ShadowFastPathTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = System.getenv("CI") != null ? 2_000 : 20_000;

    @Test
    void manyThreadsUnderALockBetweenSameEpochBurstsReportNothing() throws Exception {
        Child.Result r = Child.run(raceload.FastPathOrdered.class, List.of(), "" + THREADS, "" + ROUNDS);
        assertEquals(0, r.races(), r.stderr());
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(THREADS * ROUNDS + "\n", r.stdout());
    }

    @Test
    void manyThreadsWritingOneFieldWithoutAnEdgeAreReportedOnce() throws Exception {
        Child.Result r = Child.run(raceload.FastPathRacy.class, List.of(), "" + THREADS, "" + ROUNDS);
        assertEquals(1, r.races(), r.stderr());
        assertEquals(66, r.exit(), r.stderr());
        for (String line : Child.markedLines(raceload.FastPathRacy.class)) {
            assertTrue(r.stderr().contains("      " + line + "\n"), line + " not in " + r.stderr());
        }
    }

    @Test
    void anInstrumentedObjectAndAGo4jPrimitiveKeepTheirShadowInAField() throws Exception {
        Child.Result r = Child.run(raceload.ShadowPlaces.class, List.of());
        assertEquals("true:true true:true true:true\n", r.stdout(), r.stderr());
        assertEquals(0, r.exit(), r.stderr());
    }
}
