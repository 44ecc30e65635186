package io.go4j.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

/**
 * Goroutine is the registry's record of one live goroutine (Go's {@code g}): identity, creator,
 * and what it is waiting for. It is also the {@link Runnable} its virtual thread runs, that
 * thread's uncaught-exception handler (reporting panics) and its registry list node, so one
 * allocation serves all four.
 *
 * <p>Invariants: {@code id}, {@code creatorId} and {@code createdBy} never change.
 * {@code waitReason} is non-null exactly while the goroutine is parked (or about to park) in a
 * go4j primitive, and {@code waitSinceNanos} is then the {@link System#nanoTime()} at which the
 * wait began.
 *
 * <p>Non-invariants: a reader on another thread may see a wait reason a moment after the
 * goroutine woke; snapshots are for diagnosis, not for synchronisation.
 */
public final class Goroutine implements Runnable, Thread.UncaughtExceptionHandler {
    private static final long NANO_ORIGIN = System.nanoTime();
    private static final Instant WALL_ORIGIN = Instant.now();

    private final Runnable task;
    private final long creatorId;
    private final StackTraceElement createdBy;   // may be null
    private Thread thread;                       // written once by the creator before start

    private WaitReason waitReason;               // written by the goroutine itself (release), read acquire
    private long waitSinceNanos;                 // written by the goroutine before waitReason
    boolean wokePeer;                            // own thread only: unparked a peer since its last wait
    Goroutine prevLive;                          // guarded by the registry stripe's lock
    Goroutine nextLive;                          // guarded by the registry stripe's lock

    Goroutine(Runnable task, long creatorId, StackTraceElement createdBy) {
        this.task = task;
        this.creatorId = creatorId;
        this.createdBy = createdBy;
    }

    void bind(Thread thread) {
        this.thread = thread;
    }

    /** Reports this goroutine's panic (it is its thread's uncaught-exception handler). */
    @Override
    public void uncaughtException(Thread t, Throwable panic) {
        Panics.report(t, panic);
    }

    @Override
    public void run() {
        try {
            task.run();
        } catch (Goexit exit) {
            // Go.goexit(): the task's finally blocks have run; ending this way is not a panic
        } catch (Throwable panic) {
            // Reported while still registered, so a dump taken by the handler shows this goroutine.
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, panic);
        } finally {
            Registry.remove(this);
        }
    }

    public long id() {
        return thread.threadId();
    }

    public Thread thread() {
        return thread;
    }

    /**
     * Reports whether this goroutine has a platform thread of its own (Go's "locked to thread",
     * for its whole life): started by {@code Go.goLocked}, never on a virtual thread.
     */
    public boolean lockedToThread() {
        return !thread.isVirtual();
    }

    public long creatorId() {
        return creatorId;
    }

    public StackTraceElement createdBy() {
        return createdBy;
    }

    public WaitReason waitReason() {
        return (WaitReason) WAIT_REASON.getAcquire(this);
    }

    /** Returns when the current wait began, or null if the goroutine is not waiting. */
    public Instant waitingSince() {
        WaitReason reason = waitReason();   // acquire: waitSinceNanos is at least as new
        long since = waitSinceNanos;
        return reason == null ? null : WALL_ORIGIN.plusNanos(since - NANO_ORIGIN);
    }

    /*
     * Release stores, not volatile ones: the park path runs on every blocking operation, and a
     * reader (a dump) only needs to see a reason together with its start time, which
     * release/acquire gives, not a total order with other memory operations.
     */
    void beginWait(WaitReason reason) {
        waitSinceNanos = System.nanoTime();
        WAIT_REASON.setRelease(this, reason);
    }

    void endWait() {
        WAIT_REASON.setRelease(this, null);
    }

    // VarHandle mechanics
    private static final VarHandle WAIT_REASON;

    static {
        try {
            WAIT_REASON = MethodHandles.lookup().findVarHandle(Goroutine.class, "waitReason", WaitReason.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
