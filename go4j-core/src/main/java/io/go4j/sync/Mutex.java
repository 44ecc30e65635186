package io.go4j.sync;

import io.go4j.GoInterruptedException;
import io.go4j.GoPanic;
import io.go4j.internal.runtime.Blockers;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.internal.runtime.Waiter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Mutex is a mutual exclusion lock, Go's {@code sync.Mutex}: at most one goroutine holds it at a
 * time. A new Mutex is unlocked.
 *
 * <p>A Mutex is not owned by a thread: one goroutine may lock it and another unlock it, as in
 * Go. This is the contrast with {@link java.util.concurrent.locks.ReentrantLock}, which belongs
 * to the thread that locked it and may be re-entered by it: a Mutex is not reentrant, so a
 * goroutine that locks a Mutex it already holds blocks for ever. Unlocking an unlocked Mutex
 * throws {@link GoPanic} {@code sync: unlock of unlocked mutex}.
 *
 * <p>Fairness follows Go: normally a goroutine that arrives while the lock is being released may
 * take it before the queued ones (fast under load); a queued goroutine that has waited more than
 * 1 ms switches the Mutex to starvation mode, in which each unlock hands the lock straight to the
 * longest waiter, so no goroutine starves.
 *
 * <p>Interruption: a goroutine blocked in {@link #lock()} that is interrupted gives up and throws
 * {@link GoInterruptedException} with its interrupt flag set, without the lock. If the interrupt
 * races with being handed the lock, the lock wins: {@code lock()} returns normally with the flag
 * set.
 *
 * <p>Memory model: the n-th call to {@link #unlock()} happens-before the return of the m-th
 * {@link #lock()} (or successful {@link #tryLock()}) for any n &lt; m.
 * <pre>{@code
 * Mutex mu = new Mutex();
 * int[] counter = new int[1];
 * WaitGroup wg = new WaitGroup();
 * for (int i = 0; i < 10; i++) {
 *     wg.go(() -> {
 *         mu.lock();
 *         try {
 *             counter[0]++;
 *         } finally {
 *             mu.unlock();
 *         }
 *     });
 * }
 * wg.await();
 * System.out.println(counter[0]);   // 10
 * }</pre>
 */
public final class Mutex implements Locker {
    /*
     * Implementation notes.
     *
     * The algorithm is Go's sync.Mutex (normal and starvation modes) on one int state word plus a
     * WaitQueue of parked goroutines:
     *   LOCKED    the lock is held;
     *   WOKEN     a queued goroutine has been woken to compete and not yet decided; unlock wakes
     *             no one else meanwhile (one contender at a time, no thundering herd);
     *   WAITERS   the queue is not empty (written under the queue lock);
     *   STARVING  starvation mode: unlock keeps LOCKED set and hands the lock to the queue's
     *             head; arrivals queue at the tail instead of barging.
     * Invariants: STARVING implies LOCKED and WAITERS. The fast paths are a read and one CAS:
     * lock takes a free lock whatever the other bits (s -> s | LOCKED), unlock frees a held one in
     * normal mode (s -> s & ~LOCKED) and wakes a waiter if WAITERS is set without WOKEN. Reading
     * first matters under contention: with waiters queued the state is never exactly 0 or LOCKED,
     * and a CAS from those values would fail, an atomic operation on the holder's line for
     * nothing, before the slow path's read and CAS (MutexBenchmark at 8 goroutines).
     *
     * No lost wake-up: a locker that decides to queue sets WAITERS by a CAS from the very state
     * in which it saw LOCKED, under the queue lock. An unlock that freed the lock in between
     * makes that CAS fail, and the locker looks again. Conversely, an unlock that sees WAITERS
     * takes the queue lock to wake the head, which therefore is linked by then.
     *
     * Normal mode: unlock clears LOCKED, then (if WAITERS and no WOKEN) sets WOKEN and completes
     * the head with RETRY. The woken goroutine competes with arrivals; losing, it re-queues at
     * the head (it was first in line) clearing WOKEN, and if it has waited more than
     * STARVATION_NANOS since it first blocked, sets STARVING in the same CAS.
     * Starvation mode: unlock completes the head with HANDOFF and leaves LOCKED set, so
     * ownership moves without a window for barging. The receiver leaves starvation mode (the
     * unlocker clears STARVING for it) when it is the last waiter or waited less than
     * STARVATION_NANOS, as Go does; otherwise the next unlock hands off again.
     *
     * A locker does not spin before it queues. Go's does, briefly, and only while no other
     * goroutine waits to run on its P (sync_runtime_canSpin). Measured here on both schedulers
     * once the fast paths stopped failing their CAS, spinning lost at every contention level of
     * MutexBenchmark (2, 8 and 100 goroutines: without it 0.63-0.73x the time on the JDK's
     * scheduler, 0.57-0.94x on go4j-sched; benchmarks/RESULTS.md, "Mutex: no spin"): a waiter
     * that parks leaves the holder to re-lock uncontended, while a spinning one keeps the lock's
     * line moving between cores. ReentrantLock barely spins either. Phase numbers below follow
     * Go's lockSlow, whose phase 2 is that spin.
     *
     * Unlike a channel's waiters, a woken Mutex waiter may lose and block again, and a Waiter is
     * single-use, so each block takes a new node; the first block's time travels along.
     *
     * The holder (for dumps and deadlock detection: who holds the Mutex a goroutine waits on) is
     * a plain field written by whoever takes the lock, right after its CAS, and cleared by unlock
     * right before its releasing CAS, only while Hooks.WAIT_REASONS is on. It is a hint: a reader
     * may see it a moment late, and a Mutex locked by one goroutine and unlocked by another
     * reports its locker. Cost: two plain stores per lock/unlock pair (MutexBenchmark).
     */

    /** A waiter blocked longer than this switches to starvation mode (Go: 1 ms). */
    static final long STARVATION_NANOS = 1_000_000;

    private static final int LOCKED = 1;
    private static final int WOKEN = 2;
    private static final int WAITERS = 4;
    private static final int STARVING = 8;

    /** Completion cases of a queued node. */
    private static final int RETRY = 0;
    private static final int HANDOFF = 1;

    private final WaitQueue queue = new WaitQueue();

    static {
        Blockers.registerHolder(Mutex.class, Mutex::holder);
    }

    private volatile int state;   // see the implementation notes; CAS by lockers and unlockers
    private Thread holder;        // hint: written plainly by the locker after its CAS, cleared by unlock

    /** Creates an unlocked Mutex. */
    public Mutex() {}

    /**
     * Locks this Mutex, blocking until it is available.
     *
     * @throws GoInterruptedException if interrupted while blocked (the lock is not acquired)
     */
    @Override
    public void lock() {
        lock(WaitReason.SYNC_MUTEX_LOCK, "sync.Mutex.Lock");
    }

    /**
     * Locks this Mutex if it is free now, without blocking; returns whether it did.
     *
     * @return true if this call locked the Mutex
     */
    public boolean tryLock() {
        for (;;) {
            int s = state;
            if ((s & LOCKED) != 0) {
                return false;   // STARVING implies LOCKED: a starving Mutex is never free to barge
            }
            if (casState(s, s | LOCKED)) {
                acquired();
                return true;
            }
        }
    }

    /**
     * Unlocks this Mutex. Any goroutine may unlock it, not only the one that locked it.
     *
     * @throws GoPanic {@code sync: unlock of unlocked mutex} if it is not locked
     */
    @Override
    public void unlock() {
        releasing();
        int s = state;
        if ((s & (LOCKED | STARVING)) == LOCKED && casState(s, s & ~LOCKED)) {
            if ((s & (WAITERS | WOKEN)) == WAITERS) {
                wakeOne();
            }
            return;
        }
        unlockSlow();
    }

    @Override
    public String toString() {
        return "Mutex[" + ((state & LOCKED) != 0 ? "locked" : "unlocked") + "]";
    }

    /** Locks, waiting with {@code reason}: {@link #lock()}, and RWMutex's writer lock (hence reason and op). */
    void lock(WaitReason reason, String op) {
        if (!tryTakeFree()) {
            lockSlow(reason, op);
        }
        acquired();
    }

    /**
     * The fast path of a locker that has not queued: takes the lock if it is free, whatever the
     * other bits say (barging with WAITERS or WOKEN set is allowed in normal mode, and STARVING
     * implies LOCKED): a read, then one CAS. A CAS from 0 alone would fail, and cost an atomic
     * operation on the holder's line, whenever anyone is queued.
     */
    private boolean tryTakeFree() {
        int s = state;
        return (s & LOCKED) == 0 && casState(s, s | LOCKED);
    }

    /** Returns the thread that holds this Mutex, or null (a hint; see the implementation notes). */
    Thread holder() {
        return (state & LOCKED) != 0 ? holder : null;
    }

    /** Bookkeeping of a lock just taken: the holder hint and the happens-before acquire. */
    private void acquired() {
        if (Hooks.WAIT_REASONS) {
            holder = Thread.currentThread();
        }
        if (Hooks.SYNC_EVENTS) {
            Hooks.acquire(this, 0);
        }
    }

    /** Bookkeeping of a lock about to be released (by its holder, or any goroutine). */
    private void releasing() {
        if (Hooks.SYNC_EVENTS) {
            Hooks.release(this, 0);
        }
        if (Hooks.WAIT_REASONS) {
            holder = null;
        }
    }

    private void lockSlow(WaitReason reason, String op) {
        long since = 0;          // when this goroutine first blocked; 0 while it has not
        boolean woken = false;   // this goroutine owns the WOKEN bit
        for (;;) {
            int s = state;
            // phase 1 - the lock is free: take it (barging is allowed: STARVING implies LOCKED)
            if ((s & LOCKED) == 0) {
                int ns = woken ? (s | LOCKED) & ~WOKEN : s | LOCKED;
                if (casState(s, ns)) {
                    return;
                }
                continue;
            }
            // phase 3 - queue: at the head if woken before (it was first in line), else the tail;
            // the clock is read before the queue lock so that the read-CAS window stays short
            long now = System.nanoTime();
            if (since == 0) {
                since = now;
            }
            boolean requeue = woken;
            boolean starving = requeue && now - since > STARVATION_NANOS;
            queue.lock();
            s = state;
            if ((s & LOCKED) == 0) {
                queue.unlock();
                continue;
            }
            int ns = s | WAITERS;
            if (requeue) {
                ns &= ~WOKEN;
                if (starving) {
                    ns |= STARVING;
                }
            }
            if (!casState(s, ns)) {
                queue.unlock();
                continue;
            }
            woken = false;
            WaitQueue.Node node = new WaitQueue.Node(since, now);
            if (requeue) {
                queue.addFirst(node);
            } else {
                queue.addLast(node);
            }
            queue.unlock();
            // phase 4 - park and act on the outcome
            int r = node.park(reason, this);
            if (r == HANDOFF) {
                return;
            }
            if (r == RETRY) {
                woken = true;
                continue;
            }
            cancel(node);
            throw new GoInterruptedException(op);
        }
    }

    /** An interrupted waiter unlinks itself; an empty queue leaves no WAITERS or STARVING behind. */
    private void cancel(WaitQueue.Node node) {
        queue.lock();
        try {
            queue.remove(node);
            if (queue.isEmpty()) {
                clearBits(WAITERS | STARVING);
            }
        } finally {
            queue.unlock();
        }
    }

    private void unlockSlow() {
        int s;
        for (;;) {
            s = state;
            if ((s & LOCKED) == 0) {
                throw new GoPanic("sync: unlock of unlocked mutex");
            }
            if ((s & STARVING) != 0) {
                handOff();
                return;
            }
            if (casState(s, s & ~LOCKED)) {
                break;
            }
        }
        wakeOne();
    }

    /**
     * Normal mode, after an unlock: wakes one waiter to compete, unless one is already awake, the
     * lock was taken again meanwhile (its unlock will wake), or no one waits.
     */
    private void wakeOne() {
        int s;
        for (;;) {
            s = state;
            if ((s & WAITERS) == 0 || (s & (LOCKED | WOKEN | STARVING)) != 0) {
                return;
            }
            if (casState(s, s | WOKEN)) {
                break;
            }
        }
        wake(RETRY);
    }

    /** Starvation mode: pass the lock, still LOCKED, to the first live waiter. */
    private void handOff() {
        wake(HANDOFF);
    }

    /**
     * Completes the first live waiter with {@code how}. For RETRY the caller has set WOKEN;
     * for HANDOFF, LOCKED is still set and becomes the waiter's. With no live waiter, the bit
     * the caller was passing on is cleared (WOKEN, or LOCKED with STARVING).
     */
    private void wake(int how) {
        WaitQueue.Node woken = null;
        int r = Waiter.LOST;
        queue.lock();
        try {
            while (r == Waiter.LOST) {
                woken = queue.pollFirst();
                if (woken == null) {
                    clearBits(how == RETRY ? WOKEN | WAITERS : LOCKED | STARVING | WAITERS);
                    return;
                }
                if (queue.isEmpty()) {
                    clearBits(WAITERS | STARVING);
                } else if (how == HANDOFF && System.nanoTime() - woken.since < STARVATION_NANOS) {
                    clearBits(STARVING);
                }
                r = woken.tryComplete(how);
            }
        } finally {
            queue.unlock();
        }
        if (r == Waiter.COMPLETED_MUST_UNPARK) {
            woken.unpark();
        }
        if (Hooks.CONTENTION) {
            // Go's mutex profile: the delay is charged to the unlocker, whose stack caused it
            Hooks.contended(WaitReason.SYNC_MUTEX_LOCK, this, System.nanoTime() - woken.parkedAt);
        }
    }

    // Atomic updates
    private boolean casState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    private void clearBits(int bits) {
        for (;;) {
            int s = state;
            if ((s & bits) == 0 || casState(s, s & ~bits)) {
                return;
            }
        }
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Mutex.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
