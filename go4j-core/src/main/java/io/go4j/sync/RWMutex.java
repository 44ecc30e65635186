package io.go4j.sync;

import io.go4j.GoInterruptedException;
import io.go4j.GoPanic;
import io.go4j.internal.runtime.Blockers;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Outcome;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.internal.runtime.Waiter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * RWMutex is a reader/writer mutual exclusion lock, Go's {@code sync.RWMutex}: any number of
 * readers or one writer hold it at a time. A new RWMutex is unlocked.
 *
 * <p>A goroutine blocked in {@link #lock()} blocks new readers: once a writer waits, {@link
 * #rLock()} blocks until that writer has had the lock and released it, so a stream of readers
 * cannot starve a writer. Hence, as in Go, a goroutine must not rely on re-acquiring a read lock
 * it already holds (recursive read locking can deadlock against a waiting writer).
 *
 * <p>Like {@link Mutex}, an RWMutex is not owned by a thread: a lock taken by one goroutine may
 * be released by another. Misuse throws {@link GoPanic} with Go's texts:
 * {@code sync: RUnlock of unlocked RWMutex}, {@code sync: Unlock of unlocked RWMutex}.
 *
 * <p>At most 268,435,455 (2<sup>28</sup> - 1) read locks can be held, or held and waited for,
 * at once (Go's limit is 2<sup>30</sup>, unchecked). A read lock beyond that, usually the sign
 * of read locks that are never released, throws {@link GoPanic}
 * {@code sync: RWMutex reader count overflow} and leaves the RWMutex as it was.
 *
 * <p>Interruption: a goroutine blocked in {@link #rLock()} or {@link #lock()} that is interrupted
 * throws {@link GoInterruptedException} with its interrupt flag set, without the lock; if the
 * interrupt races with being granted the lock, the lock wins and the call returns normally with
 * the flag set.
 *
 * <p>Memory model: the n-th call to {@link #unlock()} happens-before the return of the m-th
 * {@link #lock()} for any n &lt; m, and before the return of any {@link #rLock()} that follows
 * it; a call to {@link #rUnlock()} happens-before the return of the next {@link #lock()}.
 * <pre>{@code
 * RWMutex rw = new RWMutex();
 * Map<String, Integer> prices = new HashMap<>();
 * rw.lock();
 * try {
 *     prices.put("tea", 3);
 * } finally {
 *     rw.unlock();
 * }
 * rw.rLock();
 * try {
 *     System.out.println(prices.get("tea"));   // 3
 * } finally {
 *     rw.rUnlock();
 * }
 * }</pre>
 */
public final class RWMutex implements Locker {
    /*
     * Implementation notes.
     *
     * Go's RWMutex is a Mutex for writers plus a reader count that a writer drives negative,
     * with two semaphores. Semaphores make an interrupted rLock hard to undo (a permit released
     * for a reader that left is a permit given to the wrong reader later), so this version keeps
     * Go's shape (writers serialised by a Mutex, so writer fairness and starvation mode come from
     * it) but replaces the semaphores by one state word and explicit grants:
     *   low bits  number of readers holding the lock;
     *   PENDING   a writer holds the writer Mutex and waits for the readers to leave;
     *   HELD      a writer holds the lock;
     *   RWAITERS  readers are queued (set under the queue lock, only while PENDING or HELD).
     * Invariants: HELD implies no readers; PENDING and HELD are written only by the goroutine
     * holding the writer Mutex, or by the last reader leaving, which turns PENDING into HELD
     * (and then completes the writer's waiter: the state word decides, the Waiter only wakes).
     * A reader takes the lock by CAS only when neither PENDING nor HELD is set; otherwise it
     * queues (setting RWAITERS by a CAS from the state it saw, so a writer that released in
     * between makes that CAS fail: no lost wake-up).
     *
     * Grants: a writer that releases (or gives up waiting) counts the queued readers, adds them
     * to the reader count in the same CAS that clears its bit, then completes their nodes. A node
     * whose owner was interrupted first reports LOST; the writer then takes that reader back out
     * of the count. An interrupted writer that finds HELD already set owns the lock: the last
     * reader gave it before the cancellation, and the operation wins.
     *
     * Reader limit: the count has 28 bits, and one more reader would carry into RWAITERS and
     * corrupt the word for good (0.1 did that: tryLock then failed forever). Every path that
     * adds readers is bounded. A reader taking the lock directly panics when the count it saw
     * is READERS. A reader about to queue panics when the holders plus the queued readers
     * already reach READERS: while PENDING or HELD is set the holders can only leave (HELD
     * means none), and the queue grows only under its lock past this check, so the grant
     * that adds every queued reader in one CAS stays within the limit too. The fast path pays
     * one more comparison.
     */

    private static final int READERS = (1 << 28) - 1;   // also the most readers at once
    private static final int RWAITERS = 1 << 28;
    private static final int PENDING = 1 << 29;
    private static final int HELD = 1 << 30;

    private final Mutex w = new Mutex();              // serialises writers
    private final WaitQueue readers = new WaitQueue();  // readers blocked by a writer

    /** Happens-before slots (Hooks): writers release to readers on one, readers to writers on the other. */
    private static final long READER_SIDE = 0;
    private static final long WRITER_SIDE = 1;

    static {
        Blockers.registerHolder(RWMutex.class, rw -> (rw.state & HELD) != 0 ? rw.w.holder() : null);
    }

    private volatile int state;       // see the implementation notes
    private volatile Waiter writer;   // the pending writer's waiter; written by the w holder
    private long writerSince;         // when it blocked; written before writer, read after it

    /** Creates an unlocked RWMutex. */
    public RWMutex() {}

    /**
     * Locks this RWMutex for reading, blocking while a writer holds it or waits for it.
     *
     * @throws GoInterruptedException if interrupted while blocked (the lock is not acquired)
     * @throws GoPanic                {@code sync: RWMutex reader count overflow} if the most read
     *                                locks there can be are held or waited for
     */
    public void rLock() {
        int s = state;
        if ((s & (PENDING | HELD)) != 0 || (s & READERS) == READERS || !casState(s, s + 1)) {
            rLockSlow();
        }
        if (Hooks.SYNC_EVENTS) {
            Hooks.acquire(this, READER_SIDE);
        }
    }

    /**
     * Locks this RWMutex for reading if no writer holds it or waits; returns whether it did.
     *
     * @return whether the read lock was taken
     * @throws GoPanic {@code sync: RWMutex reader count overflow} if the most read locks
     *                 there can be are held
     */
    public boolean tryRLock() {
        for (;;) {
            int s = state;
            if ((s & (PENDING | HELD)) != 0) {
                return false;
            }
            if ((s & READERS) == READERS) {
                throw readerOverflow();
            }
            if (casState(s, s + 1)) {
                if (Hooks.SYNC_EVENTS) {
                    Hooks.acquire(this, READER_SIDE);
                }
                return true;
            }
        }
    }

    /**
     * Undoes one {@link #rLock()}; the last reader to leave lets a waiting writer in.
     *
     * @throws GoPanic {@code sync: RUnlock of unlocked RWMutex} if no reader holds it
     */
    public void rUnlock() {
        if (Hooks.SYNC_EVENTS) {
            Hooks.releaseMerge(this, WRITER_SIDE);
        }
        for (;;) {
            int s = state;
            int n = s & READERS;
            if (n == 0) {
                throw new GoPanic("sync: RUnlock of unlocked RWMutex");
            }
            if (n == 1 && (s & PENDING) != 0) {
                if (casState(s, (s - 1 - PENDING) | HELD)) {
                    Waiter wn = writer;
                    if (wn.tryComplete(0) == Waiter.COMPLETED_MUST_UNPARK) {
                        wn.unpark();
                    }
                    if (Hooks.CONTENTION) {
                        // Go's mutex profile: the delay is charged to the unlocker (the last reader)
                        Hooks.contended(WaitReason.SYNC_RWMUTEX_LOCK, this, System.nanoTime() - writerSince);
                    }
                    return;
                }
            } else if (casState(s, s - 1)) {
                return;
            }
        }
    }

    /**
     * Locks this RWMutex for writing, blocking until no reader or writer holds it. From the
     * moment it blocks, new readers block too.
     *
     * @throws GoInterruptedException if interrupted while blocked (the lock is not acquired)
     */
    @Override
    public void lock() {
        lockWriter();
        if (Hooks.SYNC_EVENTS) {
            writerAcquired();
        }
    }

    private void lockWriter() {
        w.lock(WaitReason.SYNC_RWMUTEX_LOCK, "sync.RWMutex.Lock");
        Waiter wn = null;
        for (;;) {
            int s = state;
            if ((s & READERS) == 0) {
                if (casState(s, s | HELD)) {
                    return;
                }
                continue;
            }
            if (wn == null) {
                wn = new Waiter();
                writerSince = System.nanoTime();
                writer = wn;
            }
            if (casState(s, s | PENDING)) {
                break;
            }
        }
        if (wn.park(WaitReason.SYNC_RWMUTEX_LOCK, this) != Outcome.INTERRUPTED) {
            return;   // the last reader set HELD for us
        }
        for (;;) {
            int s = state;
            if ((s & HELD) != 0) {
                return;   // granted before the cancellation: the lock wins, the flag stays set
            }
            if ((s & RWAITERS) != 0) {
                if (grantReaders(PENDING)) {
                    break;
                }
                continue;   // the last reader just made us the holder
            }
            if (casState(s, s & ~PENDING)) {
                break;
            }
        }
        w.unlock();
        throw new GoInterruptedException("sync.RWMutex.Lock");
    }

    /**
     * Locks this RWMutex for writing if it is free now, without blocking; returns whether it did.
     *
     * @return true if this call took the write lock
     */
    public boolean tryLock() {
        if (!w.tryLock()) {
            return false;
        }
        if (casState(0, HELD)) {
            if (Hooks.SYNC_EVENTS) {
                writerAcquired();
            }
            return true;
        }
        w.unlock();
        return false;
    }

    /** Go's race annotations: a writer sees every reader before it (merged) and the last writer. */
    private void writerAcquired() {
        Hooks.acquire(this, READER_SIDE);
        Hooks.acquire(this, WRITER_SIDE);
    }

    /**
     * Releases the write lock, letting in the readers that were blocked, then the next writer.
     *
     * @throws GoPanic {@code sync: Unlock of unlocked RWMutex} if no writer holds it
     */
    @Override
    public void unlock() {
        // The check and the clearing of HELD are one CAS, so of two racing unlocks the second
        // reports this RWMutex's misuse (as Go's one atomic add does), not the inner Mutex's.
        if (Hooks.SYNC_EVENTS && (state & HELD) != 0) {
            Hooks.release(this, READER_SIDE);
        }
        for (;;) {
            int s = state;
            if ((s & HELD) == 0) {
                throw new GoPanic("sync: Unlock of unlocked RWMutex");
            }
            if (s == HELD ? casState(HELD, 0) : grantReaders(HELD)) {
                break;
            }
        }
        w.unlock();
    }

    /** {@return a Locker whose lock and unlock are {@link #rLock()} and {@link #rUnlock()}} */
    public Locker rLocker() {
        return new Locker() {
            @Override
            public void lock() {
                rLock();
            }

            @Override
            public void unlock() {
                rUnlock();
            }
        };
    }

    private void rLockSlow() {
        for (;;) {
            int s = state;
            if ((s & (PENDING | HELD)) == 0) {
                if ((s & READERS) == READERS) {
                    throw readerOverflow();
                }
                if (casState(s, s + 1)) {
                    return;
                }
                continue;
            }
            long now = System.nanoTime();
            WaitQueue.Node node = new WaitQueue.Node(now, now);
            readers.lock();
            if ((s & READERS) + readers.size() >= READERS) {
                boolean current = casState(s, s);   // judged on the state as it is now, not a stale one
                readers.unlock();
                if (current) {
                    throw readerOverflow();
                }
                continue;
            }
            if (!casState(s, s | RWAITERS)) {
                readers.unlock();
                continue;   // the state moved: look again
            }
            readers.addLast(node);
            readers.unlock();
            if (node.park(WaitReason.SYNC_RWMUTEX_RLOCK, this) != Outcome.INTERRUPTED) {
                return;   // granted: a writer counted us in
            }
            readers.lock();
            readers.remove(node);   // if already unlinked, the granter sees LOST and uncounts us
            readers.unlock();
            throw new GoInterruptedException("sync.RWMutex.RLock");
        }
    }

    /**
     * Called by the w holder: clears {@code bit} (HELD or PENDING) and RWAITERS, counting every
     * queued reader in, in one CAS; then completes them. Readers that were cancelled meanwhile
     * are counted out again. Returns false, granting nothing, if {@code bit} is no longer set
     * (a pending writer that the last reader has just made the holder).
     */
    private boolean grantReaders(int bit) {
        List<WaitQueue.Node> wake = new ArrayList<>();
        readers.lock();
        try {
            int n = readers.size();
            for (;;) {
                int s = state;
                if ((s & bit) == 0) {
                    return false;
                }
                if (casState(s, (s & ~(bit | RWAITERS)) + n)) {
                    break;
                }
            }
            for (int lost = readers.completeAll(wake); lost > 0; lost--) {
                uncountReader();
            }
        } finally {
            readers.unlock();
        }
        WaitQueue.unparkAll(wake);
        if (Hooks.CONTENTION) {
            // Go's mutex profile: each reader's delay is charged to the writer letting it in
            long now = System.nanoTime();
            for (WaitQueue.Node n : wake) {
                Hooks.contended(WaitReason.SYNC_RWMUTEX_RLOCK, this, now - n.parkedAt);
            }
        }
        return true;
    }

    /** Takes out a reader counted in but gone; no writer can be pending (we hold w). */
    private void uncountReader() {
        for (;;) {
            int s = state;
            if (casState(s, s - 1)) {
                return;
            }
        }
    }

    private static GoPanic readerOverflow() {
        return new GoPanic("sync: RWMutex reader count overflow");
    }

    // Atomic updates
    private boolean casState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(RWMutex.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
