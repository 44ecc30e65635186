package io.go4j.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * Registry starts goroutines and knows every live one (Go's {@code allgs}): the data behind
 * {@code Go.numGoroutine()}, goroutine dumps and profiles.
 *
 * <p>Invariants: a goroutine is in the registry from just before its thread starts until its
 * task has returned or thrown (and the panic has been reported). Each live goroutine is linked
 * into exactly one stripe, the one its id selects, and each stripe's {@code count} is the length
 * of its list. Only goroutines started through {@link #start} are registered and counted (on
 * virtual threads, or on platform daemon threads of their own when locked to their thread); other
 * threads (main, platform threads, plain virtual threads) may use every primitive, and each gets
 * an adopted record, kept in a list of its own, the first time it waits in one (while
 * {@link Hooks#WAIT_REASONS} is on), so that dumps and deadlock detection see it waiting.
 *
 * <p>Non-invariant: {@link #count()} sums the stripes without locking them, so while goroutines
 * start and end it is a moment's estimate, as Go's {@code NumGoroutine} is.
 *
 * <p>Leak mode ({@link Hooks#LEAK_DETECTION}): {@link #collectLeaked} proves which registered
 * goroutines can never run again (their threads are garbage), unlinks them and returns their
 * records; see {@link Goroutine}'s notes for what the records then do not hold.
 */
public final class Registry {
    /*
     * Implementation notes.
     *
     * Starting a goroutine must cost little more than starting a virtual thread (~250 ns here),
     * and a parked goroutine little more than a parked virtual thread. A ConcurrentHashMap from
     * thread to goroutine cost ~60-80 ns per start/exit pair and ~40 bytes per entry, and
     * resizes as it grows to a million entries. Instead each Goroutine is a node of an intrusive
     * doubly linked list, in one of STRIPES lists chosen by its thread id (consecutive ids spread
     * over the stripes, so exits on different carriers rarely meet on one lock), each guarded by
     * a test-and-test-and-set lock held for a few pointer writes.
     *
     * The current goroutine is found without any map: the thread's uncaught-exception handler
     * is its Goroutine (the handler reports panics, and needs the goroutine's creator anyway), so
     * Thread.getUncaughtExceptionHandler() is a per-thread slot we already own (ADR 0003). Every
     * other thread finds its record in a ThreadLocal, set when it first waits: adopted threads,
     * and goroutines whose handler the application replaced. For those, adoption looks the
     * goroutine up in its stripe once, so their wait reasons are still recorded under their own
     * record; their panics go to the application's handler, which took over reporting
     * (Panics.dispatch), and -Dgo4j.panic=exit still halts.
     *
     * Adopted records are pruned when their thread has ended: at every snapshot, and when their
     * number has doubled since the last prune, so that threads that come and go (a pool, plain
     * virtual threads per task) cost amortised O(1) and leave nothing behind.
     *
     * The creation site is looked up per task class through a ClassValue: each lambda expression
     * or method reference compiles to a class of its own, so "where was this class first passed
     * to go()" is the call site, and the stack is walked once per site, not once per goroutine. A
     * named Runnable class started from several places reports the first of them.
     */

    /** Number of stripes (a power of two). Empirical: 4x the cores of a large machine; revisit if exits contend. */
    private static final int STRIPES = 64;

    private static final Stripe[] LIVE = new Stripe[STRIPES];
    private static final Stripe ADOPTED = new Stripe();                 // adopted threads' records
    private static final ThreadLocal<Goroutine> OWN_RECORD = new ThreadLocal<>();   // see the notes
    private static final ThreadFactory VIRTUAL = Scheduling.virtualThreads().factory();
    private static int adoptedAfterPrune;   // guarded by ADOPTED's lock: size after the last prune

    static {
        for (int i = 0; i < STRIPES; i++) {
            LIVE[i] = new Stripe();
        }
    }

    private static final ClassValue<StackTraceElement> CREATION_SITE = new ClassValue<>() {
        @Override
        protected StackTraceElement computeValue(Class<?> taskClass) {
            return StackWalker.getInstance().walk(frames -> frames
                    .dropWhile(f -> !isStartFrame(f))
                    .dropWhile(Registry::isStartFrame)
                    .findFirst()
                    .map(StackWalker.StackFrame::toStackTraceElement)
                    .orElse(null));
        }
    };

    private Registry() {}

    /** Starts {@code task} as a goroutine named {@code name} (null: unnamed); returns its thread. */
    public static Thread start(String name, Runnable task) {
        return start(name, task, false);
    }

    /**
     * Starts {@code task} as a goroutine named {@code name} (null: unnamed), on a virtual thread,
     * or with {@code lockedToThread} on a platform daemon thread of its own (Go's
     * {@code LockOSThread} for the goroutine's whole life); returns its thread.
     */
    public static Thread start(String name, Runnable task, boolean lockedToThread) {
        return start(name, task, lockedToThread, null);
    }

    /**
     * Starts {@code task} as a goroutine of synctest bubble {@code bubble}, whoever calls (the
     * bubble's driver starts its main goroutine and its afterFunc functions); returns its thread.
     *
     * @param bubble the bubble
     * @param task   the task
     * @return the goroutine's thread
     */
    public static Thread startIn(Bubble bubble, Runnable task) {
        return start(null, task, false, bubble);
    }

    private static Thread start(String name, Runnable task, boolean lockedToThread, Bubble bubble) {
        StackTraceElement site = Hooks.CREATION_SITES ? CREATION_SITE.get(task.getClass()) : null;
        Goroutine creator = current();
        Goroutine g = new Goroutine(Hooks.decorate(task), Thread.currentThread().threadId(), site,
                creator == null ? Map.of() : creator.labels());
        if (bubble == null && creator != null) {
            bubble = creator.bubble;   // a goroutine belongs to its creator's bubble (Go)
        }
        Thread t = lockedToThread ? Thread.ofPlatform().daemon().name(name == null ? "" : name).unstarted(g)
                : name == null ? VIRTUAL.newThread(g) : Scheduling.virtualThreads().name(name).unstarted(g);
        t.setUncaughtExceptionHandler(g);
        g.bind(t);
        Stripe stripe = stripeOf(g);
        stripe.add(g);
        if (bubble != null) {
            g.bubble = bubble;
            bubble.started(g);   // before the thread starts: counted runnable from now on
        }
        if (Hooks.SYNC_EVENTS) {
            Hooks.goCreate(t);
        }
        if (Hooks.goroutineListener() != null) {
            g.unparkedAt(System.nanoTime());   // runnable from now on: its start latency, as Go counts it
        }
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            stripe.remove(g);
            if (bubble != null) {
                bubble.exited(g);
            }
            throw e;
        }
        return t;
    }

    /**
     * Returns the current thread's record: its goroutine's, or the adopted record of a thread
     * that has waited in go4j before; null for a thread that is neither.
     *
     * @return the record, or null
     */
    public static Goroutine current() {
        Thread t = Thread.currentThread();
        return t.getUncaughtExceptionHandler() instanceof Goroutine g ? g : OWN_RECORD.get();
    }

    /**
     * Returns the goroutine started by {@code go()} that runs on {@code thread}, or null (for a
     * goroutine whose handler the application replaced, too).
     *
     * @param thread any thread
     * @return its goroutine, or null
     */
    public static Goroutine of(Thread thread) {
        return thread.getUncaughtExceptionHandler() instanceof Goroutine g ? g : null;
    }

    /**
     * Returns the number of live goroutines started by {@code go()}, at some recent moment.
     *
     * @return the count
     */
    public static int count() {
        int n = 0;
        for (Stripe s : LIVE) {
            n += s.count();
        }
        return n;
    }

    /**
     * Returns a snapshot of the live goroutines started by {@code go()}, in no particular order.
     *
     * @return the goroutines
     */
    public static List<Goroutine> snapshot() {
        List<Goroutine> out = new ArrayList<>(count() + 16);
        for (Stripe s : LIVE) {
            s.copyTo(out);
        }
        return out;
    }

    /**
     * Returns a snapshot of the live goroutines and of the live adopted threads (those not
     * started by {@code go()} that have waited in a go4j primitive), in no particular order.
     *
     * @return the goroutines, then the adopted threads
     */
    public static List<Goroutine> snapshotWithAdopted() {
        List<Goroutine> out = snapshot();
        ADOPTED.lock();
        try {
            prune();
            ADOPTED.copyToLocked(out);
        } finally {
            ADOPTED.unlock();
        }
        return out;
    }

    /**
     * Returns the current thread's record, adopting the thread first if it has none (labels
     * need a record even on a thread that never waited).
     *
     * @return the record
     */
    public static Goroutine currentOrAdopt() {
        Goroutine g = current();
        return g != null ? g : adopt(Thread.currentThread());
    }

    static void remove(Goroutine g) {
        stripeOf(g).remove(g);
    }

    /**
     * Leak mode: proves leaks with the garbage collector. Drops the registry's strong references
     * to every registered thread, runs {@code collectGarbage} (which must run a full collection
     * and return once its weak references are cleared), then takes the references back for the
     * threads that survived. A registered thread the collector reclaimed was parked where no
     * running thread could ever reach it: a goroutine started by {@code go()} (whatever it was
     * parked in, go4j or not, since a goroutine deregisters before its thread ends), or an
     * adopted thread that was waiting in go4j (an adopted thread that simply ended is pruned).
     * Those records are unlinked (they no longer count as live) and returned, their thread gone
     * and their wait reason, start, creator and labels still readable. One proof runs at a time.
     *
     * @param collectGarbage runs the collection, on the calling thread
     * @return the leaked goroutines' records, in no particular order
     * @throws IllegalStateException if leak mode is off
     */
    public static synchronized List<Goroutine> collectLeaked(Runnable collectGarbage) {
        if (!Hooks.LEAK_DETECTION) {
            throw new IllegalStateException("go4j: leak detection is off; start the JVM with "
                    + "-Dgo4j.leakDetection=true -Djdk.trackAllThreads=false");
        }
        for (Stripe s : LIVE) {
            s.releaseThreads();
        }
        ADOPTED.releaseThreads();
        List<Goroutine> leaked = new ArrayList<>();
        try {
            collectGarbage.run();
        } finally {
            for (Stripe s : LIVE) {
                s.restoreThreads(leaked);
            }
            ADOPTED.restoreThreads(leaked);
        }
        return leaked;
    }

    /**
     * Marks the current thread as waiting for {@code reason} on {@code blocker}, adopting it
     * first if it has no record; returns its record, or null when wait reasons are off.
     */
    static Goroutine beginWait(WaitReason reason, Object blocker) {
        if (!Hooks.WAIT_REASONS) {
            return null;
        }
        Goroutine g = current();
        if (g == null) {
            g = adopt(Thread.currentThread());
        }
        Hooks.blocked(g, reason, blocker);   // before the wait can be seen: events stay in order
        g.beginWait(reason, blocker, System.nanoTime());
        return g;
    }

    static void endWait(Goroutine g) {
        if (g == null) {
            return;
        }
        Hooks.GoroutineListener l = Hooks.goroutineListener();
        if (l != null) {
            WaitReason reason = g.waitReason();
            Object blocker = g.waitBlocker();
            long waited = System.nanoTime() - g.waitSinceNanos();
            g.endWait();
            Hooks.unblocked(l, g, reason, blocker, waited);
        } else {
            g.endWait();
        }
    }

    /**
     * Gives the current thread {@code t} its record: the goroutine it runs if the application
     * replaced its handler, else a new adopted record. Called once per thread (then
     * {@link #current} finds the record in its ThreadLocal).
     */
    private static Goroutine adopt(Thread t) {
        Goroutine g = LIVE[(int) t.threadId() & (STRIPES - 1)].find(t);
        if (g == null) {
            g = new Goroutine(t);
            ADOPTED.lock();
            try {
                if (ADOPTED.count > 2 * adoptedAfterPrune + 64) {
                    prune();
                }
                ADOPTED.addLocked(g);
            } finally {
                ADOPTED.unlock();
            }
        }
        OWN_RECORD.set(g);
        return g;
    }

    /**
     * Unlinks adopted records whose thread has ended; called with ADOPTED's lock held. A record
     * whose thread the collector reclaimed (leak mode) is left to {@link #collectLeaked}.
     */
    private static void prune() {
        for (Goroutine g = ADOPTED.head, next; g != null; g = next) {
            next = g.nextLive;
            Thread t = g.thread();
            if (t != null && !t.isAlive()) {
                ADOPTED.removeLocked(g);
            }
        }
        adoptedAfterPrune = ADOPTED.count;
    }

    private static Stripe stripeOf(Goroutine g) {
        return LIVE[(int) g.id() & (STRIPES - 1)];
    }

    private static boolean isStartFrame(StackWalker.StackFrame f) {
        String cls = f.getClassName();
        return cls.equals("io.go4j.Go") || cls.startsWith("io.go4j.internal.")
                || cls.startsWith("java.lang.ClassValue");
    }

    /** One list of live goroutines and the lock guarding it. */
    private static final class Stripe extends SpinLock {
        private Goroutine head;         // guarded by lock
        private int count;              // written under lock; read without it, opaque

        void add(Goroutine g) {
            lock();
            addLocked(g);
            unlock();
        }

        void remove(Goroutine g) {
            lock();
            removeLocked(g);
            unlock();
        }

        void addLocked(Goroutine g) {
            g.nextLive = head;
            if (head != null) {
                head.prevLive = g;
            }
            head = g;
            COUNT.setOpaque(this, count + 1);
        }

        void removeLocked(Goroutine g) {
            if (g.prevLive == null) {
                head = g.nextLive;
            } else {
                g.prevLive.nextLive = g.nextLive;
            }
            if (g.nextLive != null) {
                g.nextLive.prevLive = g.prevLive;
            }
            g.prevLive = g.nextLive = null;
            COUNT.setOpaque(this, count - 1);
        }

        /** The list length at some recent moment (no lock: a racy but untorn read). */
        int count() {
            return (int) COUNT.getOpaque(this);
        }

        /** Returns the goroutine of {@code t} in this list, or null. */
        Goroutine find(Thread t) {
            lock();
            try {
                for (Goroutine g = head; g != null; g = g.nextLive) {
                    if (g.thread() == t) {
                        return g;
                    }
                }
                return null;
            } finally {
                unlock();
            }
        }

        void copyTo(List<Goroutine> out) {
            lock();
            copyToLocked(out);
            unlock();
        }

        void copyToLocked(List<Goroutine> out) {
            for (Goroutine g = head; g != null; g = g.nextLive) {
                out.add(g);
            }
        }

        /** Leak mode: drops every record's strong reference to its thread. */
        void releaseThreads() {
            lock();
            for (Goroutine g = head; g != null; g = g.nextLive) {
                g.releaseThread();
            }
            unlock();
        }

        /**
         * Leak mode: takes the references back; unlinks the records whose thread was reclaimed,
         * adding the leaked ones to {@code leaked} (see {@link Registry#collectLeaked}).
         */
        void restoreThreads(List<Goroutine> leaked) {
            lock();
            for (Goroutine g = head, next; g != null; g = next) {
                next = g.nextLive;
                if (!g.restoreThread()) {
                    removeLocked(g);
                    if (!g.adopted() || g.waitReason() != null) {
                        leaked.add(g);
                    }
                }
            }
            unlock();
        }

        // VarHandle mechanics
        private static final VarHandle COUNT;

        static {
            try {
                COUNT = MethodHandles.lookup().findVarHandle(Stripe.class, "count", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
