package io.go4j.sched.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * RunQueue is one carrier's local run queue: a bounded ring of runnable continuations, filled at
 * the tail by its owner only and emptied at the head by the owner and by thieves (Go's
 * {@code p.runq}, {@code runqput}/{@code runqget}/{@code runqgrab}).
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code 0 <= tail - head <= SIZE} (int arithmetic modulo 2^32); the live entries are
 *       {@code slots[i & MASK]} for {@code head <= i < tail}.</li>
 *   <li>Only the owner (code running on the owning carrier's OS thread: the carrier itself or the
 *       virtual thread mounted on it) writes {@code tail} and the slots. Everyone takes entries
 *       with a CAS of {@code head}, so each entry is taken exactly once.</li>
 *   <li>A slot is written only while it is outside {@code [head, tail)}; a taker reads the slots
 *       it takes before its CAS of {@code head}, and while {@code head} has not moved past them
 *       the owner cannot overwrite them (it sees them as occupied).</li>
 * </ul>
 */
final class RunQueue {
    /*
     * Implementation notes.
     *
     * The ring is Go's (runtime/proc.go): a single-producer, multi-consumer array where the
     * producer publishes with a release store of tail and consumers claim with a CAS on head. A
     * thief takes half of what it sees (rounded up), so a loaded carrier sheds work in one step.
     * Slots are not cleared when taken (Go does not either): a taken continuation stays
     * referenced until its slot is reused, 256 entries later at most; a continuation is a small
     * object owned by its virtual thread, which is live anyway while runnable.
     *
     * Why 256: Go's size. A full ring spills half of itself to the global queue (Scheduler.
     * spill), so the bound only decides how often that happens.
     */

    static final int SIZE = 256;
    private static final int MASK = SIZE - 1;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Runnable[].class);
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable[] slots = new Runnable[SIZE];
    private volatile int head;   // taken up to here (CAS by anyone)
    private volatile int tail;   // filled up to here (owner only)

    /** Owner only: appends {@code r}; returns false, leaving the ring as it was, if it is full. */
    boolean offer(Runnable r) {
        int h = (int) HEAD.getAcquire(this);
        int t = tail;   // our own writes
        if (t - h >= SIZE) {
            return false;
        }
        SLOTS.setRelease(slots, t & MASK, r);
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /** Takes the entry at the head, or returns null if the ring is empty. Anyone may call it. */
    Runnable poll() {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            if (t == h) {
                return null;
            }
            Runnable r = (Runnable) SLOTS.getAcquire(slots, h & MASK);
            if (HEAD.compareAndSet(this, h, h + 1)) {
                return r;
            }
        }
    }

    /**
     * Takes half of the entries (rounded up) into {@code out} (at least {@code SIZE / 2} long),
     * from index 0; returns how many. Anyone may call it: a thief, or the owner spilling to the
     * global queue.
     */
    int grabHalf(Runnable[] out) {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            int n = t - h;
            n = n - n / 2;
            if (n <= 0) {
                return 0;
            }
            if (n > SIZE / 2) {
                continue;   // h and t were read at different moments and disagree: read again (Go does)
            }
            for (int i = 0; i < n; i++) {
                out[i] = (Runnable) SLOTS.getAcquire(slots, (h + i) & MASK);
            }
            if (HEAD.compareAndSet(this, h, h + n)) {
                return n;
            }
        }
    }

    /** Returns the number of entries, possibly stale. */
    int size() {
        int n = (int) TAIL.getAcquire(this) - (int) HEAD.getAcquire(this);
        return Math.max(0, Math.min(n, SIZE));
    }

    /** Returns whether the ring looked empty. */
    boolean isEmpty() {
        return (int) TAIL.getAcquire(this) == (int) HEAD.getAcquire(this);
    }
}
