package io.go4j.race.internal.rt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A synchronisation point's clock (SyncVar), in process: whether it shares its releaser's clock
 * or has its own array, an acquire learns exactly what the releases taught it.
 */
class SyncVarTest {
    private ThreadState a;
    private ThreadState b;
    private ThreadState c;

    @BeforeEach
    void threads() {
        Slots.resetForTest();
        a = attached();
        b = attached();
        c = attached();
    }

    private static ThreadState attached() {
        ThreadState t = new ThreadState(null, false, Reporter.Creation.NONE, true);
        Slots.attach(t, new int[0]);
        return t;
    }

    /** Release as the detector does: the releaser's clock ticks after it. */
    private static void release(SyncVar v, ThreadState t) {
        v.release(t);
        t.tick();
    }

    private static void releaseMerge(SyncVar v, ThreadState t) {
        v.releaseMerge(t);
        t.tick();
    }

    private static boolean knows(ThreadState t, ThreadState of, int clock) {
        return t.knows(clock, of.slot);
    }

    @Test
    void pointsReleasedOneAfterAnotherByAThreadShareOneCopyOfItsClock() {
        SyncVar[] points = new SyncVar[1000];
        int before = a.vc[a.slot];
        for (int i = 0; i < points.length; i++) {
            points[i] = new SyncVar();
            release(points[i], a);
        }
        int[] shared = a.shared();
        for (int i = 0; i < points.length; i++) {
            ThreadState t = attached();
            points[i].acquireInto(t);
            assertTrue(knows(t, a, before + i), "point " + i + " taught its release");
            assertFalse(knows(t, a, before + i + 1), "point " + i + " taught a later release");
            Slots.detach(t);   // its slot is free for the next (a's stays a's)
        }
        assertSame(shared, a.shared(), "releases alone do not copy the clock again");
    }

    @Test
    void anAcquireThatTeachesTheReleaserSomethingGivesItsNextReleaseANewCopy() {
        SyncVar first = new SyncVar();
        release(first, a);
        int[] old = a.shared();
        SyncVar fromB = new SyncVar();
        int bClock = b.vc[b.slot];
        release(fromB, b);
        fromB.acquireInto(a);
        assertFalse(a.hasShared(), "a learned b's clock: its copy is stale");
        SyncVar second = new SyncVar();
        release(second, a);
        assertNotSame(old, a.shared());
        second.acquireInto(c);
        assertTrue(knows(c, b, bClock), "what a learned before releasing passes on");
        ThreadState d = attached();
        first.acquireInto(d);
        assertFalse(knows(d, b, bClock), "the first point was released before a learned it");
    }

    @Test
    void aSecondReleaserMergesIntoAnArrayOfThePointsOwnNeverIntoTheSharedOne() {
        SyncVar v = new SyncVar();
        int aClock = a.vc[a.slot];
        releaseMerge(v, a);
        int[] aShared = a.shared();
        int[] copy = aShared.clone();
        int bClock = b.vc[b.slot];
        releaseMerge(v, b);
        assertArrayEquals(copy, aShared, "b's merge wrote into a's shared clock");
        v.acquireInto(c);
        assertTrue(knows(c, a, aClock) && knows(c, b, bClock), "the point holds both releases");
    }

    @Test
    void theSameReleaserMergingAgainRaisesOnlyItsOwnComponent() {
        SyncVar v = new SyncVar();
        releaseMerge(v, a);
        int[] shared = a.shared();
        int aClock = a.vc[a.slot];
        releaseMerge(v, a);
        assertSame(shared, a.shared());
        v.acquireInto(c);
        assertTrue(knows(c, a, aClock), "the later release is known");
        assertFalse(knows(c, a, aClock + 1));
    }

    @Test
    void aPointThatSharesAndIsReleasedByAThreadWithoutACopyTakesAnArrayOfItsOwn() {
        SyncVar v = new SyncVar();
        release(v, a);
        int[] aShared = a.shared();
        int[] copy = aShared.clone();
        SyncVar fromC = new SyncVar();
        release(fromC, c);
        fromC.acquireInto(b);   // b has no copy now: its clock changed
        assertFalse(b.hasShared());
        int bClock = b.vc[b.slot];
        release(v, b);
        assertFalse(b.hasShared(), "a lock hand-off copies into the point, it does not make b a copy");
        assertArrayEquals(copy, aShared);
        ThreadState d = attached();
        v.acquireInto(d);
        assertTrue(knows(d, b, bClock));
    }

    @Test
    void aValuePassingThroughASharedPointJoinsBothClocksWithoutWritingTheSharedOne() {
        SyncVar slot = new SyncVar();
        int aClock = a.vc[a.slot];
        release(slot, a);
        int[] aShared = a.shared();
        int[] copy = aShared.clone();
        int bClock = b.vc[b.slot];
        slot.passThrough(b);
        b.tick();
        assertArrayEquals(copy, aShared);
        assertTrue(knows(b, a, aClock), "the passer learned the point");
        slot.acquireInto(c);
        assertTrue(knows(c, a, aClock) && knows(c, b, bClock), "the point holds both");
        assertEquals(copy.length, aShared.length);
    }
}
