package io.go4j.race.internal.rt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * RtLock is the detector's lock: a test-and-set spin lock that never parks, guarding every short
 * critical section of the runtime (a shadow, a synchronisation clock, a map segment, a thread's
 * state, the slots, the call-site history).
 *
 * <p>Invariants: not reentrant; a critical section under it never blocks, never calls
 * application or go4j code and never takes an RtLock taken before it in another order (the order
 * is: thread state, then slots; shadow, then report; the call-site history's, CallNode's, is a
 * leaf, taken under a shadow's and nothing under it).
 *
 * <p>It is also a sequence lock: its state counts acquisitions and releases (odd while held), so
 * a reader that does not take it can check that nothing it guards changed while it read
 * ({@link #stamp}, {@link #validate}, as {@code StampedLock}'s optimistic read): the detector's
 * same-epoch check reads a location's clock and record that way.
 */
class RtLock {
    /*
     * Implementation notes.
     *
     * Why not synchronized. go4j reports happens-before events while it holds its own spin locks
     * (a channel's, as Go's race runtime is called under the channel lock), and a virtual thread
     * that blocks on a contended monitor unmounts from its carrier. With the holder of a channel
     * lock unmounted, the goroutines spinning for that lock (go4j's SpinLock yields between
     * tries) can keep every carrier busy while the holder, runnable, waits for one: go4j-examples'
     * prime sieve under the agent made no progress in minutes. A thread waiting for an RtLock
     * stays mounted and spins; the holder, mounted too (it never blocks inside), finishes its
     * section within microseconds. The cost is a platform thread descheduled while holding one:
     * the waiters spin until it runs again, as with any spin lock.
     */

    private volatile int state;   // odd while held; +1 by a CAS to take, +1 by a release store to give back

    /** Takes the lock, spinning (never parking) while another thread holds it. */
    final void lock() {
        for (;;) {
            int s = state;
            if ((s & 1) == 0 && STATE.compareAndSet(this, s, s + 1)) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** Gives the lock back. */
    final void unlock() {
        STATE.setRelease(this, state + 1);
    }

    /**
     * Returns a stamp for reading what this lock guards without it: odd (never valid) while the
     * lock is held.
     */
    final int stamp() {
        return state;
    }

    /**
     * Returns whether the reads made since {@code stamp} saw what this lock guards as it was at a
     * release, not in the middle of a critical section: no thread held the lock in between. (A
     * wrapped counter would need 2^31 critical sections within one read.)
     */
    final boolean validate(int stamp) {
        VarHandle.acquireFence();
        return (stamp & 1) == 0 && state == stamp;
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(RtLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
