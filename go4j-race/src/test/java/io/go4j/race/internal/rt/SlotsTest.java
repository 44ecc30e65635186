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
 * The slot and epoch scheme, in process (no agent): a slot is reused only after the quarantine,
 * and a reused slot can never make an access of its last owner look unordered to someone who saw
 * it, nor an access of its new owner look ordered to someone who saw only the old one.
 */
class SlotsTest {
    @BeforeEach
    void noSlots() {
        Slots.resetForTest();
    }

    private static ThreadState state() {
        return new ThreadState(null, false, List.of(), true);
    }

    @Test
    void aFreedSlotIsNotReusedUntilTheQuarantineIsFull() {
        ThreadState first = state();
        Slots.attach(first, new int[0]);
        int slot = first.slot;
        Slots.detach(first);
        List<ThreadState> others = new ArrayList<>();
        for (int i = 0; i < Slots.QUARANTINE; i++) {
            ThreadState t = state();
            Slots.attach(t, new int[0]);
            assertNotEquals(slot, t.slot, "reused after " + i + " others");
            others.add(t);
        }
        others.forEach(Slots::detach);   // now QUARANTINE + 1 are free: the oldest, `slot`, goes first
        ThreadState next = state();
        Slots.attach(next, new int[0]);
        assertEquals(slot, next.slot);
        Slots.detach(next);
    }

    @Test
    void aReusedSlotContinuesAboveItsLastOwnersClockAndInheritsItsKnowledge() {
        // fill the quarantine so that the next free slot is reused at once
        List<ThreadState> filler = new ArrayList<>();
        for (int i = 0; i <= Slots.QUARANTINE; i++) {
            ThreadState t = state();
            Slots.attach(t, new int[0]);
            filler.add(t);
        }
        ThreadState old = filler.get(0);
        old.tick();
        old.tick();
        long oldAccess = old.epoch();
        ThreadState witness = state();   // learned old's clock up to oldAccess (a join, say)
        Slots.attach(witness, old.vc);
        filler.forEach(Slots::detach);

        ThreadState reuser = state();
        Slots.attach(reuser, new int[0]);
        assertEquals(Epochs.slot(oldAccess), reuser.slot);
        // 1. the new owner's accesses are above anything the witness saw of the old owner
        assertTrue(Epochs.clock(reuser.epoch()) > Epochs.clock(oldAccess));
        assertFalse(witness.knows(reuser.epoch()), "a new owner's access looks ordered to a witness of the old one");
        // 2. the new owner inherits the old owner's clock: the old owner's accesses are ordered before it
        assertTrue(reuser.knows(oldAccess));
        Slots.detach(reuser);
        Slots.detach(witness);
    }
}
