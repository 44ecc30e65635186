package io.go4j.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Registry starts goroutines and knows every live one (Go's {@code allgs}): the data behind
 * {@code Go.numGoroutine()}, goroutine dumps and profiles.
 *
 * <p>Invariants: a goroutine is in the registry from just before its thread starts until its
 * task has returned or thrown (and the panic has been reported). Each live goroutine is linked
 * into exactly one stripe, the one its id selects, and each stripe's {@code count} is the length
 * of its list. Only goroutines started through {@link #start} are registered (on virtual threads,
 * or on platform daemon threads of their own when locked to their thread); other threads (main,
 * platform threads, raw virtual threads) are not goroutines to go4j, though they may use every
 * primitive.
 *
 * <p>Non-invariant: {@link #count()} sums the stripes without locking them, so while goroutines
 * start and end it is a moment's estimate, as Go's {@code NumGoroutine} is.
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
     * Thread.getUncaughtExceptionHandler() is a per-thread slot we already own. An application
     * that replaces the handler of a goroutine's thread takes over panic reporting, and that
     * goroutine's wait reasons are no longer recorded.
     *
     * The creation site is looked up per task class through a ClassValue: each lambda expression
     * or method reference compiles to a class of its own, so "where was this class first passed
     * to go()" is the call site, and the stack is walked once per site, not once per goroutine. A
     * named Runnable class started from several places reports the first of them.
     */

    /** Number of stripes (a power of two). Empirical: 4x the cores of a large machine; revisit if exits contend. */
    private static final int STRIPES = 64;

    private static final Stripe[] LIVE = new Stripe[STRIPES];
    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();

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
        StackTraceElement site = Hooks.CREATION_SITES ? CREATION_SITE.get(task.getClass()) : null;
        Goroutine g = new Goroutine(task, Thread.currentThread().threadId(), site);
        Thread t = lockedToThread ? Thread.ofPlatform().daemon().name(name == null ? "" : name).unstarted(g)
                : name == null ? VIRTUAL.newThread(g) : Thread.ofVirtual().name(name).unstarted(g);
        t.setUncaughtExceptionHandler(g);
        g.bind(t);
        Stripe stripe = stripeOf(g);
        stripe.add(g);
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            stripe.remove(g);
            throw e;
        }
        return t;
    }

    /** Returns the goroutine running on the current thread, or null if it is not a goroutine. */
    public static Goroutine current() {
        return of(Thread.currentThread());
    }

    /** Returns the goroutine running on {@code thread}, or null. */
    public static Goroutine of(Thread thread) {
        return thread.getUncaughtExceptionHandler() instanceof Goroutine g ? g : null;
    }

    /** Returns the number of live goroutines. */
    public static int count() {
        int n = 0;
        for (Stripe s : LIVE) {
            n += s.count();
        }
        return n;
    }

    /** Returns a snapshot of the live goroutines, in no particular order. */
    public static List<Goroutine> snapshot() {
        List<Goroutine> out = new ArrayList<>(count() + 16);
        for (Stripe s : LIVE) {
            s.copyTo(out);
        }
        return out;
    }

    static void remove(Goroutine g) {
        stripeOf(g).remove(g);
    }

    /** Marks the current goroutine (if it is one) as waiting for {@code reason}; returns it. */
    static Goroutine beginWait(WaitReason reason) {
        if (!Hooks.WAIT_REASONS) {
            return null;
        }
        Goroutine g = current();
        if (g != null) {
            g.beginWait(reason);
        }
        return g;
    }

    static void endWait(Goroutine g) {
        if (g != null) {
            g.endWait();
        }
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
    private static final class Stripe {
        private volatile int lock;      // 0 free, 1 held
        private Goroutine head;         // guarded by lock
        private int count;              // written under lock; read without it, opaque

        void add(Goroutine g) {
            lock();
            g.nextLive = head;
            if (head != null) {
                head.prevLive = g;
            }
            head = g;
            count++;
            unlock();
        }

        void remove(Goroutine g) {
            lock();
            if (g.prevLive == null) {
                head = g.nextLive;
            } else {
                g.prevLive.nextLive = g.nextLive;
            }
            if (g.nextLive != null) {
                g.nextLive.prevLive = g.prevLive;
            }
            g.prevLive = g.nextLive = null;
            count--;
            unlock();
        }

        /** The list length at some recent moment (no lock: a racy but untorn read). */
        int count() {
            return (int) COUNT.getOpaque(this);
        }

        void copyTo(List<Goroutine> out) {
            lock();
            for (Goroutine g = head; g != null; g = g.nextLive) {
                out.add(g);
            }
            unlock();
        }

        private void lock() {
            while (!LOCK.compareAndSet(this, 0, 1)) {
                Thread.onSpinWait();  // held for a few pointer writes by a running thread
            }
        }

        private void unlock() {
            LOCK.setRelease(this, 0);
        }

        // VarHandle mechanics
        private static final VarHandle LOCK;
        private static final VarHandle COUNT;

        static {
            try {
                LOCK = MethodHandles.lookup().findVarHandle(Stripe.class, "lock", int.class);
                COUNT = MethodHandles.lookup().findVarHandle(Stripe.class, "count", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
