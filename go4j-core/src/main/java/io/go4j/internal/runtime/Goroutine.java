package io.go4j.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Map;

/**
 * Goroutine is the registry's record of one live goroutine (Go's {@code g}): identity, creator,
 * and what it is waiting for. For a goroutine started by {@code go()} it is also the
 * {@link Runnable} its virtual thread runs, that thread's uncaught-exception handler (reporting
 * panics) and its registry list node, so one allocation serves all four. A thread not started by
 * {@code go()} (main, a platform thread, a plain virtual thread) gets an <em>adopted</em> record
 * when it first waits in a go4j primitive, so that it too is seen waiting (Go counts main among
 * its goroutines, and a deadlock involving main must be detectable).
 *
 * <p>Invariants: {@code id}, {@code creatorId}, {@code createdBy} and {@code adopted} never
 * change. {@code waitReason} is non-null exactly while the thread is parked (or about to park) in
 * a go4j primitive; {@code waitSinceNanos} and {@code waitBlocker} are then the
 * {@link System#nanoTime()} at which the wait began and what it waits on.
 *
 * <p>Non-invariants: a reader on another thread may see a wait reason a moment after the
 * goroutine woke; snapshots are for diagnosis, not for synchronisation.
 */
public final class Goroutine implements Runnable, Thread.UncaughtExceptionHandler {
    private static final long NANO_ORIGIN = System.nanoTime();
    private static final Instant WALL_ORIGIN = Instant.now();

    /** The creator id of an adopted thread's record: no goroutine started it. */
    public static final long NO_CREATOR = 0;

    private final Runnable task;                 // null for an adopted thread
    private final long creatorId;
    private final StackTraceElement createdBy;   // may be null
    private final boolean adopted;
    private Thread thread;                       // written once by the creator before start
    private volatile Map<String, String> labels; // immutable, sorted by key; written by its own thread
    private volatile long unparkedAtNanos;       // last unpark seen by a goroutine listener, else 0

    private WaitReason waitReason;               // written by the goroutine itself (release), read acquire
    private long waitSinceNanos;                 // written by the goroutine before waitReason
    private Object waitBlocker;                  // written by the goroutine before waitReason
    boolean wokePeer;                            // own thread only: unparked a peer since its last wait
    Goroutine prevLive;                          // guarded by the registry stripe's lock
    Goroutine nextLive;                          // guarded by the registry stripe's lock

    Goroutine(Runnable task, long creatorId, StackTraceElement createdBy, Map<String, String> labels) {
        this.task = task;
        this.creatorId = creatorId;
        this.createdBy = createdBy;
        this.adopted = false;
        this.labels = labels;
    }

    /** An adopted record for {@code thread}, which {@code go()} did not start. */
    Goroutine(Thread thread) {
        this.task = null;
        this.creatorId = NO_CREATOR;
        this.createdBy = null;
        this.adopted = true;
        this.thread = thread;
        this.labels = Map.of();
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
        Hooks.started(this);
        try {
            task.run();
        } catch (Goexit exit) {
            // Go.goexit(): the task's finally blocks have run; ending this way is not a panic
        } catch (Throwable panic) {
            // Reported while still registered, so a dump taken by the handler shows this goroutine.
            Panics.dispatch(this, Thread.currentThread(), panic);
        } finally {
            if (Hooks.SYNC_EVENTS) {
                Hooks.goExit();
            }
            Hooks.exited(this);
            Registry.remove(this);
        }
    }

    /**
     * Returns the goroutine id: its thread's {@link Thread#threadId()}.
     *
     * @return the id
     */
    public long id() {
        return thread.threadId();
    }

    /**
     * Returns the thread this record is about.
     *
     * @return the thread
     */
    public Thread thread() {
        return thread;
    }

    /**
     * Reports whether this goroutine has a platform thread of its own (Go's "locked to thread",
     * for its whole life): started by {@code Go.goLocked}, never on a virtual thread.
     */
    public boolean lockedToThread() {
        return !adopted && !thread.isVirtual();
    }

