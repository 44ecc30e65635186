package io.go4j.race.internal.rt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Slots hands out the vector-clock components ("slots") that threads own while they run: a fixed
 * number ({@link #SLOTS}), as TSan v3 has, so that vector clocks are never longer than that however
 * many goroutines are alive. A thread that needs a slot takes a never-used one, else a freed one
 * (the least recently freed), else preempts one from a thread that holds one (preferably a
 * parked one); a preempted thread takes a slot again at its next event.
 *
 * <p>Invariants: a slot has at most one owner ({@code OWNER[s]}); a thread whose slot was
 * preempted may still use it until its next event (it has not seen the preemption yet), so two
 * threads can briefly share a slot (below: that can hide a race, never invent one). A slot's
 * clock only grows, across owners: a new owner starts one above the highest clock the slot had.
 * Non-invariant: an attached thread's {@code slot} is not necessarily still its own.
 */
final class Slots {
    /*
     * Implementation notes.
     *
     * 1. Bounded. At most SLOTS slots exist, so a vector clock has at most SLOTS components
     *    (1 KB) and a goroutine start, which copies its parent's clock, costs O(SLOTS) however many
     *    goroutines are alive: 100,000 live goroutines cost 100,000 clocks of at most 1 KB, not
     *    100,000 clocks of 100,000 components (the first milestone's dense clocks). A child gets its
     *    parent's clock at start but no slot: it attaches at its first event, so goroutines that
     *    never touch instrumented state or a go4j primitive never take one.
     *
     * 2. Why a reused slot cannot make an access look ordered when it is not (precision). Shadow
     *    words keep epochs c@s after the thread that made them lost slot s. A thread W that saw the
     *    old owner up to clock 10 at s has vc[s] = 10; if the new owner's accesses were 3@s, W would
     *    take them as ordered before it: a false "ordered", a missed race. So a slot's clock is
     *    monotonic for the whole run: the new owner starts at max(highest clock the slot ever had,
     *    the preempted owner's clock) + 1, above anything any thread can have learned of s. Conversely an
     *    access that *is* ordered before a thread stays known to it: an access's epoch c@s is never
     *    above its performer's vc[s], vector clocks never shrink, and every release carries the
     *    whole clock, so reuse never turns an ordered pair into a report.
     *
     * 3. What reuse costs (recall). A new owner of s, and every thread that later learns its clock,
     *    takes every earlier access at s (by any earlier owner) as ordered before it: a race
     *    between an old owner's access and one of theirs is missed. TSan v3 has the same
     *    limitation. Three things keep it rare: never-used slots go first, so a program with at
     *    most SLOTS threads never reuses one (the corpus program GoroutinesInSequence, two
     *    goroutines one after the other, is not hidden); freed slots are reused least recently
     *    freed first, when the old owner's accesses are most likely overwritten or ordered by real
     *    edges; and preemption prefers a victim that is parked (waiting, blocked), which is not
     *    about to access anything. The new owner does *not* inherit the old owner's knowledge of
     *    other slots (the first milestone did): that would hide more races and is not needed for
     *    precision (note 2).
     *
     * 4. Preemption is not a handshake. The preemptor marks the victim (a volatile flag) and takes
     *    the slot; the victim re-attaches at its next event, and until then may tick its own copy
     *    of the old slot's clock and access memory under it. Its epochs there can then equal the
     *    new owner's: those accesses look ordered to each other (a missed race, note 3), never the
     *    other way round (note 2 holds: each access's epoch is still within its performer's
     *    clock). A parked victim, the preferred one, does not tick.
     *
     * 5. Threads whose end no one reports (platform threads started outside go4j, pool workers)
     *    are swept before a live one is preempted: unmanaged owners whose thread has died give
     *    their slot back.
     */

    /**
     * The number of slots (TSan v3 has 256); empirical: a vector clock costs 4 bytes per slot and
     * a goroutine start copies one; fewer slots mean more preemption (and races missed between
     * the owners of a reused slot). Revisit with the overhead table.
     */
    static final int SLOTS = 256;

    /** Attaches between sweeps for dead unmanaged threads; empirical, revisit with the corpus. */
    private static final int SWEEP_EVERY = 64;

    private static final RtLock LOCK = new RtLock();
    private static final ThreadState[] OWNER = new ThreadState[SLOTS];     // guarded by LOCK
    private static final int[] HIGH = new int[SLOTS];      // highest clock each slot had; guarded by LOCK
    private static final ArrayDeque<Integer> FREE = new ArrayDeque<>();   // least recently freed first; guarded by LOCK
    private static final ArrayDeque<Integer> OWNED = new ArrayDeque<>();  // least recently attached first; guarded by LOCK
    private static final List<ThreadState> UNMANAGED = new ArrayList<>(); // attached, end not reported; guarded by LOCK
    private static int created;       // slots ever made; guarded by LOCK
    private static int sinceSweep;    // guarded by LOCK
    private static long preemptions;  // guarded by LOCK

    private Slots() {}

    /**
     * Attaches {@code t} to a slot, with {@code base} (its creator's clock, or its own last one)
     * as its starting knowledge.
     */
    static void attach(ThreadState t, int[] base) {
        LOCK.lock();
        try {
            int s;
            if (created < SLOTS) {
                s = created++;
            } else {
                if (FREE.isEmpty() && !UNMANAGED.isEmpty() && ++sinceSweep >= SWEEP_EVERY) {
                    sinceSweep = 0;
                    sweep();
                }
                s = FREE.isEmpty() ? preempt() : FREE.poll();
            }
            // t's own clock (a child's is its own copy of its creator's) is updated in place
            // when long enough: a goroutine's start copies a clock once, not twice
            int[] vc = base == t.vc && s < base.length ? base : Arrays.copyOf(base, Math.max(base.length, s + 1));
            vc[s] = Math.max(HIGH[s], vc[s]) + 1;
            HIGH[s] = vc[s];
            t.vc = vc;
            t.clockChanged();
            t.slot = s;
            t.preempted = false;
            OWNER[s] = t;
            OWNED.add(s);
            if (!t.managed) {
                UNMANAGED.add(t);
            }
        } finally {
            LOCK.unlock();
        }
    }

    /** Detaches {@code t} from its slot, which becomes free (if it is still {@code t}'s); its clock stays readable. */
    static void detach(ThreadState t) {
        LOCK.lock();
        try {
            detachLocked(t);
        } finally {
            LOCK.unlock();
        }
    }

    private static void detachLocked(ThreadState t) {
        int s = t.slot;
        t.slot = -1;
        if (s < 0 || OWNER[s] != t) {
            return;
        }
        release(s, t);
        FREE.add(s);
    }

    /** Returns how many slots are attached now. */
    static int inUse() {
        LOCK.lock();
        try {
            return OWNED.size();
        } finally {
            LOCK.unlock();
        }
    }

    /** Returns how many slots were ever made: the length vector clocks grow to. */
    static int created() {
        LOCK.lock();
        try {
            return created;
        } finally {
            LOCK.unlock();
        }
    }

    /** Returns how many times a live thread's slot was taken. */
    static long preemptions() {
        LOCK.lock();
        try {
            return preemptions;
        } finally {
            LOCK.unlock();
        }
    }

    /** Forgets every slot: for SlotsTest only, in a JVM where the agent is not running. */
    static void resetForTest() {
        LOCK.lock();
        try {
            Arrays.fill(OWNER, null);
            Arrays.fill(HIGH, 0);
            FREE.clear();
            OWNED.clear();
            UNMANAGED.clear();
            created = 0;
            sinceSweep = 0;
            preemptions = 0;
        } finally {
            LOCK.unlock();
        }
    }

    /** Takes a slot from an attached thread, preferably a parked one (note 3), else the least recently attached. */
    private static int preempt() {
        int s = OWNED.peek();
        for (Integer candidate : OWNED) {
            Thread th = OWNER[candidate].thread.get();
            if (th == null || th.getState() != Thread.State.RUNNABLE) {
                s = candidate;
                break;
            }
        }
        ThreadState victim = OWNER[s];
        release(s, victim);
        victim.preempted = true;
        preemptions++;
        return s;
    }

    /** Ends {@code t}'s ownership of {@code s}, keeping the slot's clock monotonic (note 2). */
    private static void release(int s, ThreadState t) {
        int[] vc = t.vc;
        if (s < vc.length) {
            HIGH[s] = Math.max(HIGH[s], vc[s]);
        }
        OWNER[s] = null;
        OWNED.remove(s);
        if (!t.managed) {
            UNMANAGED.remove(t);
        }
    }

    private static void sweep() {
        for (Iterator<ThreadState> it = new ArrayList<>(UNMANAGED).iterator(); it.hasNext(); ) {
            ThreadState t = it.next();
            Thread th = t.thread.get();
            if (th == null || !th.isAlive()) {
                t.finished = true;
                detachLocked(t);
            }
        }
    }
}
