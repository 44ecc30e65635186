package io.go4j.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

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
 * goroutine woke; snapshots are for diagnosis, not for synchronisation. In leak mode
 * ({@link Hooks#LEAK_DETECTION}) {@link #thread()} is null once the collector has reclaimed the
 * thread, and {@link #waitBlocker()} is read from the parked thread itself.
 */
public final class Goroutine implements Runnable, Thread.UncaughtExceptionHandler {
    /*
     * Implementation notes: leak mode.
     *
     * A parked virtual thread that nothing references is garbage (with -Djdk.trackAllThreads=
     * false the JDK keeps no list of them), and go4j's leak finder uses the collector to prove
     * that a goroutine can never be woken, as Go 1.26's goroutineleak profile does. The registry
     * must then not be what keeps a goroutine alive: this record is linked into a registry stripe
     * (a GC root), so in leak mode it keeps no strong path to anything the goroutine waits on.
     *   - task is dropped when the goroutine starts (its closure holds the goroutine's channels);
     *   - the blocker is not stored: waitBlocker() reads LockSupport.getBlocker of the parked
     *     thread, which Waiter.park sets to the same object;
     *   - the thread is held twice: `ref` (weak, with the id and virtual flag, so the record
     *     still answers id() once the thread is gone) and `thread` (strong, the keep-alive).
     *     Registry.collectLeaked clears every `thread` for the length of one proving GC and then
     *     restores the survivors, so ordinary GCs never reclaim a parked goroutine (Go keeps
     *     leaked goroutines too) and a proof always has the stacks taken just before it.
     * With the switch off (the default) `ref` stays null, the branches fold away, and the record
     * is what it always was: the one cost is the field, 8 bytes (72 -> 80 per record). The listener
     * slot (listenerState) is 8 more (80 -> 88): a reference the park path never touches.
     */
    private static final long NANO_ORIGIN = System.nanoTime();
    private static final Instant WALL_ORIGIN = Instant.now();

    /** The creator id of an adopted thread's record: no goroutine started it. */
    public static final long NO_CREATOR = 0;

    private Runnable task;                       // null for an adopted thread; leak mode: null once started
    private final long creatorId;
    private final StackTraceElement createdBy;   // may be null
    private final boolean adopted;
    private Thread thread;                       // written by the creator before start; leak mode: cleared
                                                 // and restored by Registry.collectLeaked, under the stripe lock
    private ThreadRef ref;                       // leak mode only: written once with thread
    private volatile Map<String, String> labels; // immutable, sorted by key; written by its own thread
    private volatile long unparkedAtNanos;       // last unpark seen by a goroutine listener, else 0
    Bubble bubble;                               // synctest bubble, or null; written before start, never changes

    private WaitReason waitReason;               // written by the goroutine itself (release), read acquire
    private long waitSinceNanos;                 // written by the goroutine before waitReason
    private Object waitBlocker;                  // written by the goroutine before waitReason
    boolean wokePeer;                            // own thread only: unparked a peer since its last wait
    private Object listenerState;                // a goroutine listener's state for this goroutine (go4j-trace:
                                                 // its event buffer): set by its own thread (volatile), cleared
                                                 // by any (CAS), read plain by its own thread
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
        this.labels = Map.of();
        bind(thread);
    }

    void bind(Thread thread) {
        this.thread = thread;
        if (Hooks.LEAK_DETECTION) {
            ref = new ThreadRef(thread);
        }
    }

    /** Reports this goroutine's panic (it is its thread's uncaught-exception handler). */
    @Override
    public void uncaughtException(Thread t, Throwable panic) {
        Panics.report(t, panic);
    }

    @Override
    public void run() {
        Runnable body = task;
        if (Hooks.LEAK_DETECTION) {
            task = null;   // the record must not keep what the goroutine's closure references
        }
        Hooks.started(this);
        try {
            body.run();
        } catch (Goexit exit) {
            // Go.goexit(): the task's finally blocks have run; ending this way is not a panic
        } catch (Throwable panic) {
            if (bubble != null) {
                bubble.panicked(this, panic);   // fails the bubble's test() instead (Go crashes)
            } else {
                // Reported while still registered, so a dump taken by the handler shows this goroutine.
                Hooks.panicked(this, panic);
                Panics.dispatch(this, Thread.currentThread(), panic);
            }
        } finally {
            if (Hooks.SYNC_EVENTS) {
                if (bubble != null) {
                    Hooks.releaseMerge(bubble, 0);   // the bubble's end acquires it: Bubble.drive
                }
                Hooks.goExit();
            }
            Hooks.exited(this);
            Registry.remove(this);
            if (bubble != null) {
                bubble.exited(this);   // after leaving the registry: test() returns with it gone
            }
        }
    }

    /**
     * Returns the goroutine id: its thread's {@link Thread#threadId()}.
     *
     * @return the id
     */
    public long id() {
        return Hooks.LEAK_DETECTION ? ref.id : thread.threadId();
    }

    /**
     * Returns the synctest bubble this goroutine belongs to, or null.
     *
     * @return the bubble, or null
     */
    public Bubble bubble() {
        return bubble;
    }

    /**
     * Returns the thread this record is about; in leak mode null once the collector has
     * reclaimed it (the goroutine was leaked).
     *
     * @return the thread, or null
     */
    public Thread thread() {
        return Hooks.LEAK_DETECTION ? ref.get() : thread;
    }

    /**
     * Reports whether this goroutine has a platform thread of its own (Go's "locked to thread",
     * for its whole life): started by {@code Go.goLocked}, never on a virtual thread.
     */
    public boolean lockedToThread() {
        return !adopted && !(Hooks.LEAK_DETECTION ? ref.virtual : thread.isVirtual());
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
        if (Hooks.LEAK_DETECTION) {
            Thread t = ref.get();   // the blocker is not stored in leak mode (implementation notes)
            return reason == null || t == null ? null : LockSupport.getBlocker(t);
        }
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
     * scheduling latency). A goroutine started while a goroutine listener was installed holds
     * its start time until its first unpark, so that {@link Hooks.GoroutineListener#started}
     * can tell its start latency. Not recorded for adopted threads, whom an unparker cannot
     * look up.
     *
     * @return the last unpark's time, or 0
     */
    public long unparkedAtNanos() {
        return unparkedAtNanos;
    }

    void unparkedAt(long nanos) {
        unparkedAtNanos = nanos;
    }

    /**
     * Returns the state a goroutine listener keeps for this goroutine, or null: one slot, so that
     * a listener that records per goroutine (go4j-trace's event buffers) finds its state in this
     * record, which the listener methods are given or {@link Registry#of} finds with one field
     * read, instead of a {@code ThreadLocal} lookup per event. The core never reads or writes it;
     * a listener owns what it puts there and must tell its own state from another listener's
     * (two recordings at once). A plain read: meant for this goroutine's own thread, which is the
     * only one that sets it.
     *
     * @return the slot's value
     */
    public Object listenerState() {
        return listenerState;
    }

    /**
     * Sets the listener slot ({@link #listenerState()}), a volatile write; this goroutine's own
     * thread only.
     *
     * @param state the new value, or null
     */
    public void setListenerState(Object state) {
        LISTENER_STATE.setVolatile(this, state);
    }

    /**
     * Clears the listener slot if it still holds {@code expected} (a volatile compare-and-set):
     * how a stopped listener lets go of what it left in goroutines still alive.
     *
     * @param expected the value to clear
     * @return whether it was cleared
     */
    public boolean clearListenerState(Object expected) {
        return LISTENER_STATE.compareAndSet(this, expected, null);
    }

    /*
     * Release stores, not volatile ones: the park path runs on every blocking operation, and a
     * reader (a dump) only needs to see a reason together with its start time, which
     * release/acquire gives, not a total order with other memory operations.
     */
    void beginWait(WaitReason reason, Object blocker, long nowNanos) {
        waitSinceNanos = nowNanos;
        if (!Hooks.LEAK_DETECTION) {
            waitBlocker = blocker;
        }
        WAIT_REASON.setRelease(this, reason);
    }

    void endWait() {
        WAIT_REASON.setRelease(this, null);
        waitBlocker = null;   // after the release: a reader that saw the reason may see the blocker
    }

    /** Leak mode: drops the strong reference to the thread, for one proving GC. Stripe lock held. */
    void releaseThread() {
        thread = null;
    }

    /**
     * Leak mode: takes the strong reference back after a proving GC; returns false if the
     * collector reclaimed the thread. Stripe lock held.
     */
    boolean restoreThread() {
        thread = ref.get();
        return thread != null;
    }

    /** Leak mode: the thread, weakly, with what the record must still answer once it is gone. */
    private static final class ThreadRef extends WeakReference<Thread> {
        final long id;
        final boolean virtual;

        ThreadRef(Thread t) {
            super(t);
            this.id = t.threadId();
            this.virtual = t.isVirtual();
        }
    }

    // VarHandle mechanics
    private static final VarHandle WAIT_REASON;
    private static final VarHandle LISTENER_STATE;

    static {
        try {
            WAIT_REASON = MethodHandles.lookup().findVarHandle(Goroutine.class, "waitReason", WaitReason.class);
            LISTENER_STATE = MethodHandles.lookup().findVarHandle(Goroutine.class, "listenerState", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
