package io.go4j;

import io.go4j.internal.runtime.Goexit;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Panics;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.SchedulerProvider;
import io.go4j.internal.runtime.Scheduling;
import io.go4j.internal.runtime.WaitReason;

import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Go is Go's {@code go} statement and the runtime's goroutine functions: goroutines are JDK
 * virtual threads, scheduled by the JDK's work-stealing scheduler (Go's M:N scheduler), with the
 * identity, wait reasons and creation sites Go's tools show.
 *
 * <pre>{@code
 * import static io.go4j.Go.go;
 *
 * Chan<String> done = Chan.make();
 * go(() -> done.send("virtual thread: " + Thread.currentThread().isVirtual()));
 * System.out.println(done.recv());   // virtual thread: true
 * }</pre>
 *
 * <p>A goroutine's uncaught exception is never lost: it is reported in Go's panic format
 * ({@code panic: ...}, {@code goroutine N [running]:}, the stack, {@code created by F in
 * goroutine M}) on standard error, or passed to the application's default uncaught-exception
 * handler if one is installed. With {@code -Dgo4j.panic=exit} it then ends the process with
 * status 2, as an unrecovered panic does in Go.
 *
 * <p>A task may throw checked exceptions: a lambda passed to {@code go} is a
 * {@link ThrowingRunnable}, and what it throws is the goroutine's panic, reported as it is.
 * Go's {@code runtime} functions are here too: {@link #gosched()}, {@link #goexit()},
 * {@link #lockOSThread()} (with {@link #goLocked(ThrowingRunnable)}, a goroutine with a platform
 * thread of its own), {@link #numGoroutine()}, {@link #maxProcs()}. Where they differ from Go, and
 * why, is in the package documentation ("Differences from Go").
 *
 * <p>Memory model: the call to {@code go} happens-before the goroutine's task begins.
 */
public final class Go {
    /*
     * Implementation notes: the registry (internal.runtime.Registry) starts the thread and keeps
     * the live set; this class is the public face and the GOMAXPROCS plumbing. The JDK 24+
     * VirtualThreadSchedulerMXBean is reached by reflection because the build targets Java 21.
     *
     * 1. go(Runnable) and go(ThrowingRunnable): Java never looks at checked exceptions when it
     *    picks an overload, so two overloads taking unrelated void functional interfaces would be
     *    ambiguous for every lambda. ThrowingRunnable extends Runnable, which makes go(ThrowingRunnable)
     *    the most specific overload for any lambda or method reference (JLS 15.12.2.5), whether it
     *    throws or not; go(Runnable) remains for Runnable-typed values. ThrowingRunnable.run
     *    rethrows a checked exception unwrapped ("sneakily"), so the panic report and the
     *    uncaught-exception handler see the exception the task threw, not a wrapper.
     * 2. goexit throws internal.runtime.Goexit, an Error that Goroutine.run recognises: the stack
     *    unwinds through every finally block (Go's deferred calls), then the goroutine ends with
     *    no panic report. On a thread that is not a goroutine there is no Goroutine.run to catch
     *    it, so goexit installs an uncaught-exception handler on that thread first (MainGoexit):
     *    see goexit's Javadoc for what it then does.
     */

    private static final String SCHEDULER_BEAN = "jdk.management.VirtualThreadSchedulerMXBean";

    /** Exit status of a Go program whose main goroutine called Goexit and then had no goroutines. */
    private static final int GOEXIT_DEADLOCK_STATUS = 2;

    /** How long the main thread sleeps between checks for goroutines, after main called goexit. */
    private static final long GOEXIT_POLL_NANOS = 10_000_000;

    private Go() {}

    /**
     * ThrowingRunnable is a goroutine's task that may throw any exception, checked ones included:
     * every lambda or method reference passed to {@link Go#go} is one, so code that calls
     * methods declaring {@code IOException} needs no try/catch just to start a goroutine. An
     * exception the task throws is the goroutine's panic, reported as it was thrown (not
     * wrapped), like an unchecked one.
     *
     * <pre>{@code
     * import java.nio.file.Files;
     * import java.nio.file.Path;
     *
     * Path file = Files.writeString(Files.createTempFile("go4j", ".txt"), "hello");
     * Chan<String> text = Chan.make();
     * go(() -> text.send(Files.readString(file)));   // readString throws IOException: allowed
     * System.out.println(text.recv());               // hello
     * }</pre>
     *
     * <p>Called through {@link Runnable#run()}, a checked exception is rethrown as it is, though
     * {@code run} does not declare it.
     */
    @FunctionalInterface
    public interface ThrowingRunnable extends Runnable {
        /**
         * Runs the task.
         *
         * @throws Exception whatever the task throws: in a goroutine, its panic
         */
        void runThrowing() throws Exception;

        /** Runs {@link #runThrowing()}, rethrowing any exception unwrapped, checked ones included. */
        @Override
        default void run() {
            try {
                runThrowing();
            } catch (Exception e) {
                throw ThrowingRunnable.<RuntimeException>rethrow(e);
            }
        }

        /** Throws {@code e} as it is: the cast to X is unchecked, so a checked exception passes. */
        @SuppressWarnings("unchecked")
        private static <X extends Throwable> X rethrow(Throwable e) throws X {
            throw (X) e;
        }
    }

    /**
     * Starts {@code task} in a new goroutine and returns the goroutine's thread.
     *
     * @param task the goroutine's body
     * @return the goroutine's (virtual) thread
     */
    public static Thread go(Runnable task) {
        return Registry.start(null, Objects.requireNonNull(task, "task"));
    }

    /**
     * Starts {@code task}, which may throw checked exceptions, in a new goroutine and returns the
     * goroutine's thread (see {@link ThrowingRunnable}): an exception it throws is the
     * goroutine's panic.
     *
     * @param task the goroutine's body
     * @return the goroutine's (virtual) thread
     */
    public static Thread go(ThrowingRunnable task) {
        return Registry.start(null, Objects.requireNonNull(task, "task"));
    }

    /**
     * Starts {@code task} in a new goroutine whose thread is named {@code name}.
     *
     * @param name the thread's name
     * @param task the goroutine's body
     * @return the goroutine's (virtual) thread
     */
    public static Thread go(String name, Runnable task) {
        return Registry.start(Objects.requireNonNull(name, "name"), Objects.requireNonNull(task, "task"));
    }

    /**
     * Starts {@code task}, which may throw checked exceptions, in a new goroutine whose thread
     * is named {@code name} (see {@link ThrowingRunnable}).
     *
     * @param name the thread's name
     * @param task the goroutine's body
     * @return the goroutine's (virtual) thread
     */
    public static Thread go(String name, ThrowingRunnable task) {
        return Registry.start(Objects.requireNonNull(name, "name"), Objects.requireNonNull(task, "task"));
    }

    /**
     * Starts {@code task} in a new goroutine locked to a platform thread of its own, for its
     * whole life: the JVM's form of Go's {@code go func() { runtime.LockOSThread(); ... }()}.
     *
     * <pre>{@code
     * Chan<String> where = Chan.make();
     * Go.goLocked(() -> {
     *     Go.lockOSThread();   // allowed: this goroutine has its own platform thread
     *     where.send("virtual: " + Thread.currentThread().isVirtual());
     * });
     * System.out.println(where.recv());   // virtual: false
     * }</pre>
     *
     * <p>Use it where Go locks a goroutine to its thread: native code with thread-local state
     * (a JNI or FFM library, a GUI or OpenGL context), and on the JVM also for a goroutine that
     * would hold a carrier thread for long (long native calls; {@code synchronized} blocks that
     * block, which pin a virtual thread on JDK 21-23). The goroutine is registered like any other
     * (id, name, wait reasons, creator; {@link GoroutineInfo#lockedToThread()} is true), its
     * thread is a daemon, and it costs a platform thread: a megabyte of stack and an OS thread.
     *
     * @param task the goroutine's body
     * @return the goroutine's (platform) thread
     */
    public static Thread goLocked(ThrowingRunnable task) {
        return Registry.start(null, Objects.requireNonNull(task, "task"), true);
    }

    /**
     * Starts {@code task} in a new goroutine locked to a platform thread of its own; see
     * {@link #goLocked(ThrowingRunnable)}.
     *
     * @param task the goroutine's body
     * @return the goroutine's (platform) thread
     */
    public static Thread goLocked(Runnable task) {
        return Registry.start(null, Objects.requireNonNull(task, "task"), true);
    }

    /**
     * Wires the calling goroutine to its thread (Go's {@code runtime.LockOSThread}). A goroutine
     * started by {@link #goLocked} is wired to its platform thread for its whole life, as is any
     * platform thread (main included), so for them this is a no-op that holds. A goroutine on a
     * virtual thread cannot be wired: the JDK may move a virtual thread to another carrier at any
     * blocking point and cannot move it to a thread of its own, so this throws rather than let
     * thread-affine code run unprotected.
     *
     * @throws UnsupportedOperationException if called on a virtual thread; start the goroutine
     *         with {@link #goLocked(ThrowingRunnable)} instead
     */
    public static void lockOSThread() {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            throw new UnsupportedOperationException("lockOSThread: goroutine " + t.threadId()
                    + " runs on a virtual thread, which the JDK may move between carrier threads and"
                    + " cannot give a thread of its own; start it with Go.goLocked(task) instead");
        }
    }

    /**
     * Undoes {@link #lockOSThread()} (Go's {@code runtime.UnlockOSThread}): a no-op. A goroutine
     * on a platform thread keeps it (there is no other thread it could move to, and no other
     * goroutine ever runs on it), and one on a virtual thread was never locked, for which Go's
     * {@code UnlockOSThread} is a no-op too. It exists so that Go's
     * {@code LockOSThread(); defer UnlockOSThread()} ports line for line.
     */
    public static void unlockOSThread() {
        // Nothing to undo: see the Javadoc.
    }

    /**
     * Yields the processor, so that other goroutines may run (Go's {@code runtime.Gosched}):
     * {@link Thread#yield()} on the goroutine's virtual thread. It is a hint, not a turn in a
     * round robin: with the JDK's scheduler, a yielding goroutine is requeued on its carrier's
     * local queue if that queue has work (else on the shared queue), and a carrier runs its local
     * queue before the shared one, where goroutines woken by platform threads (timers, I/O, the
     * main thread) wait. So goroutines that loop on {@code gosched()} waiting for such a
     * goroutine can starve it, and a loop of {@code gosched()} is no substitute for blocking on a
     * channel, a {@code WaitGroup} or a {@code Cond}. A virtual thread pinned to its carrier
     * (in native code, or in {@code synchronized} on JDK 21-23) does not yield at all.
     */
    public static void gosched() {
        Thread.yield();
    }

    /**
     * Terminates the calling goroutine (Go's {@code runtime.Goexit}). Its {@code finally}
     * blocks and try-with-resources run first, as Go runs deferred calls; ending this way is not
     * a panic: nothing is reported and {@code -Dgo4j.panic=exit} does not end the process.
     *
     * <pre>{@code
     * Chan<String> log = Chan.make(2);
     * Thread t = go(() -> {
     *     try {
     *         log.send("working");
     *         Go.goexit();
     *         log.send("never sent");
     *     } finally {
     *         log.send("finally runs");
     *     }
     * });
     * t.join();
     * System.out.println(log.recv());   // working
     * System.out.println(log.recv());   // finally runs
     * }</pre>
     *
     * <p>It unwinds the stack by throwing an {@link Error} (see {@link #isGoexit(Throwable)}), so
     * {@code catch (Exception e)} lets it through but {@code catch (Throwable t)} or
     * {@code catch (Error e)} stops it, and the goroutine then goes on: code that must catch
     * everything should rethrow it. In an {@code errgroup} task it ends the task without failing
     * the group, as in Go.
     *
     * <p>On the JVM's main thread (the platform thread named {@code main}) it does what Go does
     * for the main goroutine: main's {@code finally} blocks run, then main ends without its
     * caller seeing it return, and the program goes on running its goroutines; when none are
     * left it prints {@code fatal error: no goroutines (main called runtime.Goexit) - deadlock!}
     * to standard error (under {@code -Dgo4j.log=system}: logs it to the {@code System.Logger}
     * {@code io.go4j}) and exits with status 2 (shutdown hooks run). On any other thread that is not a goroutine
     * it unwinds the same way, and if nothing catches it the thread ends quietly.
     */
    public static void goexit() {
        Thread t = Thread.currentThread();
        if (Registry.of(t) == null && !(t.getUncaughtExceptionHandler() instanceof MainGoexit)) {
            t.setUncaughtExceptionHandler(new MainGoexit(t.getUncaughtExceptionHandler()));
        }
        throw new Goexit();
    }

    /**
     * Reports whether {@code t} is the unwinding of {@link #goexit()}: code that catches
     * {@code Throwable} should rethrow it, so that the goroutine does end.
     *
     * @param t a throwable, or null
     * @return true if {@code t} was thrown by {@link #goexit()}
     */
    public static boolean isGoexit(Throwable t) {
        return t instanceof Goexit;
    }

    /**
     * Runs {@code body} with {@code labels} added to the current goroutine's profiler labels
     * (Go's {@code pprof.Do}), then restores the labels it had. A label whose key is already set
     * takes the new value. Labels appear in goroutine dumps and profiles, and every goroutine
     * started meanwhile inherits the labels its creator has when it calls {@code go}.
     *
     * <pre>{@code
     * Go.withLabels(Map.of("request", "r-42"), () -> {
     *     Chan<Map<String, String>> seen = Chan.make(1);
     *     go(() -> seen.send(Go.labels()));   // goroutines inherit their creator's labels
     *     System.out.println(seen.recv());    // {request=r-42}
     * });
     * System.out.println(Go.labels());        // {}
     * }</pre>
     *
     * @param labels keys and values to add; neither may be null
     * @param body   what to run with them
     * @throws NullPointerException if {@code labels}, a key, a value or {@code body} is null
     */
    public static void withLabels(Map<String, String> labels, Runnable body) {
        Objects.requireNonNull(body, "body");
        Goroutine g = Registry.currentOrAdopt();
        Map<String, String> before = g.labels();
        TreeMap<String, String> merged = new TreeMap<>(before);
        labels.forEach((k, v) -> merged.put(Objects.requireNonNull(k, "label key"),
                Objects.requireNonNull(v, "label value")));
        g.setLabels(Collections.unmodifiableMap(merged));
        try {
            body.run();
        } finally {
            g.setLabels(before);
        }
    }

    /**
     * Returns the current goroutine's profiler labels (see {@link #withLabels}), sorted by key.
     *
     * @return the labels, empty if none; unmodifiable
     */
    public static Map<String, String> labels() {
        Goroutine g = Registry.current();
        return g == null ? Map.of() : g.labels();
    }

    /**
     * Returns the current goroutine's id: its thread's {@link Thread#threadId()}.
     *
     * @return the current thread's id
     */
    public static long goid() {
        return Thread.currentThread().threadId();
    }

    /**
     * Returns the number of live goroutines started by {@link #go} or {@link #goLocked} (Go's
     * {@code runtime.NumGoroutine}): a goroutine counts from the moment {@code go} returns (and
     * a little before) until its task has returned or thrown and any panic has been reported.
     * Unlike Go, the main thread is not counted, nor is any other thread {@code go} did not start,
     * even while it waits in a go4j primitive (go4j's tools still see such a thread waiting).
     * While goroutines start and end the count is a recent moment's, not a snapshot's.
     *
     * @return the number of live goroutines, at some recent moment
     */
    public static int numGoroutine() {
        return Registry.count();
    }

    /**
     * Returns a snapshot of every live goroutine started by {@link #go} or {@link #goLocked},
     * ordered by id.
     *
     * @return the live goroutines
     */
    public static List<GoroutineInfo> goroutines() {
        List<Goroutine> live = Registry.snapshot();
        List<GoroutineInfo> out = new ArrayList<>(live.size());
        for (Goroutine g : live) {
            Thread t = g.thread();
            if (t == null) {
                continue;   // leak mode: reclaimed by a proving GC while this list was taken
            }
            WaitReason reason = g.waitReason();
            out.add(new GoroutineInfo(g.id(), t.getName(), t.getState(),
                    reason == null ? null : reason.goText(), g.waitingSince(), g.creatorId(), g.createdBy(),
                    g.lockedToThread(), g.labels()));
        }
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    /**
     * Returns GOMAXPROCS: how many goroutines can run at once, the parallelism of the JDK's
     * virtual-thread scheduler (its carrier threads), or go4j-sched's number of carriers when it
     * runs goroutines ({@code -Dgo4j.scheduler=go}).
     *
     * @return GOMAXPROCS
     */
    public static int maxProcs() {
        SchedulerProvider scheduler = Scheduling.provider();
        if (scheduler != null) {
            return scheduler.maxProcs();
        }
        PlatformManagedObject bean = schedulerBean();
        if (bean != null) {
            try {
                return (int) schedulerMethod("getParallelism").invoke(bean);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall through to the configured value
            }
        }
        String configured = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (configured != null) {
            try {
                return Integer.parseInt(configured.trim());
            } catch (NumberFormatException e) {
                // the JDK ignores a malformed value too
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Sets GOMAXPROCS (Go's {@code runtime.GOMAXPROCS(n)}) and returns the previous value.
     * Needs JDK 24+, whose {@code jdk.management.VirtualThreadSchedulerMXBean} can change the
     * scheduler's parallelism at run time, and that bean's module, {@code jdk.management}, in
     * the JVM: go4j only {@code requires static} it, so a runtime image made by jlink for the
     * application must include it ({@code jlink --add-modules jdk.management}).
     *
     * @param n the new parallelism, at least 1
     * @return the previous GOMAXPROCS
     * @throws IllegalArgumentException      if {@code n < 1}
     * When go4j-sched runs goroutines ({@code -Dgo4j.scheduler=go}), it changes go4j-sched's
     * number of carriers instead, on any JDK.
     *
     * @throws UnsupportedOperationException on JDK 21-23, or without the jdk.management module;
     *         the message says which (set {@code -Djdk.virtualThreadScheduler.parallelism=n} at
     *         launch instead)
     */
    public static int setMaxProcs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GOMAXPROCS must be at least 1: " + n);
        }
        SchedulerProvider scheduler = Scheduling.provider();
        if (scheduler != null) {
            int previous = scheduler.setMaxProcs(n);
            Hooks.maxProcsChanged(n);
            return previous;
        }
        PlatformManagedObject bean = schedulerBean();
        if (bean == null) {
            boolean module = ModuleLayer.boot().findModule("jdk.management").isPresent();
            throw new UnsupportedOperationException(maxProcsUnsupported(Runtime.version().feature(), module, n));
        }
        int previous = maxProcs();
        try {
            schedulerMethod("setParallelism", int.class).invoke(bean, n);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("cannot set virtual-thread scheduler parallelism", e);
        }
        Hooks.maxProcsChanged(n);
        return previous;
    }

    /**
     * Returns why setMaxProcs({@code n}) cannot work on JDK {@code jdkFeature} when the
     * scheduler bean is missing; {@code managementModule} is whether jdk.management is in the
     * boot layer. Package-private so that a test can check every case on any JDK.
     */
    static String maxProcsUnsupported(int jdkFeature, boolean managementModule, int n) {
        String instead = "start the JVM with -Djdk.virtualThreadScheduler.parallelism=" + n;
        if (jdkFeature < 24) {
            return "setMaxProcs needs JDK 24+ (" + SCHEDULER_BEAN + "); on JDK " + jdkFeature + " " + instead;
        }
        if (!managementModule) {
            return "setMaxProcs needs the jdk.management module (" + SCHEDULER_BEAN + "), which this JVM"
                    + " has not loaded: include it in the runtime image (jlink --add-modules jdk.management)"
                    + " or resolve it (java --add-modules jdk.management); or " + instead;
        }
        return "setMaxProcs: this JVM provides no " + SCHEDULER_BEAN + "; " + instead;
    }

    /** The bean's method looked up on its public interface (its implementation class is not exported). */
    private static java.lang.reflect.Method schedulerMethod(String name, Class<?>... params)
            throws ReflectiveOperationException {
        return Class.forName(SCHEDULER_BEAN).getMethod(name, params);
    }

    @SuppressWarnings("unchecked")
    private static PlatformManagedObject schedulerBean() {
        try {
            Class<?> type = Class.forName(SCHEDULER_BEAN);
            return ManagementFactory.getPlatformMXBean((Class<? extends PlatformManagedObject>) type);
        } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The uncaught-exception handler goexit installs on a thread that is not a goroutine: a
     * Goexit reaching the top of the main thread keeps the program running while goroutines
     * live, then ends it as Go does; on another thread it ends the thread quietly; anything else
     * goes to the handler the thread had.
     */
    private record MainGoexit(Thread.UncaughtExceptionHandler previous) implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread t, Throwable e) {
            if (!(e instanceof Goexit)) {
                if (previous != null) {
                    previous.uncaughtException(t, e);
                }
                return;
            }
            if (!isMainThread(t)) {
                return;
            }
            // The JVM stays up while this thread (main, not a daemon) is alive: wait here for the
            // goroutines (daemons) to end. A crash path, so polling is good enough.
            while (Registry.count() > 0) {
                LockSupport.parkNanos(GOEXIT_POLL_NANOS);
                Thread.interrupted();   // main has ended: an interrupt has nothing left to stop
            }
            Panics.fatal("fatal error: no goroutines (main called runtime.Goexit) - deadlock!");
            Runtime.getRuntime().exit(GOEXIT_DEADLOCK_STATUS);
        }

        private static boolean isMainThread(Thread t) {
            ThreadGroup group = t.getThreadGroup();
            return !t.isVirtual() && !t.isDaemon() && t.getName().equals("main")
                    && group != null && group.getName().equals("main");
        }
    }
}
