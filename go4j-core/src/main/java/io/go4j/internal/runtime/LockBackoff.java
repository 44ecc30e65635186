package io.go4j.internal.runtime;

/**
 * LockBackoff is how a goroutine waits for one of go4j's small spin locks (a channel's, a sync
 * wait queue's) while it holds no other lock: spin a little, then yield the carrier between
 * tries, as Go's runtime lock spins and then yields.
 *
 * <p>Invariant it relies on: a lock holder never leaves its carrier inside a critical section,
 * so the holder is running and the wait is short. A waiter that holds other locks (a select
 * taking its second lock) must not use this: yielding with a lock held can livelock, because
 * the JDK scheduler drains a carrier's local queue before it polls the shared one, so a
 * requeued holder can wait behind goroutines that keep yielding (see {@code HChan.lockNested}).
 *
 * <p>Tried and dropped: bounding the yields and then parking for a few microseconds. A timed
 * park's wake-up arrives through the shared queue, so user goroutines looping on
 * {@code Thread.yield()} could starve the parked lock waiters (a Go conformance test translated
 * from Go's nonblock.go hung 2 runs in 10).
 */
public final class LockBackoff {
    /** Busy spins before the first yield. Empirical (ChanBenchmark, MutexBenchmark). */
    private static final int SPINS = 64;

    private LockBackoff() {}

    /** Waits a little before try number {@code tries + 1} (counting from 0). */
    public static void pause(int tries) {
        if (tries < SPINS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
