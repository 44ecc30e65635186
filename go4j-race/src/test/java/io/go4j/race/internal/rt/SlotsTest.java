package io.go4j.race.internal.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slot and epoch scheme, in process (no agent): at most {@link Slots#SLOTS} slots, a freed
 * slot reused only once every slot exists, a live owner preempted when none is free, and a reused
 * slot never making an access of its new owner look ordered to someone who saw only an old one.
 */
class SlotsTest {
    @BeforeEach
    void noSlots() {
        Slots.resetForTest();
    }

    private static ThreadState state() {
        return new ThreadState(null, false, Reporter.Creation.NONE, true);
    }

    private static List<ThreadState> attachAll(int n) {
        List<ThreadState> states = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ThreadState t = state();
            Slots.attach(t, new int[0]);
            states.add(t);
        }
        return states;
    }

    @Test
    void aFreedSlotIsNotReusedWhileANeverUsedOneRemains() {
        ThreadState first = state();
        Slots.attach(first, new int[0]);
        int slot = first.slot;
        Slots.detach(first);
        List<ThreadState> others = new ArrayList<>();
        for (int i = 1; i < Slots.SLOTS; i++) {
            ThreadState t = state();
            Slots.attach(t, new int[0]);
            assertNotEquals(slot, t.slot, "reused after " + i + " others");
            others.add(t);
        }
        ThreadState next = state();
        Slots.attach(next, new int[0]);
        assertEquals(slot, next.slot, "every slot exists: the freed one is reused");
        assertEquals(Slots.SLOTS, Slots.created());
    }

    @Test
    void aReusedSlotContinuesAboveEveryClockItHad() {
        List<ThreadState> all = attachAll(Slots.SLOTS);
        ThreadState old = all.get(0);
        old.tick();
        old.tick();
        Epoch oldAccess = epoch(old);
        ThreadState witness = all.get(1);   // learned old's clock up to oldAccess (a join, say)
        witness.join(old.vc);
        Slots.detach(old);

        ThreadState reuser = state();
        Slots.attach(reuser, new int[0]);
        assertEquals(oldAccess.slot(), reuser.slot);
        assertTrue(epoch(reuser).clock() > oldAccess.clock());
        assertFalse(knows(witness, epoch(reuser)), "a new owner's access looks ordered to a witness of the old one");
        assertFalse(knows(reuser, epoch(witness)), "the new owner inherited knowledge it never got");
    }

    @Test
    void whenEverySlotIsTakenALiveOwnerIsPreemptedAndTakesAnotherAtItsNextAttach() {
        List<ThreadState> all = attachAll(Slots.SLOTS);
        ThreadState victim = all.get(0);   // no thread: counts as parked, and is the least recently attached
        victim.tick();
        Epoch victimAccess = epoch(victim);
        ThreadState witness = all.get(1);
        witness.join(victim.vc);

        ThreadState newcomer = state();
        Slots.attach(newcomer, new int[0]);
        assertTrue(victim.preempted);
        assertEquals(victimAccess.slot(), newcomer.slot);
        assertFalse(knows(witness, epoch(newcomer)), "the new owner's access looks ordered to a witness of the victim");
        assertEquals(1, Slots.preemptions());

        Slots.attach(victim, victim.vc);   // its next event
        assertFalse(victim.preempted);
        assertNotEquals(newcomer.slot, victim.slot);
        assertTrue(knows(victim, victimAccess), "a thread forgot its own past access");
        assertTrue(knows(witness, victimAccess), "an ordered access became unordered");
    }

    @Test
    void vectorClocksNeverGrowBeyondTheSlotCountHoweverManyThreadsAreAlive() {
        int[] parent = new int[0];
        for (int i = 0; i < 4 * Slots.SLOTS; i++) {
            ThreadState t = state();
            Slots.attach(t, parent);
            t.tick();
            parent = t.vc;   // a chain of goroutine starts: each child knows all its ancestors
            assertTrue(t.vc.length <= Slots.SLOTS, "clock of " + t.vc.length + " components");
        }
        assertEquals(Slots.SLOTS, Slots.inUse());
        assertEquals(3L * Slots.SLOTS, Slots.preemptions());
    }

    /** FastTrack's epoch of a thread's next access: its own clock at its slot. */
    private record Epoch(int clock, int slot) {}

    private static Epoch epoch(ThreadState t) {
        return new Epoch(t.vc[t.slot], t.slot);
    }

    private static boolean knows(ThreadState t, Epoch e) {
        return t.knows(e.clock(), e.slot());
    }
}
