package io.go4j.time;

import io.go4j.Go;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * TimerQueue is the one mechanism behind every Timer, Ticker, {@code after} and {@code tick}: a
 * 4-ary min-heap of pending timers ordered by deadline, and one platform daemon thread that parks
 * until the earliest deadline and fires what is due.
 *
 * <p>Invariants (all under {@code lock}):
 * <ul>
 *   <li>A timer is pending exactly when its {@code index} is {@code >= 0}, and then
 *       {@code heap[index] == timer} and {@code whens[index] == timer.when}. Slots {@code >= size} are null, so a stopped or fired timer
 *       is referenced by nothing here.</li>
 *   <li>Firing (sending on the channel, re-arming a ticker, deciding to run a function) and every
 *       stop or reset happen under the lock, so each stop or reset sees the timer either pending
 *       or fired, never half-way. That is what lets stop and reset drain a fired-but-unreceived
 *       value and promise that no stale value can be received afterwards (Go 1.23).</li>
 *   <li>If the heap is non-empty, the timer thread is parked for at most
 *       {@code whens[0] - now}, or has an unpark permit pending.</li>
 * </ul>
 *
 * <p>Non-invariants: {@code index} and {@code when} may be read without the lock only by code that
 * tolerates a stale answer. Functions of afterFunc timers start after the lock is released, so a
 * stop that returns false may return before the function's goroutine has started.
 */
final class TimerQueue {
    /*
     * Implementation notes.
     *
     * Cost per pending timer: two heap slots (a reference and its deadline) plus the Timer
     * object and its channel; adding and removing are O(log n) under one lock, so a million
     * pending timers are about 150 MB and no threads. The deadlines are kept in a long[]
     * parallel to the entries, so sifting compares contiguous numbers instead of chasing a
     * pointer per comparison; with four children per node that cut stop's cost by about 40%
     * with a million timers pending. Go keeps one heap per P to avoid a shared lock; a single
     * lock is simpler and, for the add/stop rates of typical select-with-timeout code, held
     * briefly (a sift of ~10 levels). Revisit with striped heaps if TimerBenchmark shows contention.
     *
     * Stop removes the timer from the heap at once (its index makes that O(log n)); there are no
     * tombstones to purge. The array halves when it falls to a quarter full, so a burst of a
     * million started-then-stopped timers leaves nothing behind.
     *
     * Firing runs on the timer thread under the lock. A channel send is Chan.trySend on a
     * channel of capacity one: it never blocks, and a full buffer means a slow receiver, whose
     * tick is dropped (Go's ticker behaviour; a one-shot timer fires once, so its buffer is
     * always empty then). afterFunc's function is started in a goroutine after the lock is
     * released; starting a virtual thread is the only expensive step, and it must not hold up
     * other timers' adds.
     *
     * The timer thread sleeps with parkNanos until the head's deadline. An add that becomes the
     * new head, earlier than that deadline, unparks it; the permit makes a wake-up between the
     * unlock and the park harmless.
     */

    /** Initial and minimum heap array length. Empirical; only bounds shrinking. */
    private static final int MIN_CAPACITY = 64;

    /**
     * Children per heap node. Four keeps a node's children in one cache line of {@code whens}
     * and halves the depth of a binary heap; empirical (TimerBenchmark), revisit with it.
     */
    private static final int ARITY = 4;

    /** Largest delay honoured, in nanoseconds (~146 years); keeps deadline differences exact. */
    private static final long MAX_DELAY = Long.MAX_VALUE >> 1;

    static final TimerQueue INSTANCE = start();

    private final ReentrantLock lock = new ReentrantLock();
    private Thread thread;                              // set once by start()
    private Timer[] heap = new Timer[MIN_CAPACITY];     // lock
    private long[] whens = new long[MIN_CAPACITY];      // lock: whens[i] == heap[i].when
    private int size;                                   // lock
    private boolean idle;                               // lock: the thread parks with no deadline
    private long wakeAt;                                // lock: the thread's deadline if !idle

    private TimerQueue() {}

    private static TimerQueue start() {
        TimerQueue q = new TimerQueue();
        q.thread = Thread.ofPlatform().daemon().name("go4j-timer").unstarted(q::run);
        q.thread.start();
        return q;
    }

