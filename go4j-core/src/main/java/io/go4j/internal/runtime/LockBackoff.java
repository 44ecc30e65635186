package io.go4j.internal.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * LockBackoff is how a goroutine waits for one of go4j's small spin locks (a channel's, a sync
 * wait queue's) while it holds no other lock: spin, then yield a bounded number of times, then
 * back off with short timed parks, as Go's runtime lock spins, yields and then sleeps on a futex.
 *
 * <p>Invariant it relies on: a lock holder never leaves its carrier inside a critical section,
 * so the holder is running and the wait is short. Why yielding must be bounded: the JDK's
 * scheduler drains a carrier's local queue before it polls the shared one, so goroutines that
 * yield in a loop keep the local queues full and can starve a goroutine woken from the shared
 * queue (a timed-out park, an unpark from a platform thread) for as long as they spin. Timed
 * parks take the waiters out of the run queues. A waiter that holds other locks (a select
 * taking its second lock) must not use this: it only spins, see {@code HChan.lockNested}.
 */
public final class LockBackoff {
    /** Busy spins before the first yield. Empirical (ChanBenchmark, MutexBenchmark). */
    public static final int SPINS = 64;
    /** Yields before the waiter starts parking. */
    private static final int YIELDS = 64;
    /** Long enough to leave the run queues, short next to a scheduling quantum. */
    private static final long PARK_NANOS = 20_000;

    private LockBackoff() {}

    /**
     * Waits a little before try number {@code tries + 1} (counting from 0). A consumed unpark
     * permit is harmless: every go4j park re-checks its waiter's state in a loop.
     */
    public static void pause(int tries) {
        if (tries < SPINS) {
            Thread.onSpinWait();
        } else if (tries < SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(PARK_NANOS);
        }
    }
}