    /**
     * Returns the id of the thread that started this goroutine, or {@link #NO_CREATOR} for an
     * adopted thread.
     *
     * @return the creator's id
     */
    public long creatorId() {
        return creatorId;
    }

    /**
     * Returns where this goroutine was started, or null if not recorded or adopted.
     *
     * @return the call site of {@code go(...)}, or null
     */
    public StackTraceElement createdBy() {
        return createdBy;
    }

    /**
     * Returns whether this is an adopted thread (not started by {@code go()}): main, a platform
     * thread or a plain virtual thread seen waiting in a go4j primitive.
     *
     * @return true if adopted
     */
    public boolean adopted() {
        return adopted;
    }

    /**
     * Returns why this thread is parked in a go4j primitive, or null if it is not.
     *
     * @return the wait reason, or null
     */
    public WaitReason waitReason() {
        return (WaitReason) WAIT_REASON.getAcquire(this);
    }

    /**
     * Returns what this thread waits on, or null if it is not waiting: a channel's
     * {@code HChan}, an {@code HChan[]} holding a select's channels (null for its nil cases), a
     * {@code Mutex}, {@code RWMutex}, {@code WaitGroup}, {@code Cond}, or null for a sleep.
     * {@link Blockers#holderOf} tells who holds a lock.
     *
     * @return the blocker, or null
     */
    public Object waitBlocker() {
        WaitReason reason = waitReason();   // acquire: waitBlocker is at least as new
        Object blocker = waitBlocker;
        return reason == null ? null : blocker;
    }

    /**
     * Returns when the current wait began, in {@link System#nanoTime()}'s time, or 0 if the
     * thread is not waiting.
     *
     * @return the wait's start, or 0
     */
    public long waitSinceNanos() {
        WaitReason reason = waitReason();   // acquire: waitSinceNanos is at least as new
        long since = waitSinceNanos;
        return reason == null ? 0 : since;
    }

    /**
     * Returns when the current wait began, or null if the goroutine is not waiting.
     *
     * @return the wait's start, or null
     */
    public Instant waitingSince() {
        WaitReason reason = waitReason();   // acquire: waitSinceNanos is at least as new
        long since = waitSinceNanos;
        return reason == null ? null : WALL_ORIGIN.plusNanos(since - NANO_ORIGIN);
    }

    /**
     * Returns this goroutine's profiler labels (Go's {@code pprof} labels), sorted by key:
     * inherited from its creator, changed by {@code Go.withLabels}.
     *
     * @return the labels, never null, unmodifiable
     */
    public Map<String, String> labels() {
        return labels;
    }

    /**
     * Replaces the labels; called on this goroutine's own thread.
     *
     * @param labels an unmodifiable map sorted by key
     */
    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
        Hooks.labelsChanged(this);   // a CPU profile ties its samples to the labels of their moment
    }

    /**
     * Returns when a goroutine listener last saw this goroutine unparked
     * ({@link Hooks.GoroutineListener#unparked}), in {@link System#nanoTime()}'s time, or 0: with
     * {@link Hooks.GoroutineListener#unblocked}, the time from runnable to running (Go's
     * scheduling latency). Not recorded for adopted threads, whom an unparker cannot look up.
     *
     * @return the last unpark's time, or 0
     */
    public long unparkedAtNanos() {
        return unparkedAtNanos;
    }

    void unparkedAt(long nanos) {
        unparkedAtNanos = nanos;
    }

    /*
     * Release stores, not volatile ones: the park path runs on every blocking operation, and a
     * reader (a dump) only needs to see a reason together with its start time, which
     * release/acquire gives, not a total order with other memory operations.
     */
    void beginWait(WaitReason reason, Object blocker, long nowNanos) {
        waitSinceNanos = nowNanos;
        waitBlocker = blocker;
        WAIT_REASON.setRelease(this, reason);
    }

    void endWait() {
        WAIT_REASON.setRelease(this, null);
        waitBlocker = null;   // after the release: a reader that saw the reason may see the blocker
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
