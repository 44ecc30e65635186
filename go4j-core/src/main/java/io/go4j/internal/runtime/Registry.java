package io.go4j.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * Registry starts goroutines and knows every live one (Go's {@code allgs}): the data behind
 * {@code Go.numGoroutine()}, goroutine dumps and profiles.
 *
 * <p>Invariants: a goroutine is in the registry from just before its thread starts until its
 * task has returned or thrown (and the panic has been reported). Only goroutines started through
 * {@link #start} are registered; other threads (main, platform threads, raw virtual threads) are
 * not goroutines to go4j, though they may use every primitive.
 */
public final class Registry {
    /*
     * Implementation notes.
     *
     * The live set is a ConcurrentHashMap keyed by Thread, so the current goroutine is found
     * with one lookup on Thread.currentThread() (only on the slow path, when a goroutine is
     * about to park) and no ThreadLocal is set per goroutine. The creation site is looked up
     * per task class through a ClassValue: each lambda expression or method reference compiles
     * to a class of its own, so "where was this class first passed to go()" is the call site,
     * and the stack is walked once per site instead of once per goroutine. A named Runnable class
     * started from several places reports the first of them.
     */

    private static final ConcurrentHashMap<Thread, Goroutine> LIVE = new ConcurrentHashMap<>();
    private static final Thread.UncaughtExceptionHandler PANIC_HANDLER = Panics::report;
    private static final ThreadFactory UNNAMED =
            Thread.ofVirtual().uncaughtExceptionHandler(PANIC_HANDLER).factory();

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
        StackTraceElement site = Hooks.CREATION_SITES ? CREATION_SITE.get(task.getClass()) : null;
        Goroutine g = new Goroutine(task, Thread.currentThread().threadId(), site);
        Thread t = name == null
                ? UNNAMED.newThread(g)
                : Thread.ofVirtual().name(name).uncaughtExceptionHandler(PANIC_HANDLER).unstarted(g);
        g.bind(t);
        LIVE.put(t, g);
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            LIVE.remove(t);
            throw e;
        }
        return t;
    }

    /** Returns the goroutine running on the current thread, or null if it is not a goroutine. */
    public static Goroutine current() {
        return LIVE.get(Thread.currentThread());
    }

    /** Returns the goroutine running on {@code thread}, or null. */
    public static Goroutine of(Thread thread) {
        return LIVE.get(thread);
    }

    /** Returns the number of live goroutines. */
    public static int count() {
        return LIVE.size();
    }

    /** Returns a snapshot of the live goroutines, in no particular order. */
    public static List<Goroutine> snapshot() {
        return new ArrayList<>(LIVE.values());
    }

    /** Returns a live view of the threads of live goroutines. */
    public static Set<Thread> threads() {
        return LIVE.keySet();
    }

    static void remove(Goroutine g) {
        LIVE.remove(g.thread());
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

    private static boolean isStartFrame(StackWalker.StackFrame f) {
        String cls = f.getClassName();
        return cls.equals("io.go4j.Go") || cls.startsWith("io.go4j.internal.")
                || cls.startsWith("java.lang.ClassValue");
    }
}
