package io.go4j.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Pool is a set of temporary objects that may be saved and reused, as Go's {@code sync.Pool}:
 * {@link #get()} takes one, or makes one with the pool's new function, and {@link #put(Object)}
 * offers it back. It is safe for use by many goroutines at once.
 *
 * <pre>{@code
 * Pool<byte[]> buffers = new Pool<>(() -> new byte[64 * 1024]);
 * byte[] buf = buffers.get();            // a pooled buffer, or a new one
 * try {
 *     buf[0] = 42;
 *     System.out.println(buf.length);    // 65536
 * } finally {
 *     buffers.put(buf);                  // for a later get; the pool may drop it at any time
 * }
 * }</pre>
 *
 * <p>As in Go, any object in the pool may be dropped at any time without notice, and callers
 * must assume no relation between what they put and what they get: an object is handed to one
 * {@code get} at most (unless it was put twice), and must not be used after it is put back. The
 * pool keeps at most a small, fixed number of objects, and lets go of them within two garbage
 * collections of their last use.
 *
 * <p>When to use it on the JVM: Go's Pool exists to cut garbage-collection work. The JVM
 * allocates small objects in a few nanoseconds and its young collections reclaim short-lived
 * ones almost for free, while a pooled object lives long, is promoted to the old generation and
 * costs more there. So pool only what is expensive to make or large: I/O buffers of tens of
 * kilobytes and more (large arrays are costly to allocate and zero, and in G1 big ones are
 * "humongous"), direct {@code ByteBuffer}s, {@code Deflater}s, {@code MessageDigest}s. With
 * virtual threads, a pool shared by all goroutines replaces the {@code ThreadLocal} caches that
 * platform-thread code used for the same purpose, since each goroutine is a new thread.
 *
 * <p>Memory model: a call to {@code put(x)} happens-before the return of a {@code get()} that
 * returns that same x.
 *
 * @param <T> the type of the pooled objects
 */
public final class Pool<T> {
    /*
     * Implementation notes.
     *
     * Go's pool is per P (a private slot and a lock-free deque per processor, stolen from by the
     * others) plus a "victim" copy: each GC moves the pool to the victim and drops the previous
     * victim, so an object survives one GC and is dropped at the second. A virtual thread cannot
     * know its carrier (no per-P data without JDK internals), and ThreadLocal is per goroutine, so
     * the same design is rebuilt from two fixed arrays of slots, primary and victim.
     *
     * 1. Slots, not a stack or queue: put CASes null -> x into the first empty slot, get CASes
     *    x -> null out of the first full one, scanning from a start index derived from the thread
     *    id (consecutive goroutines start at different slots, so concurrent callers rarely CAS
     *    the same slot; a goroutine that puts then gets finds its own object first). A slot holds
     *    an object or null and nothing else, so there is no ABA: a CAS that succeeds takes or
     *    places exactly the object it names. No allocation per put, unlike a linked stack.
     * 2. Bounded: SLOTS per array. A put that finds no empty slot drops its object (Go allows a
     *    pool to drop anything); a get that finds none calls the new function. So a pool retains
     *    at most 2 * SLOTS objects whatever the burst that filled it.
     * 3. Cleared by the GC, as Go's: a canary object registered with a Cleaner is unreachable as
     *    soon as it is made, so the Cleaner's thread runs cleanupAll() after the first GC cycle
     *    (young collections included) that finds it; cleanupAll() rotates every live pool
     *    (victim cleared and becomes primary, primary becomes victim) and arms a new canary.
     *    Pools are in a weak set, so a pool nobody uses is collected with its objects.
     * 4. Rotation races with get and put and needs no lock: an operation that read the arrays
     *    before the swap may put into the new victim (the object lives one cycle less), take from
     *    an array being cleared (it gets an object, as it would have a moment earlier) or have
     *    its put erased by the clearing (the object is dropped). Each outcome is one the contract
     *    allows. Rejected: SoftReference per object (an allocation per put, and soft references
     *    are kept until memory is short, which is the opposite of Go's every-GC clearing); a
     *    ThreadLocal cache (useless with one virtual thread per goroutine).
     */

    /**
     * Slots per array: 4 per processor, at least 16 and at most 128 (a miss scans both arrays).
     * Empirical, from no benchmark yet; revisit with a JMH pool benchmark.
     */
    static final int SLOTS = Math.clamp(
            Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4 - 1) << 1, 16, 128);

    private final Supplier<? extends T> newFn;   // may be null: get() then returns null when empty
    private volatile Object[] primary = new Object[SLOTS];   // swapped by rotate() on the cleaner thread
    private volatile Object[] victim = new Object[SLOTS];    // swapped by rotate() on the cleaner thread

    /** Creates a pool without a new function: {@link #get()} returns null when the pool is empty. */
    public Pool() {
        this(null);
    }

    /**
     * Creates a pool whose {@link #get()} calls {@code newFn} when the pool is empty (Go's
     * {@code New} field).
     *
     * @param newFn makes a new object; null for none
     */
    public Pool(Supplier<? extends T> newFn) {
        this.newFn = newFn;
        GcCycles.register(this);
    }

    /**
     * Takes an object from the pool, or, if there is none, returns the new function's result
     * (null without a new function). Never blocks.
     *
     * @return a pooled object, a new one, or null
     */
    @SuppressWarnings("unchecked")
    public T get() {
        int start = startIndex();
        Object x = take(primary, start);
        if (x == null) {
            x = take(victim, start);
        }
        if (x == null && newFn != null) {
            return newFn.get();
        }
        return (T) x;
    }

    /**
     * Offers {@code x} back to the pool; the pool may keep it for a later {@link #get()} or drop
     * it. A null {@code x} is ignored, as Go's {@code Put(nil)}. Never blocks.
     *
     * @param x an object the caller no longer uses
     */
    public void put(T x) {
        if (x == null) {
            return;
        }
        Object[] slots = primary;
        int mask = slots.length - 1;
        int start = startIndex();
        for (int i = 0; i < slots.length; i++) {
            int k = (start + i) & mask;
            if (SLOT.getOpaque(slots, k) == null && casSlot(slots, k, null, x)) {
                return;
            }
        }
        // every slot full: drop x, the GC takes it
    }

    /** Takes the first object found from {@code start} on, or returns null. */
    private static Object take(Object[] slots, int start) {
        int mask = slots.length - 1;
        for (int i = 0; i < slots.length; i++) {
            int k = (start + i) & mask;
            Object x = SLOT.getAcquire(slots, k);
            if (x != null && casSlot(slots, k, x, null)) {
                return x;
            }
        }
        return null;
    }

    /** Moves the primary objects to the victim array and drops the previous victims (implementation note 3). */
    private void rotate() {
        Object[] dropped = victim;
        for (int k = 0; k < dropped.length; k++) {
            SLOT.setOpaque(dropped, k, null);
        }
        victim = primary;
        primary = dropped;
    }

    /** The slot a caller starts from: its thread id, mixed so that consecutive ids spread. */
    private static int startIndex() {
        long id = Thread.currentThread().threadId();
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40);
    }

    /** Returns how many GC cycles have finished rotating the pools: for tests. */
    static long gcCyclesEnded() {
        return GcCycles.ended;
    }

    /** Returns how many GC cycles have begun rotating the pools: for tests. */
    static long gcCyclesBegun() {
        return GcCycles.begun;
    }

    /** The canary that notices GC cycles and rotates every live pool (implementation note 3). */
    private static final class GcCycles {
        private static final Set<Pool<?>> POOLS = Collections.synchronizedSet(
                Collections.newSetFromMap(new WeakHashMap<>()));
        private static final Cleaner CLEANER = Cleaner.create(
                Thread.ofPlatform().daemon().name("go4j sync.Pool cleanup").factory());
        static volatile long begun;   // cycles whose rotation has begun; written by the cleaner thread only
        static volatile long ended;   // cycles whose rotation has ended; written by the cleaner thread only

        static {
            armCanary();
        }

        static void register(Pool<?> pool) {
            POOLS.add(pool);
        }

        private static void armCanary() {
            CLEANER.register(new Object(), GcCycles::cleanupAll);
        }

        /** Runs on the cleaner thread after a GC cycle collected the canary. */
        private static void cleanupAll() {
            begun = begun + 1;
            List<Pool<?>> live;
            synchronized (POOLS) {
                live = new ArrayList<>(POOLS);
            }
            for (Pool<?> p : live) {
                p.rotate();
            }
            ended = ended + 1;
            armCanary();
        }
    }

    // Atomic updates

    private static boolean casSlot(Object[] slots, int k, Object expected, Object x) {
        return SLOT.compareAndSet(slots, k, expected, x);
    }

    // VarHandle mechanics
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
}
