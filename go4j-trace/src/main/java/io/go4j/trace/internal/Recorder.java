package io.go4j.trace.internal;

import io.go4j.debug.internal.Listeners;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.Scheduling;
import io.go4j.internal.runtime.WaitReason;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Recorder is one recording: the goroutine listener that turns go4j-core's reports into events in
 * per-thread buffers, the stacks they reference, and the state of every goroutine when it began.
 * {@link GoTraceWriter} turns what it holds into Go's trace format; the flight recorder trims it
 * to its window.
 *
 * <p>A recorder listens from {@link #start} to {@link #stop}. Recording takes no lock: each thread
 * appends to its own {@link EventBuffer}, found through a {@link ThreadLocal} (one per recorder,
 * so a stopped recording's buffers are never written again by a later one). Events are raw: what
 * each thread saw, in its own order, stamped with {@link System#nanoTime()}; making them one
 * consistent schedule is the writer's job.
 */
public final class Recorder implements Hooks.GoroutineListener {
    /*
     * Implementation notes.
     *
     * 1. What each report becomes (kind: the thread it is recorded on; arguments):
     *      started(g)        START on g: creator id, creation time (Goroutine.unparkedAtNanos, which
     *                        Registry.start sets when a listener is installed), creation site
     *      blocked(g, r, b)  BLOCK on g: wait reason, stack
     *      unblocked(g, ...) UNBLOCK on g (running again: woken, interrupted or timed out)
     *      unparked(t)       WAKE on the waker: the woken thread's id, the waker's stack
     *      exited(g)         END on g
     *      labelsChanged(g)  LABELS on g: its labels as "k=v,k2=v2" (null when none); also right
     *                        after START when g starts with labels (inherited from its creator)
     *      maxProcsChanged(n) PROCS on the caller: n, the caller's stack
     *    plus the user annotations (TASK_CREATE, TASK_END, REGION, LOG) on their caller's thread.
     * 2. The core reports unparked before the woken thread can run and blocked before its wait can
     *    be seen (Registry, Waiter), so within a correct program WAKE follows BLOCK and precedes
     *    UNBLOCK in time; the writer still copes with any order (a report lost between
     *    Registry.snapshot and listener installation, a clock tie).
     * 3. A wake-up from a daemon platform thread that is no goroutine (go4j's timer thread firing
     *    a sleep or a timeout, a pool's thread) is recorded as from no goroutine (FROM_SYSTEM),
     *    without a stack: the writer puts it on the Timers lane, as Go does for timer wake-ups,
     *    instead of showing the system thread as a goroutine that never stops running. The main
     *    thread and other non-daemon threads are goroutines here, as Go's main is.
     * 4. The recording holds its buffers strongly (its set); each thread finds its own through a
     *    ThreadLocal holding a weak reference, so that a long-lived thread's ThreadLocalMap, which
     *    keeps a stale entry until that thread next expunges it, does not keep a finished
     *    recording's events alive.
     * 5. A goroutine started by go() also caches its buffer in its Goroutine record's listener
     *    slot (Goroutine.listenerState), which the listener methods are given, or Registry.of
     *    finds with a field read: a ThreadLocal lookup per event was a quarter of a traced ring's
     *    samples (a JFR profile of RingBenchmark; 1,000 goroutines' ThreadLocalMaps, all cold).
     *    The ThreadLocal stays the one source of truth: a buffer is always made through it, and
     *    the slot only caches it, so a thread never has two buffers in one recording whichever
     *    path an event takes (adopted threads, a goroutine whose uncaught-exception handler the
     *    application replaced, two recordings at once: the second one's events find the slot
     *    taken and use the ThreadLocal). The slot is strong: stop() clears the slots it filled in
     *    the goroutines still alive. A slot filled concurrently with stop is cleared by its
     *    owner: it writes the slot (volatile) and then reads `stopped`, while stop writes
     *    `stopped` and then reads the slots, so one of the two sees the other.
     */

    static final int START = 1;
    static final int END = 2;
    static final int BLOCK = 3;
    static final int UNBLOCK = 4;
    static final int WAKE = 5;
    static final int TASK_CREATE = 6;
    static final int TASK_END = 7;
    static final int REGION = 8;
    static final int LOG = 9;
    static final int LABELS = 10;
    static final int PROCS = 11;

    /** The second argument of a WAKE from a thread that is no goroutine (note 3). */
    static final long FROM_SYSTEM = 1;

    /** A goroutine alive when the recording began. */
    record Initial(long goid, boolean waiting, StackTraceElement createdBy, String name) {}

    final long startNanos;
    final int procs;
    final StackTable stacks = new StackTable(StackTable.exactStacks());
    final List<Initial> initial;
    // A set, not a queue: the flight recorder removes an ended goroutine's buffer when its last
    // chunk leaves the window, one at a time, and a queue's remove walks it (FlightWindow's note 2).
    private final Set<EventBuffer> buffers = ConcurrentHashMap.newKeySet();
    // Weakly: a thread's ThreadLocalMap keeps its entry after the recording is over, and must not
    // keep the recording's events alive with it (note 4).
    private final ThreadLocal<WeakReference<EventBuffer>> local = new ThreadLocal<>();
    private volatile boolean stopped;   // set once by stop
    private Consumer<EventBuffer> onGrowth;   // written once before the listener is installed; may be null

    private Recorder(int procs, List<Initial> initial, long startNanos) {
        this.procs = procs;
        this.initial = initial;
        this.startNanos = startNanos;
    }

    /** A recording that listens to nothing, for tests that add events by hand ({@link #buffer}). */
    static Recorder detached(int procs, List<Initial> initial, long startNanos) {
        Recorder r = new Recorder(procs, List.copyOf(initial), startNanos);
        r.stopped = true;
        return r;
    }

    /** A new buffer for goroutine {@code goid}, for tests that add events by hand. */
    EventBuffer buffer(long goid) {
        EventBuffer b = new EventBuffer(goid);
        buffers.add(b);
        return b;
    }

    /**
     * Starts a recording: notes every goroutine alive now, then listens.
     *
     * @param procs GOMAXPROCS: how many processors the trace shows
     * @return the recording
     */
    public static Recorder start(int procs) {
        return start(procs, null);
    }

    /**
     * Starts a recording that calls {@code onGrowth} with a thread's buffer, on that thread, each
     * time the buffer grows or closes (its first event, a new chunk, its goroutine's END: see
     * {@link EventBuffer#add}): the flight recorder's moment to take the sealed chunks and trim.
     */
    static Recorder start(int procs, Consumer<EventBuffer> onGrowth) {
        Recorder r = new Recorder(procs, alive(), System.nanoTime());
        r.onGrowth = onGrowth;
        Listeners.add(r);
        return r;
    }

    /** The goroutines alive now (and threads go4j adopted), as a recording's start sees them. */
    static List<Initial> alive() {
        List<Initial> initial = new ArrayList<>();
        for (Goroutine g : Registry.snapshotWithAdopted()) {
            Thread t = g.thread();
            initial.add(new Initial(g.id(), g.waitReason() != null, g.createdBy(), t == null ? null : t.getName()));
        }
        return List.copyOf(initial);
    }

    /**
     * The ids of the platform threads alive now that are system threads in note 3's sense (daemon,
     * no goroutine, not adopted): go4j's timer threads, a pool's threads. A goroutine one of them
     * started (a timer's {@code afterFunc}) is shown created from the Timers lane, not by a
     * goroutine. Enumerated when a trace is written (a thread group walk, off the hot path); a
     * system thread that ended before is not known, and its children look created by a goroutine
     * that did nothing else.
     */
    static Set<Long> systemThreadIds() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t.isDaemon() && !t.isVirtual() && Registry.of(t) == null) {
                ids.add(t.threadId());
            }
        }
        return ids;
    }

    /**
     * Stops listening; events in flight on other threads may still land, and are ignored. Lets go
     * of the buffers it left in live goroutines' records (note 5).
     */
    public void stop() {
        if (!stopped) {
            stopped = true;
            Listeners.remove(this);
            for (Goroutine g : Registry.snapshotWithAdopted()) {
                if (g.listenerState() instanceof EventBuffer b && b.recorder == this) {
                    g.clearListenerState(b);
                }
            }
        }
    }

    /** The buffers of every thread that recorded an event, in no particular order (removable). */
    Iterable<EventBuffer> buffers() {
        return buffers;
    }

    /** Lets go of a buffer none of whose events is wanted any more (the flight recorder's). */
    void remove(EventBuffer b) {
        buffers.remove(b);
    }

    private EventBuffer newBuffer() {
        EventBuffer b = new EventBuffer(Thread.currentThread().threadId());
        b.recorder = this;
        buffers.add(b);
        if (onGrowth != null) {
            onGrowth.accept(b);
        }
        return b;
    }

    private void record(Goroutine g, int kind, int stack, long a, long b, Object ref) {
        if (!stopped) {
            EventBuffer buf = buffer(g);
            if (buf.add(System.nanoTime(), kind, stack, a, b, ref) && onGrowth != null) {
                onGrowth.accept(buf);
            }
        }
    }

    /**
     * Records a start or a resume with the processor it runs on (Scheduling.currentProc: the
     * carrier's, where the scheduler tells), which the writer's processor lanes follow.
     */
    private void recordOnProc(Goroutine g, int kind, long a, long b, Object ref) {
        if (!stopped) {
            EventBuffer buf = buffer(g);
            if (buf.add(System.nanoTime(), kind, 0, Scheduling.currentProc(), a, b, ref) && onGrowth != null) {
                onGrowth.accept(buf);
            }
        }
    }

    /** Records an event with the current thread's stack (StackTable, through the thread's memo). */
    private void recordWithStack(int kind, long a, long b, Object ref) {
        recordWithStack(Registry.of(Thread.currentThread()), kind, a, b, ref, 0, null);
    }

    /**
     * Records an event with the current thread's stack, sampled by {@code key} and
     * {@code blocker} when there is a blocker (StackTable's note 5).
     */
    private void recordWithStack(Goroutine g, int kind, long a, long b, Object ref, int key, Object blocker) {
        if (stopped) {
            return;
        }
        EventBuffer buf = buffer(g);
        int stack = stacks.current(buf.memo, key, blocker);
        if (buf.add(System.nanoTime(), kind, stack, a, b, ref) && onGrowth != null) {
            onGrowth.accept(buf);
        }
    }

    /**
     * The current thread's buffer: made on its first event (or again, had the window dropped it).
     * {@code g} is the current thread's goroutine record, or null: its slot caches the buffer (note 5).
     */
    private EventBuffer buffer(Goroutine g) {
        if (g != null && g.listenerState() instanceof EventBuffer b && b.recorder == this) {
            return b;
        }
        return localBuffer(g);
    }

    /** The buffer through the ThreadLocal, made if needed, and cached in {@code g}'s slot if it is free. */
    private EventBuffer localBuffer(Goroutine g) {
        WeakReference<EventBuffer> ref = local.get();
        EventBuffer b = ref == null ? null : ref.get();
        if (b == null) {
            b = newBuffer();
            local.set(new WeakReference<>(b));
        }
        if (g != null && !(g.listenerState() instanceof EventBuffer mine && !mine.recorder.stopped)) {
            g.setListenerState(b);
            if (stopped) {
                g.clearListenerState(b);   // stop may have missed it (note 5)
            }
        }
        return b;
    }

    // ---------------------------------------------------------------------------------------
    // Goroutine events (Hooks.GoroutineListener)

    @Override
    public void started(Goroutine g) {
        recordOnProc(g, START, g.creatorId(), g.unparkedAtNanos(), g.createdBy());
        if (!g.labels().isEmpty()) {
            record(g, LABELS, 0, 0, 0, label(g.labels()));
        }
    }

    @Override
    public void labelsChanged(Goroutine g) {
        record(g, LABELS, 0, 0, 0, g.labels().isEmpty() ? null : label(g.labels()));
    }

    @Override
    public void maxProcsChanged(int procs) {
        recordWithStack(PROCS, procs, 0, null);
    }

    /** A goroutine's labels as one string (Go's GoStartLabel has one): {@code k=v,k2=v2}, sorted by key. */
    private static String label(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        labels.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    @Override
    public void exited(Goroutine g) {
        record(g, END, 0, 0, 0, null);
    }

    @Override
    public void blocked(Goroutine g, WaitReason reason, Object blocker) {
        recordWithStack(g, BLOCK, reason.ordinal(), 0, null, BLOCK << 8 | reason.ordinal(), blocker);
    }

    @Override
    public void unblocked(Goroutine g, WaitReason reason, Object blocker, long waitNanos) {
        recordOnProc(g, UNBLOCK, 0, 0, null);
    }

    @Override
    public void unparked(Thread woken) {
        Thread me = Thread.currentThread();
        Goroutine mine = Registry.of(me);
        if (mine == null && me.isDaemon() && !me.isVirtual() && Registry.current() == null) {
            // note 3: a system thread's wake-up, from no goroutine
            record(null, WAKE, 0, woken.threadId(), FROM_SYSTEM, null);
        } else {
            // Keyed by what the woken goroutine waits on: the waker's place, for StackTable's sample.
            Goroutine g = Registry.of(woken);
            WaitReason reason = g == null ? null : g.waitReason();
            Object blocker = reason == null ? null : g.waitBlocker();
            recordWithStack(mine, WAKE, woken.threadId(), 0, null, reason == null ? 0 : WAKE << 8 | reason.ordinal(), blocker);
        }
    }

    // ---------------------------------------------------------------------------------------
    // User annotations (io.go4j.trace.Trace)

    /**
     * Records the creation of task {@code id}.
     *
     * @param id     the task's id (non-zero)
     * @param parent its parent's id, or 0
     * @param type   its type
     */
    public void taskCreate(long id, long parent, String type) {
        recordWithStack(TASK_CREATE, id, parent, type);
    }

    /**
     * Records the end of task {@code id}.
     *
     * @param id the task's id
     */
    public void taskEnd(long id) {
        recordWithStack(TASK_END, id, 0, null);
    }

    /**
     * Records a region's start ({@code end} false) or end, on the current goroutine.
     *
     * @param task the task's id, or 0
     * @param end  false at the start, true at the end
     * @param type the region's type
     */
    public void region(long task, boolean end, String type) {
        recordWithStack(REGION, task, end ? 1 : 0, type);
    }

    /**
     * Records a log message.
     *
     * @param task     the task's id, or 0
     * @param category its category (may be empty)
     * @param message  the message
     */
    public void log(long task, String category, String message) {
        recordWithStack(LOG, task, 0, new String[] {category, message});
    }
}
