package io.go4j.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Waiter is one blocked operation of one thread: the word on which a counterpart completes the
 * operation and wakes the owner in a single CAS, and the owner's spin-then-park loop. A select
 * shares one Waiter among its cases; exactly one counterpart completes it.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code state} moves RUNNING → PARKED → (DONE+k | CANCELLED) or RUNNING → (DONE+k |
 *       CANCELLED), never back. DONE+k means a counterpart completed case {@code k}; CANCELLED
 *       means the owner gave up after an interrupt or, in {@link #parkUntil}, at its deadline. Whoever makes the final CAS owns the
 *       outcome; everyone else backs off.</li>
 *   <li>Only the owner sets PARKED and CANCELLED; only counterparts set DONE+k, and they publish
 *       the case's result (in their own node) before that CAS, so the owner reads it after
 *       observing DONE+k (volatile: release/acquire).</li>
 *   <li>A counterpart unparks the owner only if its CAS replaced PARKED: completing an owner that
 *       is still spinning costs no unpark.</li>
 * </ul>
 */
public class Waiter {
    /*
     * Implementation notes.
     *
     * Claim and wake-up are one atomic step. A first version used two words (a claim CAS, then a
     * getAndSet of a wake state): two atomic operations on a cache line the spinning owner keeps
     * reading, each a line transfer between cores. Merging them halves that traffic; the cost is
     * that the result cannot live in the shared Waiter (two counterparts racing to complete a
     * select would both write it), so each counterpart writes into its own queue node before its
     * CAS, and only the winner's node is read.
     *
     * The owner spins first for a short budget the caller chooses (adapted per channel): a
     * counterpart already running on the other carrier often arrives within a microsecond, and
     * a park/unpark pair costs ~500 ns between virtual threads here. Then it CASes RUNNING →
     * PARKED; failing that CAS means the operation completed meanwhile, so it must not park.
     * LockSupport.park may return spuriously, hence the loop.
     *
     * Interruption: the owner CASes PARKED → CANCELLED. Winning means no counterpart can complete
     * the operation any more. Losing means a counterpart completed it first: the operation
     * happened, and the owner returns its result with the interrupt flag set. So a value is
     * never lost or duplicated when an interrupt races with a send.
     *
     * A deadline (parkUntil) is one more reason for the owner to give up, handled exactly like an
     * interrupt: the same PARKED → CANCELLED CAS, so a completion racing with the deadline wins
     * and is reported, never lost. Only the result code differs. LockSupport.parkNanos returns
     * spuriously too, so the loop rereads the clock rather than trusting its return.
     *
     * Synctest bubbles (Bubble, note 1): a durable wait in a bubble sets `bubble` before the
     * PARKED CAS and subtracts itself from the bubble's running count after it; a completer
     * that finds PARKED with a bubble adds one before its own CAS, the owner giving up adds one
     * before its CANCELLED CAS; whoever loses takes its addition back. The count never
     * understates the runnable goroutines, so the bubble never looks idle while one is about to
     * run. Cost outside bubbles: in park, one read of a static volatile (Bubble.anyLive); in
     * tryComplete, when the state read is PARKED, one read of `bubble` on the same object.
     * parkUntil (a real-time deadline) is never a durable wait: sleeps in a bubble park with
     * park, and a fake timer completes them.
     */

    /** Results of {@link #tryComplete} (a completion attempt, not an operation's {@link Outcome}). */
    public static final int LOST = 0;
    public static final int COMPLETED = 1;
    public static final int COMPLETED_MUST_UNPARK = 2;

    private static final int RUNNING = 0;
    private static final int PARKED = 1;
    private static final int CANCELLED = 2;
    private static final int DONE = 3;   // DONE + k: case k completed

    private final Thread thread;
    private volatile int state;          // see the invariants
    private Bubble bubble;               // owner-written before its PARKED CAS, only for a durable wait in
                                         // a synctest bubble; read by completers that saw PARKED
    private long unparkNanos;            // racy hint: System.nanoTime() when a completer unparked the owner,
                                         // 0 if none did; the owner reads it after waking (wakeNanos)

    /** Creates a waiter owned by the current thread. */
    public Waiter() {
        this.thread = Thread.currentThread();
    }

    /**
     * Completes case {@code caseIndex} of this waiter. Returns {@link #LOST} if it was already
     * completed or cancelled, {@link #COMPLETED} if the owner had not parked yet, or
     * {@link #COMPLETED_MUST_UNPARK}: then the caller must call {@link #unpark()}, after
     * releasing any lock it holds. The caller publishes the result before calling.
     */
    public final int tryComplete(int caseIndex) {
        for (;;) {
            int s = state;
            if (s >= CANCELLED) {
                return LOST;
            }
            Bubble b = s == PARKED ? bubble : null;
            if (b != null) {
                b.unblocking();   // before the CAS: the bubble must not look idle once it lands
            }
            if (STATE.compareAndSet(this, s, DONE + caseIndex)) {
                return s == PARKED ? COMPLETED_MUST_UNPARK : COMPLETED;
            }
            if (b != null) {
                b.blocked();      // another completer, or the owner giving up, won and counted it
            }
        }
    }

    /**
     * Wakes the owner; owed by whoever got {@link #COMPLETED_MUST_UNPARK}. The caller's goroutine
     * remembers it, for {@link Scheduling#awaitAdaptive}.
     */
    public final void unpark() {
        Hooks.unparked(thread);   // before the owner can run: a tracer sees unpark, then unblock
        unparkNanos = System.nanoTime();
        LockSupport.unpark(thread);
        Scheduling.wokePeer();
    }

    /**
     * Returns how long the owner took to run again after a completer unparked it (the cost of a
     * wake-up as the owner saw it), or -1 if no completer unparked it: it completed while the
     * owner spun, or the owner gave up. The owner calls it after {@link #park} returned. A hint:
     * the completer's timestamp is a plain write made just before its unpark.
     *
     * @return the wake-up's cost in ns, or -1
     */
    public final long wakeNanos() {
        long unparked = unparkNanos;
        return unparked == 0 ? -1 : Math.max(0, System.nanoTime() - unparked);
    }

    /**
     * Returns the thread that owns this waiter (the one that blocks in it).
     *
     * @return the owner thread
     */
    public final Thread thread() {
        return thread;
    }

    /** Returns true once a counterpart has completed this waiter. */
    public final boolean isDone() {
        return state >= DONE;
    }

    /**
     * Spins until completed or {@code spinNanos} elapse; returns true if completed. Does not
     * spin when {@link Hooks#SPIN} is off.
     */
    public final boolean spin(long spinNanos) {
        if (!Scheduling.spinning()) {
            return state >= DONE;
        }
        long deadline = 0;
        for (int i = 0; ; i++) {
            if (state >= DONE) {
                return true;
            }
            if ((i & Scheduling.CLOCK_CHECK_MASK) == 0) {
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

    /**
     * Parks without spinning until a counterpart completes a case or the owner is interrupted.
     * Records {@code reason} and {@code blocker} in the goroutine registry while parked.
     *
     * @param reason  why the owner waits, in Go's words
     * @param blocker what it waits on ({@link Goroutine#waitBlocker()}), also passed to
     *                {@link LockSupport#park(Object)}
     * @return the completed case index (the interrupt flag may be set if an interrupt raced with
     *         completion), or {@link Outcome#INTERRUPTED} if the owner was interrupted and
     *         cancelled the operation (the interrupt flag is set again)
     */
    public final int park(WaitReason reason, Object blocker) {
        int done = state;
        if (done >= DONE) {
            return done - DONE;   // completed while the owner spun: it never waited, nothing to record
        }
        // The wait is recorded before the CAS that lets counterparts see PARKED, so that nobody
        // can unpark this thread before it is seen (and reported) waiting.
        Goroutine g = Registry.beginWait(reason, blocker);
        Bubble b = Bubble.anyLive() ? Bubble.durableWait(g, reason) : null;
        try {
            if (b != null) {
                bubble = b;   // before the CAS: a completer that sees PARKED sees it
            }
            if (!STATE.compareAndSet(this, RUNNING, PARKED)) {
                return state - DONE;  // completed between the spin and the CAS
            }
            if (b != null) {
                b.blocked();   // after the CAS (implementation notes)
            }
            for (;;) {
                LockSupport.park(blocker);
                int s = state;
                if (s >= DONE) {
                    return s - DONE;
                }
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();  // the caller reports it, or leaves it set
                    if (b != null) {
                        b.unblocking();
                    }
                    if (STATE.compareAndSet(this, PARKED, CANCELLED)) {
                        return Outcome.INTERRUPTED;
                    }
                    if (b != null) {
                        b.blocked();   // a completer won, and counted this goroutine runnable
                    }
                    return state - DONE;  // a counterpart completed it first
                }
            }
        } finally {
            Registry.endWait(g);
        }
    }

    /**
     * Parks without spinning until a counterpart completes a case, the owner is interrupted, or
     * {@link System#nanoTime()} reaches {@code deadlineNanos}. Records {@code reason} while parked.
     *
     * @param reason        why the owner waits, in Go's words
     * @param blocker       what it waits on, or null (a sleep)
     * @param deadlineNanos when to give up, in {@link System#nanoTime()}'s time
     * @return the completed case index (the interrupt flag may be set if an interrupt raced with
     *         completion), {@link Outcome#INTERRUPTED} if interrupted (the flag is set again), or
     *         {@link Outcome#TIMED_OUT} if the deadline passed first
     */
    public final int parkUntil(WaitReason reason, Object blocker, long deadlineNanos) {
        int done = state;
        if (done >= DONE) {
            return done - DONE;   // completed before the owner parked: nothing to record
        }
        Goroutine g = Registry.beginWait(reason, blocker);   // before the CAS, as in park
        try {
            if (!STATE.compareAndSet(this, RUNNING, PARKED)) {
                return state - DONE;  // completed before we parked
            }
            for (;;) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining > 0) {
                    LockSupport.parkNanos(blocker, remaining);
                }
                int s = state;
                if (s >= DONE) {
                    return s - DONE;
                }
                int giveUp;
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();  // the caller reports it, or leaves it set
                    giveUp = Outcome.INTERRUPTED;
                } else if (deadlineNanos - System.nanoTime() <= 0) {
                    giveUp = Outcome.TIMED_OUT;
                } else {
                    continue;  // spurious wake-up
                }
                if (STATE.compareAndSet(this, PARKED, CANCELLED)) {
                    return giveUp;
                }
                return state - DONE;  // a counterpart completed it first
            }
        } finally {
            Registry.endWait(g);
        }
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
