package io.go4j.race.internal.rt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Slots hands out the vector-clock components ("slots") that threads own while they run, and
 * takes them back when they end, so that a run with 100,000 short-lived goroutines needs as many
 * slots as goroutines live at once, not 100,000.
 *
 * <p>Invariants: a slot has at most one attached owner. A slot's clock only grows, across owners:
 * a new owner starts one above the last owner's final clock, and inherits that owner's whole
 * final vector clock.
 */
final class Slots {
    /*
     * Implementation notes.
     *
     * Why reuse needs care (TSan v3 reuses its slots too). Shadow words hold epochs c@s and keep
     * them after the thread that wrote them ends. Two ways a reused slot could lie:
     * 1. A thread that learned "s is at 10" from the old owner would think a new owner's access at
     *    3@s happened before it: a missed race. So the new owner starts above the old clock, and a
     *    slot's clock is monotonic for the whole run.
     * 2. A thread that synchronises with the new owner learns some c' >= the old owner's epochs at
     *    s, and would take every old access at s as ordered before it, though it may never have
     *    synchronised with the old owner. We make that true instead of false: the new owner
     *    inherits the old owner's final vector clock, as if the old owner's end happened-before the
     *    new owner's start. That edge is invented, so it can only hide races (between the old owner
     *    and what comes after the new one), never invent one: precision is kept, recall pays. So
     *    a freed slot waits in quarantine: it is reused only once QUARANTINE other slots are free
     *    (FIFO), when the old owner's accesses are most likely overwritten or ordered by real edges;
     *    until then a new slot is made. A run never has more than (threads alive at once +
     *    QUARANTINE) slots, and a program with fewer threads than that never reuses one. (Without
     *    the quarantine, two goroutines started one after the other, the first ended before the
     *    second started, shared a slot and their race went unreported: the corpus program
     *    GoroutinesInSequence.)
     * Threads whose end no one reports (platform threads started outside go4j, pool workers) are
     * swept: when no slot is free, unmanaged states whose thread has died give theirs back.
     */

    /**
     * Free slots kept before the oldest is reused (TSan v3 has 256 slots in all); empirical: the
     * cost is clocks this much longer, revisit with the overhead table.
     */
    static final int QUARANTINE = 256;

    /** Allocations between sweeps for dead unmanaged threads; empirical, revisit with the corpus. */
    private static final int SWEEP_EVERY = 64;

    private record Free(int slot, int[] lastClock) {}

    private static final ArrayDeque<Free> FREE = new ArrayDeque<>();   // guarded by Slots.class
    private static final List<ThreadState> UNMANAGED = new ArrayList<>(); // guarded by Slots.class
    private static int created;       // slots ever made; guarded by Slots.class
    private static int inUse;         // attached owners; guarded by Slots.class
    private static int sinceSweep;    // guarded by Slots.class

    private Slots() {}

    /**
     * Attaches {@code t} to a slot, with {@code base} (its creator's clock, or its own last one)
     * as its starting knowledge.
     */
    static synchronized void attach(ThreadState t, int[] base) {
        if (FREE.size() <= QUARANTINE && !UNMANAGED.isEmpty() && ++sinceSweep >= SWEEP_EVERY) {
            sinceSweep = 0;
            sweep();
        }
        Free f = FREE.size() > QUARANTINE ? FREE.poll() : null;
        int[] vc;
        int s;
        if (f != null) {
            s = f.slot;
            vc = join(base, f.lastClock);
            vc[s] = f.lastClock[s] + 1;
        } else {
            s = created++;
            vc = Arrays.copyOf(base, Math.max(base.length, s + 1));
            vc[s] = Math.max(vc[s], 0) + 1;
        }
        t.vc = vc;
        t.slot = s;
        inUse++;
        if (!t.managed) {
            UNMANAGED.add(t);
        }
    }

    /** Detaches {@code t} from its slot, which becomes free; its clock stays readable. */
    static synchronized void detach(ThreadState t) {
        if (t.slot < 0) {
            return;
        }
        FREE.add(new Free(t.slot, t.vc.clone()));
        t.slot = -1;
        inUse--;
        if (!t.managed) {
            UNMANAGED.remove(t);
        }
    }

    /** Returns how many slots are attached now. */
    static synchronized int inUse() {
        return inUse;
    }

    /** Returns how many slots were ever made: the length vector clocks grow to. */
    static synchronized int created() {
        return created;
    }

    /** Forgets every slot: for SlotsTest only, in a JVM where the agent is not running. */
    static synchronized void resetForTest() {
        FREE.clear();
        UNMANAGED.clear();
        created = 0;
        inUse = 0;
        sinceSweep = 0;
    }

    private static void sweep() {
        for (int i = UNMANAGED.size() - 1; i >= 0; i--) {
            ThreadState t = UNMANAGED.get(i);
            Thread th = t.thread.get();
            if (th == null || !th.isAlive()) {
                UNMANAGED.remove(i);
                t.finished = true;
                FREE.add(new Free(t.slot, t.vc.clone()));
                t.slot = -1;
                inUse--;
            }
        }
    }

    private static int[] join(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, Math.max(a.length, b.length));
        for (int i = 0; i < b.length; i++) {
            r[i] = Math.max(r[i], b[i]);
        }
        return r;
    }
}
