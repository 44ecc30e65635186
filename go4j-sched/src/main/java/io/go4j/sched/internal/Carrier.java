package io.go4j.sched.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Carrier is one of go4j-sched's platform threads that run goroutines' continuations: Go's M
 * together with its P (the local run queue and the {@code runnext} slot). A carrier keeps its P
 * for life; when one is stuck in a long task (blocked in the OS, pinned, or computing without
 * blocking) the sysmon moves its queued work away and, if runnable work would otherwise wait,
 * starts a spare carrier (Go hands the P of a blocked M to another M; see {@link Scheduler}).
 *
 * <p>Fields written only by the carrier's own OS thread (the owner): {@link #runq}'s tail,
 * {@link #schedtick}, {@link #spinning}. Everyone may take from {@link #runq} and
 * {@link #runnext} (CAS).
 */
final class Carrier extends Thread {

    private static final VarHandle RUNNEXT;
    private static final VarHandle WOKEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RUNNEXT = l.findVarHandle(Carrier.class, "runnext", Runnable.class);
            WOKEN = l.findVarHandle(Carrier.class, "woken", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Scheduler scheduler;
    /** Its number, in its name: core carriers count from 0 in the order they are made (a raised GOMAXPROCS makes more), spares count apart. */
    final int id;
    final boolean spare;
    final RunQueue runq = new RunQueue();
    final Runnable[] buffer = new Runnable[RunQueue.SIZE / 2 + 1];   // steals and spills, owner only

    private volatile Runnable runnext;      // Go's runnext: the continuation to run next here

    /** Tasks started (owner only). */
    int schedtick;
    /** {@code schedtick << 1 | 1} while a task runs, {@code schedtick << 1} between tasks: the sysmon's view. */
    volatile long progress;
    /** Whether this carrier counts in {@link Scheduler}'s spinning count (owner only). */
    boolean spinning;
    /** Set by whoever takes this carrier off the idle list to wake it. */
    private volatile boolean woken;
    /** Whether it is on the idle list; guarded by the scheduler's idle lock. */
    boolean idle;
    /** A core carrier beyond a lowered GOMAXPROCS: it leaves, as a spare does, once it finds nothing to do. */
    volatile boolean retiring;

    // the sysmon's own bookkeeping (sysmon thread only)
    long seenProgress = -1;
    long seenAtNanos;
    boolean stuck;

    Carrier(Scheduler scheduler, int id, boolean spare) {
        super(null, null, (spare ? "go4j-sched-spare-" : "go4j-sched-P") + id, 0, false);   // default stack: mounted goroutines run on it
        this.scheduler = scheduler;
        this.id = id;
        this.spare = spare;
        setDaemon(true);
    }

    @Override
    public void run() {
        scheduler.runCarrier(this);
    }

    /** Owner only: makes {@code r} this carrier's next task; returns the one it displaces, or null. */
    Runnable putNext(Runnable r) {
        return (Runnable) RUNNEXT.getAndSet(this, r);
    }

    /** Takes the runnext task, if any (anyone). */
    Runnable takeNext() {
        return runnext == null ? null : (Runnable) RUNNEXT.getAndSet(this, null);
    }

    /** Returns the runnext task without taking it, possibly stale. */
    Runnable peekNext() {
        return runnext;
    }

    /** Takes {@code r} if it is still the runnext task (anyone); returns whether it did. */
    boolean takeNext(Runnable r) {
        return RUNNEXT.compareAndSet(this, r, null);
    }

    /** Whether a runnext task is waiting, possibly stale. */
    boolean hasNext() {
        return runnext != null;
    }

    /** Whether it leaves when it finds nothing to do: a spare, or a core carrier beyond GOMAXPROCS. */
    boolean leavesWhenIdle() {
        return spare || retiring;
    }

    /** Wakes this carrier, taken off the idle list by the caller. */
    void wake() {
        WOKEN.setVolatile(this, true);
        java.util.concurrent.locks.LockSupport.unpark(this);
    }

    /** Owner only: parks until {@link #wake} (spurious returns absorbed). */
    void awaitWake() {
        while (!(boolean) WOKEN.compareAndSet(this, true, false)) {
            java.util.concurrent.locks.LockSupport.park(this);
        }
    }

    /** Whether a task is running on it now, possibly stale. */
    boolean inTask() {
        return (progress & 1) != 0;
    }
}
