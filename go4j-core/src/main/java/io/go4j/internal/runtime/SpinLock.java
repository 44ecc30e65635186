package io.go4j.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * SpinLock is go4j's one small lock: a test-and-test-and-set word guarding a few dozen
 * instructions that never block (a channel's queues and buffer, a sync primitive's wait queue, a
 * registry stripe). Classes that need one extend it, so the lock word sits in the object it
 * guards, next to the fields it protects, and taking it brings them into cache too.
 *
 * <p>Invariant it relies on: a holder never leaves its carrier inside a critical section (it
 * never parks, yields, or calls user code while holding it), so a waiting locker only ever waits
 * for a running thread. How a locker waits is {@link Scheduling}'s decision.
 */
public abstract class SpinLock {
    private volatile int lock;   // 0 free, 1 held; CAS to take, release store to free

    /** Creates an unlocked lock. */
    protected SpinLock() {}

    /** Takes the lock. The caller holds no other go4j lock, so it may yield while it waits. */
    public final void lock() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            lockSlow();
        }
    }

    /**
     * Takes the lock while holding others (a select takes its channels' locks in id order). It
     * only spins: yielding with a lock held can livelock ({@link Scheduling#pauseForLock}).
     */
    public final void lockNested() {
        while (!(lock == 0 && LOCK.compareAndSet(this, 0, 1))) {
            Thread.onSpinWait();
        }
    }

    /** Releases the lock; the caller holds it. */
    public final void unlock() {
        LOCK.setRelease(this, 0);
    }

    private void lockSlow() {
        for (int tries = 0; !(lock == 0 && LOCK.compareAndSet(this, 0, 1)); tries++) {
            Scheduling.pauseForLock(tries);
        }
    }

    // VarHandle mechanics
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(SpinLock.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
