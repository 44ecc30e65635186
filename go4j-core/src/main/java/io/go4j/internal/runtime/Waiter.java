package io.go4j.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Waiter is one blocked operation of one thread (Go's {@code sudog} owner side): the word that a
 * counterpart claims to complete the operation, the value it hands over, and the park/unpark
 * handshake. A select registers one Waiter in several queues; exactly one counterpart wins it.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code claim} moves once, from {@code UNCLAIMED} to a case index (a counterpart completed
 *       that case) or to {@code CANCELLED} (the owner gave up after an interrupt). Whoever wins
 *       that CAS owns the outcome; everyone else backs off.</li>
 *   <li>{@code state} moves RUNNING → PARKED → WOKEN or RUNNING → WOKEN, never back. Only the
 *       owner sets PARKED; only the claimant sets WOKEN, after writing {@code item} and
 *       {@code closed}, so the owner reads them after observing WOKEN (volatile: release/acquire).</li>
 *   <li>{@code unpark} is called only if the owner had actually parked: a counterpart that
 *       completes the operation while the owner is still spinning costs no unpark.</li>
 * </ul>
 * Non-invariant: being claimed does not mean being woken yet; an owner that loses the cancel CAS
 * must still wait for WOKEN before reading the outcome.
 */
public final class Waiter {
    /*
     * Implementation notes.
     *
     * The owner first spins for a short, bounded time (the caller passes the budget, adapted per
     * channel), because a counterpart already running on the other carrier often completes the
     * operation within a microsecond, and a park/unpark pair costs ~500 ns on these machines.
     * Then it publishes PARKED with a CAS: if the CAS fails, the counterpart's getAndSet(WOKEN)
     * came first and no unpark will arrive, so the owner must not park. If the CAS succeeds, the
     * counterpart's getAndSet returns PARKED and it unparks. LockSupport.park may return
     * spuriously, so the owner re-checks state in a loop.
     *
     * Interruption: park returns when interrupted; the owner then tries to CAS claim to
     * CANCELLED. Winning means no counterpart can complete the operation any more, so it may
     * report the interrupt (the caller removes its queue nodes). Losing means a counterpart
     * already owns the outcome: the operation happened, so the owner waits for WOKEN and returns
     * normally with the interrupt flag set again. This is why a value is never lost or
     * duplicated when an interrupt races with a send.
     */

    public static final int UNCLAIMED = -1;
    public static final int CANCELLED = -2;

    private static final int RUNNING = 0;
    private static final int PARKED = 1;
    private static final int WOKEN = 2;

    /** How often the spin loop reads the clock (a power of two minus one). */
    private static final int CLOCK_CHECK_MASK = 15;

    public final Thread thread;

    private volatile int claim = UNCLAIMED;  // CAS by counterparts (case index) or owner (CANCELLED)
    private volatile int state = RUNNING;    // owner: RUNNING→PARKED (CAS); claimant: →WOKEN (getAndSet)

    /** The value handed to a receiver; written by the claimant before {@link #wake()}. */
    public Object item;
    /** True if the operation ended because the channel was closed; written before {@link #wake()}. */
    public boolean closed;

    public Waiter(Thread thread) {
        this.thread = thread;
    }

    /** Claims this waiter for case {@code caseIndex}; true if this caller now owns its outcome. */
    public boolean tryClaim(int caseIndex) {
        return claim == UNCLAIMED && CLAIM.compareAndSet(this, UNCLAIMED, caseIndex);
    }

    /** Returns the case index that won, {@link #UNCLAIMED} or {@link #CANCELLED}. */
    public int claimed() {
        return claim;
    }

    /** Tells the owner its operation is complete; unparks it only if it had parked. */
    public void wake() {
        if ((int) STATE.getAndSet(this, WOKEN) == PARKED) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Blocks the owner until a counterpart wakes it, spinning first for up to {@code spinNanos}.
     * Records {@code reason} in the registry while parked.
     *
     * @return {@code true} when the operation completed (the interrupt flag may be set if an
     *         interrupt raced with completion); {@code false} when the owner was interrupted and
     *         cancelled the operation (the interrupt flag is set again)
     */
    public boolean await(WaitReason reason, Object blocker, long spinNanos) {
        if (spinNanos > 0 && spinUntilWoken(spinNanos)) {
            return true;
        }
        Goroutine g = Registry.beginWait(reason);
        try {
            if (!STATE.compareAndSet(this, RUNNING, PARKED)) {
                return true;  // woken between the spin and the CAS
            }
            while (state != WOKEN) {
                LockSupport.park(blocker);
                if (state != WOKEN && Thread.interrupted()) {
                    return onInterrupt();
                }
            }
            return true;
        } finally {
            Registry.endWait(g);
        }
    }

    /** Returns true if woken within the budget. */
    public boolean spinUntilWoken(long spinNanos) {
        long deadline = 0;
        for (int i = 0; ; i++) {
            if (state == WOKEN) {
                return true;
            }
            if ((i & CLOCK_CHECK_MASK) == 0) {
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + spinNanos;
                } else if (now - deadline >= 0) {
                    return false;
                }
            }
            Thread.onSpinWait();
        }
    }

    /** Returns true when this waiter has been woken (its operation is complete). */
    public boolean isWoken() {
        return state == WOKEN;
    }

    private boolean onInterrupt() {
        Thread.currentThread().interrupt();  // keep the flag: the caller reports it or leaves it set
        if (CLAIM.compareAndSet(this, UNCLAIMED, CANCELLED)) {
            return false;
        }
        // A counterpart owns the outcome and is about to publish it; it never blocks meanwhile.
        while (state != WOKEN) {
            Thread.onSpinWait();
        }
        return true;
    }

    // VarHandle mechanics
    private static final VarHandle CLAIM;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CLAIM = l.findVarHandle(Waiter.class, "claim", int.class);
            STATE = l.findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
