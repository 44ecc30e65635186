package io.go4j.time;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoInterruptedException;
import io.go4j.GoPanic;
import io.go4j.internal.chan.HChan;
import io.go4j.internal.runtime.Bubble;
import io.go4j.internal.runtime.Durations;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Outcome;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.internal.runtime.Waiter;
import io.go4j.internal.runtime.PendingTimers;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * TimerQueue is the one mechanism behind every Timer, Ticker, {@code after} and {@code tick}: a
 * 4-ary min-heap of pending timer entries ordered by deadline, and one platform daemon thread,
 * {@code go4j-timer}, that parks until the earliest deadline and fires what is due.
 *
 * <p>Invariants (all under {@code lock}):
 * <ul>
 *   <li>An entry is pending exactly when its {@code index} is {@code >= 0}, and then
 *       {@code heap[index] == entry} and {@code whens[index] == entry.when}. Slots
 *       {@code >= size} are null, so a stopped or fired entry is referenced by nothing here.</li>
 *   <li>A channel timer's entry holds its channel's {@link HChan} only weakly; the heap holds
 *       nothing else of a channel timer. An {@code afterFunc} entry holds its function strongly.
 *       {@code channelEntries} counts the pending channel entries.</li>
 *   <li>Firing (sending on the channel, re-arming a ticker, deciding to run a function) and every
 *       stop or reset happen under the lock, so each stop or reset sees the timer either pending
 *       or fired, never half-way. That is what lets stop and reset drain a fired-but-unreceived
 *       value and promise that no stale value can be received afterwards (Go 1.23).</li>
 *   <li>If the heap is non-empty, the timer thread is parked until at most {@code wakeAt}, which
 *       is no later than {@code whens[0]}, or has an unpark permit pending.</li>
 * </ul>
 *
 * <p>Non-invariants: an entry whose channel the collector has cleared may stay in the heap until
 * its notice is polled from {@code collected} (by the next add, reset or count, or by the timer
 * thread within {@link #PURGE_NANOS}); firing skips it. {@code index} and {@code when} may be
 * read without the lock only by code that tolerates a stale answer. Functions of afterFunc timers
 * start after the lock is released, so a stop that returns false may return before the
 * function's goroutine has started.
 */
final class TimerQueue implements Bubble.Timers {
    /*
     * Implementation notes.
     *
     * 1. Why the heap holds channels weakly (Go 1.23: an unreferenced, unstopped Timer, Ticker
     *    or time.After channel can be collected at once). Before, the heap held the Timer, which
     *    held its Chan: every abandoned Time.after in a select loop stayed until it fired (a
     *    million selects with a one-minute timeout: +171 MiB, 178 bytes each, TimerLoadTest;
     *    now the heap is back at its baseline once they are collected). An entry is a
     *    WeakReference to the channel's HChan and holds nothing else of it.
     *    Firing skips an entry whose referent is gone: whoever could have received from that
     *    channel is gone too.
     *
     *    What is weakly held, and why it is HChan and not the public Chan: the referent must be
     *    an object that everyone able to receive keeps strongly reachable, or a receiver could
     *    lose its timer and sleep forever. A user holding a Timer, a Ticker or a channel (or a
     *    view of it) reaches the HChan through Chan.impl. A goroutine parked in a receive or a
     *    select need not hold the Chan: Chan.recv calls impl.recv() and never uses the wrapper
     *    again, so compiled code may drop it from the frame, and Select passes only HChan[] to
     *    SelectImpl. But the parked frame does hold the HChan: HChan.recv's "this" and
     *    SelectImpl.select's chans[] and locks[] are used after the park (dequeue on interrupt,
     *    pass 3), so they are live across it, and a parked virtual thread's frames are traced
     *    (the goroutine registry and the JDK's thread container keep the thread reachable).
     *    TimerCollectionTest checks it: a goroutine parked in a select, or in a receive, on a
     *    Time.after channel referenced by nothing else is woken by it while the collector runs.
     *
     *    Reading Chan.impl: the field is package-private to io.go4j, so it is read with a
     *    private lookup (CHAN_IMPL), legal because both packages are in module io.go4j (a module
     *    is open to itself; on the class path, the unnamed module is open to everyone).
     *
     *    How the heap forgets a collected channel: entries are registered with the ReferenceQueue
     *    `collected`; once the collector clears one, the JDK's reference handler enqueues it, and
     *    purgeCollected() removes it from the heap by its index (O(log n)). The timer thread
     *    drains the queue whenever it wakes, and while channel entries are pending it wakes at
     *    least every PURGE_NANOS, so a burst of abandoned timers followed by silence is forgotten
     *    within a second of its collection rather than at its deadlines: what remains after a
     *    collection is bounded by that second, not by the number of abandoned timers. pending()
     *    drains it too, so that the count is exact. Every add and reset also removes up to
     *    PURGE_PER_ADD entries (a volatile read when there are none): more than the one entry an
     *    add can create, so a select loop abandoning a timer per iteration cannot outgrow the
     *    purge between two wake-ups, and few enough that no add pays for a whole collection's
     *    worth (one collection can clear a million entries: ~100 ms of removals).
     *
     *    Tempting and wrong: a weak reference to the Timer or to the Chan wrapper. Time.after
     *    returns the Chan alone, and a parked receiver may hold neither (see above); the timer
     *    would be collected under a goroutine waiting for it, which then never wakes. (The
     *    parked-receive test catches the Timer version at once; the wrapper version only once
     *    the JIT has compiled Chan.recv, since the interpreter keeps "this" in the frame.)
     *
     * 2. afterFunc entries stay strong: nobody receives from them, and their function must run.
     *    Timer.stop and reset fence their Timer (Reference.reachabilityFence), so that
     *    `Time.newTimer(d).stop()` still sees its own timer pending and returns true, rather
     *    than racing with a collection of the channel it is about to stop.
     *
     * 3. Cost per pending timer: two heap slots (a reference and its deadline) plus the entry,
     *    the channel and, for newTimer, the Timer; adding and removing are O(log n) under one
     *    lock, so a million pending timers are about 200 MB (TimerLoadTest: 197-208 bytes per
     *    timer with its channel; 166 before the weak entries) and no threads. The deadlines are
     *    kept in a long[] parallel to the entries, so sifting compares contiguous numbers instead
     *    of chasing a pointer per comparison; with four children per node that cut stop's cost by
     *    about 40% with a million timers pending. Go keeps one heap per P to avoid a shared lock;
     *    a single lock is simpler and, for the add/stop rates of typical select-with-timeout
     *    code, held briefly (a sift of ~10 levels). Revisit with striped heaps if TimerBenchmark
     *    shows contention (docs/adr/0002-single-timer-thread.md).
     *
     * 4. Stop removes the entry from the heap at once (its index makes that O(log n)); there are
     *    no tombstones. The array halves when it falls to a quarter full, so a burst of a
     *    million started-then-stopped timers leaves nothing behind.
     *
     * 5. Firing runs on the timer thread under the lock. A channel send is a non-blocking send on
     *    a channel of capacity one: a full buffer means a slow receiver, whose tick is dropped
     *    (Go's ticker behaviour; a one-shot timer fires once, so its buffer is always empty
     *    then). afterFunc's function is started in a goroutine after the lock is released; it
     *    never runs on the timer thread, so a function that blocks delays nothing. Starting a
     *    virtual thread is the only expensive step, and it must not hold up other timers' adds;
     *    `starting` keeps those functions in the pending count until they have started.
     *
     * 6. The timer thread sleeps with parkNanos until the head's deadline (or the purge period).
     *    An add that becomes the new head, earlier than wakeAt, unparks it; the permit makes a
     *    wake-up between the unlock and the park harmless.
     *
     * 7. A synctest bubble has a TimerQueue of its own (forBubble), the same heap with no
     *    thread: its deadlines are on the bubble's fake clock, and the bubble's driver fires
     *    what is due (fireDue, the timer thread's own loop body) once the bubble is idle. Its
     *    afterFunc functions start as goroutines of the bubble, and a sleep in a bubble is an
     *    entry whose function (a Wake) completes the sleeper's Waiter in place, on the driver,
     *    so that the sleeper is counted runnable before the driver looks again. Which queue a
     *    timer uses is decided once, when it is made (current()): outside bubbles that costs
     *    one read of a static volatile (Bubble.anyLive).
     */

    /** Initial and minimum heap array length. Empirical; only bounds shrinking. */
    private static final int MIN_CAPACITY = 64;

    /**
     * Log2 of the children per heap node. Four children keep a node's children in one cache line
     * of {@code whens} and halve the depth of a binary heap; empirical (TimerBenchmark), revisit
     * with it. Any value {@code >= 0} keeps the heap correct (1 makes it binary, 0 a sorted
     * list): the index arithmetic ({@code parent}, {@code firstChild}) and the sift loops
     * derive everything from this constant. It was once a bare {@code ARITY = 4} beside shifts
     * by 2 written out by hand: lowering it alone made siftDown skip children and broke the
     * heap order (TimerStressTest failed with 2), raising it only made siftDown scan nephews.
     */
    private static final int LOG2_ARITY = 2;

    /** Children per heap node: a power of two, so that parent and child indexes are shifts. */
    private static final int ARITY = 1 << LOG2_ARITY;

    /**
     * Longest the timer thread sleeps while channel entries are pending, so that entries whose
     * channel was collected leave the heap even when no timer is added or due. One wake-up a
     * second costs nothing measurable; empirical, revisit if a profile shows the thread.
     */
    static final long PURGE_NANOS = 1_000_000_000L;

    /**
     * Most entries of collected channels that one add or reset removes: more than the one entry
     * it adds, few enough to keep its cost bounded; the timer thread removes the rest.
     */
    private static final int PURGE_PER_ADD = 4;

    static final TimerQueue INSTANCE = start();

    private final Bubble bubble;                        // null for the shared queue (INSTANCE)
    private final ReentrantLock lock = new ReentrantLock();
    private final ReferenceQueue<HChan> collected = new ReferenceQueue<>();  // cleared channel entries
    private Thread thread;                              // set once by start()
    private Entry[] heap = new Entry[MIN_CAPACITY];     // lock
    private long[] whens = new long[MIN_CAPACITY];      // lock: whens[i] == heap[i].when
    private int size;                                   // lock
    private int channelEntries;                         // lock: pending entries that hold a channel weakly
    private int starting;                               // lock: due functions taken out, not yet started
    private boolean idle;                               // lock: the thread parks with no deadline
    private long wakeAt;                                // lock: the thread's wake-up time if !idle

    /**
     * Entry is one timer's slot in the heap: a weak reference to its channel (a channel timer)
     * or the function to start (an afterFunc timer), its deadline, heap index and period.
     * Timer and Ticker hold their Entry; the heap never holds them.
     */
    static final class Entry extends WeakReference<HChan> {
        final Runnable func;    // immutable: afterFunc's function, or null for a channel timer
        long when;              // lock: deadline on System.nanoTime()'s clock
        int index = -1;         // lock: heap slot, -1 when not pending
        long period;            // lock: ticker period in nanoseconds, 0 for one-shot

        /** A channel timer's entry, holding {@code chan} weakly. */
        private Entry(HChan chan, ReferenceQueue<HChan> collected, long period) {
            super(chan, collected);
            this.func = null;
            this.period = period;
        }

        /** An afterFunc timer's entry: its function, strongly. */
        private Entry(Runnable func) {
            super(null);
            this.func = func;
        }
    }

    private TimerQueue(Bubble bubble) {
        this.bubble = bubble;
    }

    private static TimerQueue start() {
        TimerQueue q = new TimerQueue(null);
        q.thread = Thread.ofPlatform().daemon().name("go4j-timer").unstarted(q::run);
        q.thread.start();
        PendingTimers.register(q::pending);
        return q;
    }

    /**
     * Returns the queue a timer made now by the current goroutine belongs to: its bubble's, or
     * the shared one.
     */
    static TimerQueue current() {
        if (!Bubble.anyLive()) {
            return INSTANCE;
        }
        Bubble b = Bubble.current();
        return b == null ? INSTANCE : forBubble(b);
    }

    /** Returns the timer queue of bubble {@code b}, making it on first use. */
    static TimerQueue forBubble(Bubble b) {
        Bubble.Timers t = b.timers();
        return (TimerQueue) (t != null ? t : b.timersOrSet(new TimerQueue(b)));
    }

    /** Returns this queue's clock: {@link System#nanoTime()}, or the bubble's fake time. */
    long now() {
        return bubble == null ? System.nanoTime() : bubble.nanoTime();
    }

    /** Returns the deadline {@code d} from now on this queue's clock (now if {@code d <= 0}). */
    long deadlineAfter(Duration d) {
        return bubble == null ? Durations.deadlineAfter(d) : bubble.nanoTime() + Math.max(0, Durations.saturatedNanos(d));
    }

    /**
     * Panics, with Go's text, if this is a bubble's queue and the caller is outside the bubble
     * ({@code op} is "stop" or "reset").
     */
    void checkBubble(String op) {
        if (bubble != null && Bubble.outside(bubble)) {
            throw new GoPanic(op + " of synctest timer from outside bubble");
        }
    }

    /**
     * Sleeps {@code d} (positive) on a bubble's fake clock: a durable wait, ended by the driver
     * when it fires the entry.
     */
    void sleep(Duration d) {
        Waiter w = new Waiter();
        Entry e = addFuncTimer(new Wake(w), deadlineAfter(d));
        if (w.park(WaitReason.SLEEP, null) == Outcome.INTERRUPTED) {
            stop(e);
            throw new GoInterruptedException("sleep");
        }
    }

    /** A bubble sleeper's entry function: completes its Waiter in place, on the driver. */
    private record Wake(Waiter sleeper) implements Runnable {
        @Override
        public void run() {
            if (sleeper.tryComplete(0) == Waiter.COMPLETED_MUST_UNPARK) {
                sleeper.unpark();
            }
        }
    }

    // The bubble's driver (Bubble.Timers)

    @Override
    public long nextWhen() {
        lock.lock();
        try {
            purgeCollected(Integer.MAX_VALUE);
            return size == 0 ? Long.MAX_VALUE : whens[0];
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void fireDue(long now) {
        List<Runnable> funcs = new ArrayList<>();
        lock.lock();
        try {
            fireDueLocked(now, funcs);
        } finally {
            lock.unlock();
        }
        for (Runnable f : funcs) {
            if (f instanceof Wake) {
                f.run();
            } else {
                Registry.startIn(bubble, f);   // counted in the bubble before it starts
            }
        }
    }

    /**
     * Arms a channel timer that sends on {@code chan} at {@code when}, then every {@code period}
     * ns if {@code period > 0}; returns its entry. The queue holds {@code chan} only weakly.
     */
    Entry addChannelTimer(Chan<Instant> chan, long when, long period) {
        Entry e = new Entry(implOf(chan), collected, period);
        add(e, when);
        Reference.reachabilityFence(chan);  // else insert() could find it collected and skip it
        return e;
    }

    /** Arms an afterFunc timer that starts {@code func} at {@code when}; returns its entry. */
    Entry addFuncTimer(Runnable func, long when) {
        Entry e = new Entry(func);
        add(e, when);
        return e;
    }

    /**
     * Returns the number of timers that can still fire: pending entries, after forgetting those
     * whose channel was collected, plus due functions not yet started ({@link PendingTimers}).
     */
    int pending() {
        lock.lock();
        try {
            purgeCollected(Integer.MAX_VALUE);
            return size + starting;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of entries in the heap, collected ones included; for tests. */
    int heapSize() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Checks the heap invariants; for tests. */
    boolean invariantsHold() {
        lock.lock();
        try {
            int channels = 0;
            for (int i = 0; i < heap.length; i++) {
                Entry e = heap[i];
                if (i >= size) {
                    if (e != null) {
                        return false;
                    }
                } else if (e.index != i || whens[i] != e.when
                        || i > 0 && whens[i] - whens[parent(i)] < 0) {
                    return false;
                } else if (e.func == null) {
                    channels++;
                }
            }
            return channels == channelEntries;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Disarms {@code e} and drains a value it sent but nobody received. Returns true if the timer
     * was pending or such a value was drained (Go 1.23: it had not yet been observed to fire).
     */
    boolean stop(Entry e) {
        lock.lock();
        try {
            return disarm(e);
        } finally {
            lock.unlock();
        }
    }

    /** Disarms {@code e} as {@link #stop}, then arms it for {@code when} with {@code period}. */
    boolean reset(Entry e, long when, long period) {
        if (Hooks.SYNC_EVENTS) {
            Hooks.release(e, 0);   // arming happens-before the firing (Go: racerelease in modtimer)
        }
        lock.lock();
        try {
            purgeCollected(PURGE_PER_ADD);
            boolean active = disarm(e);
            e.period = period;
            insert(e, when);
            return active;
        } finally {
            lock.unlock();
        }
    }

    private void add(Entry e, long when) {
        if (Hooks.SYNC_EVENTS) {
            Hooks.release(e, 0);   // arming happens-before the firing (Go: racerelease in modtimer)
        }
        lock.lock();
        try {
            purgeCollected(PURGE_PER_ADD);
            insert(e, when);
        } finally {
            lock.unlock();
        }
    }

    // The timer thread

    private void run() {
        List<Runnable> funcs = new ArrayList<>();
        lock.lock();
        try {
            for (;;) {
                purgeCollected(Integer.MAX_VALUE);
                long now = System.nanoTime();
                fireDueLocked(now, funcs);
                if (!funcs.isEmpty()) {
                    starting = funcs.size();
                    lock.unlock();
                    try {
                        startAll(funcs);
                    } finally {
                        lock.lock();
                        starting = 0;
                    }
                    continue;  // starting them took time: look at the clock again
                }
                idle = size == 0;
                long delay = 0;
                if (!idle) {
                    delay = whens[0] - now;
                    if (channelEntries > 0 && delay > PURGE_NANOS) {
                        delay = PURGE_NANOS;
                    }
                    wakeAt = now + delay;
                }
                lock.unlock();
                try {
                    if (idle) {
                        LockSupport.park(this);
                    } else {
                        LockSupport.parkNanos(this, delay);
                    }
                } finally {
                    lock.lock();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fires every entry due at {@code now}: sends on channels and re-arms tickers, and adds the
     * due functions to {@code funcs} for the caller to start once the lock is released. Under
     * the lock.
     */
    private void fireDueLocked(long now, List<Runnable> funcs) {
        Instant stamp = null;
        while (size > 0 && whens[0] - now <= 0) {
            Entry e = heap[0];
            removeAt(0);
            if (Hooks.SYNC_EVENTS) {
                // The timer thread acts for the armer: its send, or the goroutine it starts,
                // carries what happened before the timer was armed. Its clock joins every timer
                // it fires (as Go's per-P timer context does): extra edges between unrelated
                // timers, never a missing one.
                Hooks.acquire(e, 0);
            }
            if (e.func != null) {
                funcs.add(e.func);
            } else {
                if (stamp == null) {
                    stamp = bubble == null ? Instant.now() : Bubble.instantOf(now);
                }
                sendAndRearm(e, now, stamp);
            }
        }
    }

    /**
     * Sends {@code stamp} on {@code e}'s channel, unless the channel was collected, and re-arms a
     * ticker. A method of its own so that no frame of the timer thread, whose loop never
     * returns, holds a channel it fired: an interpreted frame keeps a dead local, and a stale
     * local in run() would keep the last fired channel (an abandoned ticker, firing again and
     * again) from ever being collected.
     */
    private void sendAndRearm(Entry e, long now, Instant stamp) {
        HChan c = e.get();
        if (c == null) {
            return;  // collected: nobody can receive; its notice will find it gone from the heap
        }
        // SEND_WOULD_BLOCK: a slow ticker receiver, the tick is dropped. SEND_CLOSED: only if a
        // user cast c() to Chan and closed it; ignored, so that the timer thread serves every
        // other timer.
        c.send(stamp, false);
        if (e.period > 0) {
            long missed = (now - e.when) / e.period;  // whole periods overslept
            insert(e, e.when + (missed + 1) * e.period);
        }
    }

    private static void startAll(List<Runnable> funcs) {
        try {
            for (Runnable f : funcs) {
                Go.go(f);
            }
        } finally {
            funcs.clear();
        }
    }

    // Heap algorithm, all under the lock

    /**
     * Removes up to {@code max} entries whose channel the collector has cleared and the JDK has
     * enqueued.
     */
    private void purgeCollected(int max) {
        Reference<? extends HChan> r;
        for (int n = 0; n < max && (r = collected.poll()) != null; n++) {
            Entry e = (Entry) r;
            if (e.index >= 0) {
                removeAt(e.index);
            }
        }
    }

    private boolean disarm(Entry e) {
        boolean active = false;
        if (e.index >= 0) {
            removeAt(e.index);
            active = true;
        }
        HChan c = e.get();
        if (c != null && c.recv(false) != HChan.WOULD_BLOCK) {
            active = e.period == 0 || active;  // an undelivered one-shot value: not yet fired
        }
        return active;
    }

    private void insert(Entry e, long when) {
        if (e.func == null && e.refersTo(null)) {
            return;  // its channel is being collected, and its notice may already be purged
        }
        e.when = when;
        if (size == heap.length) {
            resize(size * 2);
        }
        if (e.func == null) {
            channelEntries++;
        }
        siftUp(size++, e);
        if (thread != null && e.index == 0 && (idle || when - wakeAt < 0)) {
            idle = false;
            wakeAt = when;
            LockSupport.unpark(thread);
        }
    }

    private void removeAt(int i) {
        Entry removed = heap[i];
        int last = --size;
        Entry moved = heap[last];
        heap[last] = null;
        removed.index = -1;
        if (removed.func == null) {
            channelEntries--;
        }
        if (i != last) {
            siftDown(i, moved);
            if (moved.index == i) {
                siftUp(i, moved);
            }
        }
        if (size < heap.length >> 2 && heap.length > MIN_CAPACITY) {
            resize(Math.max(MIN_CAPACITY, heap.length >> 1));
        }
    }

    private void resize(int capacity) {
        heap = Arrays.copyOf(heap, capacity);
        whens = Arrays.copyOf(whens, capacity);
    }

    private void place(int i, Entry e, long when) {
        heap[i] = e;
        whens[i] = when;
        e.index = i;
    }

    /** Returns the index of the parent of node {@code i > 0}. */
    private static int parent(int i) {
        return (i - 1) >>> LOG2_ARITY;
    }

    /** Returns the index of the first child of node {@code i}; its siblings follow it. */
    private static int firstChild(int i) {
        return (i << LOG2_ARITY) + 1;
    }

    private void siftUp(int i, Entry e) {
        long when = e.when;
        while (i > 0) {
            int parent = parent(i);
            if (when - whens[parent] >= 0) {
                break;
            }
            place(i, heap[parent], whens[parent]);
            i = parent;
        }
        place(i, e, when);
    }

    private void siftDown(int i, Entry e) {
        long when = e.when;
        for (;;) {
            int first = firstChild(i);
            if (first >= size) {
                break;
            }
            int child = first;
            long min = whens[first];
            int end = Math.min(first + ARITY, size);
            for (int c = first + 1; c < end; c++) {
                if (whens[c] - min < 0) {
                    child = c;
                    min = whens[c];
                }
            }
            if (when - min <= 0) {
                break;
            }
            place(i, heap[child], min);
            i = child;
        }
        place(i, e, when);
    }

    // Chan internals

    /** Returns the HChan behind {@code chan} (its {@code impl} field). */
    private static HChan implOf(Chan<Instant> chan) {
        return (HChan) CHAN_IMPL.get(chan);
    }

    // VarHandle mechanics

    private static final VarHandle CHAN_IMPL;

    static {
        try {
            CHAN_IMPL = MethodHandles.privateLookupIn(Chan.class, MethodHandles.lookup())
                    .findVarHandle(Chan.class, "impl", HChan.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