    /** Returns the deadline, on System.nanoTime()'s clock, that is {@code d} from now. */
    static long deadline(Duration d) {
        long n;
        if (d.isNegative() || d.isZero()) {
            n = 0;
        } else if (d.compareTo(Duration.ofNanos(MAX_DELAY)) >= 0) {
            n = MAX_DELAY;
        } else {
            n = d.toNanos();
        }
        return System.nanoTime() + n;
    }

    /** Returns the number of pending timers. */
    int pending() {
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
            for (int i = 0; i < heap.length; i++) {
                Timer t = heap[i];
                if (i >= size) {
                    if (t != null) {
                        return false;
                    }
                } else if (t.index != i || whens[i] != t.when
                        || i > 0 && whens[i] - whens[(i - 1) >>> 2] < 0) {
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Arms {@code t}, which must not be pending, to fire at {@code when}. */
    void add(Timer t, long when) {
        lock.lock();
        try {
            insert(t, when);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Disarms {@code t} and drains a value it sent but nobody received. Returns true if the timer
     * was pending or such a value was drained (Go 1.23: it had not yet been observed to fire).
     */
    boolean stop(Timer t) {
        lock.lock();
        try {
            return disarm(t);
        } finally {
            lock.unlock();
        }
    }

    /** Disarms {@code t} as {@link #stop}, then arms it for {@code when} with {@code period}. */
    boolean reset(Timer t, long when, long period) {
        lock.lock();
        try {
            boolean active = disarm(t);
            t.period = period;
            insert(t, when);
            return active;
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
                long now = System.nanoTime();
                Instant stamp = null;
                while (size > 0 && whens[0] - now <= 0) {
                    Timer t = heap[0];
                    removeAt(0);
                    if (t.chan != null) {
                        if (stamp == null) {
                            stamp = Instant.now();
                        }
                        try {
                            t.chan.trySend(stamp);  // full only for a slow ticker receiver: dropped
                        } catch (RuntimeException closed) {
                            // Only if a user cast c() to Chan and closed it; the timer thread
                            // must survive that to serve every other timer.
                        }
                    }
                    if (t.func != null) {
                        funcs.add(t.func);
                    }
                    if (t.period > 0) {
                        long missed = (now - t.when) / t.period;  // whole periods overslept
                        insert(t, t.when + (missed + 1) * t.period);
                    }
                }
                if (!funcs.isEmpty()) {
                    lock.unlock();
                    try {
                        startAll(funcs);
                    } finally {
                        lock.lock();
                    }
                    continue;  // starting them took time: look at the clock again
                }
                idle = size == 0;
                long delay = 0;
                if (!idle) {
                    wakeAt = whens[0];
                    delay = wakeAt - now;
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

    private static void startAll(List<Runnable> funcs) {
        for (Runnable f : funcs) {
            Go.go(f);
        }
        funcs.clear();
    }

    // Heap algorithm, all under the lock

    private boolean disarm(Timer t) {
        boolean active = false;
        if (t.index >= 0) {
            removeAt(t.index);
            active = true;
        }
        if (t.chan != null && t.chan.tryRecv() != null) {
            active = t.period == 0 || active;  // an undelivered one-shot value: not yet fired
        }
        return active;
    }

    private void insert(Timer t, long when) {
        t.when = when;
        if (size == heap.length) {
            resize(size * 2);
        }
        siftUp(size++, t);
        if (t.index == 0 && (idle || when - wakeAt < 0)) {
            idle = false;
            wakeAt = when;
            LockSupport.unpark(thread);
        }
    }

    private void removeAt(int i) {
        Timer removed = heap[i];
        int last = --size;
        Timer moved = heap[last];
        heap[last] = null;
        removed.index = -1;
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

    private void place(int i, Timer t, long when) {
        heap[i] = t;
        whens[i] = when;
        t.index = i;
    }

    private void siftUp(int i, Timer t) {
        long when = t.when;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (when - whens[parent] >= 0) {
                break;
            }
            place(i, heap[parent], whens[parent]);
            i = parent;
        }
        place(i, t, when);
    }

    private void siftDown(int i, Timer t) {
        long when = t.when;
        for (;;) {
            int first = (i << 2) + 1;
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
        place(i, t, when);
    }
}
