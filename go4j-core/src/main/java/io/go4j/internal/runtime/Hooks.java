package io.go4j.internal.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hooks is go4j's one switchboard: every observation point of the core (wait reasons, creation
 * sites, contention, goroutine and wait events, happens-before events) is turned on or off here,
 * and every tool (go4j-debug, go4j-test, go4j-race, the tracer) listens here, without a second
 * copy of any primitive, as Go's runtime does with {@code if raceenabled}.
 *
 * <p>There are two kinds of switch.
 * <ul>
 *   <li><b>Fixed at launch</b>: {@code static final} booleans read once from system properties
 *       when this class initialises. The JIT folds them, so a hook that is off costs nothing on
 *       the paths it guards (not even a load). Call sites test them inline:
 *       {@code if (Hooks.SYNC_EVENTS) Hooks.release(this, 0);}.
 *       <table>
 *         <caption>Switches fixed at launch</caption>
 *         <tr><th>property</th><th>default</th><th>switch</th><th>what it does</th></tr>
 *         <tr><td>{@code go4j.waitReasons}</td><td>true</td><td>{@link #WAIT_REASONS}</td>
 *             <td>record wait reason, wait start and blocker of every parked thread; adopt
 *             threads not started by {@code go()} when they first wait</td></tr>
 *         <tr><td>{@code go4j.creationSites}</td><td>true</td><td>{@link #CREATION_SITES}</td>
 *             <td>record where each goroutine was started</td></tr>
 *         <tr><td>{@code go4j.contention}</td><td>true</td><td>{@link #CONTENTION}</td>
 *             <td>report contended lock acquisitions to the contention listener</td></tr>
 *         <tr><td>{@code go4j.syncEvents}</td><td>false</td><td>{@link #SYNC_EVENTS}</td>
 *             <td>publish happens-before events (set by a race detector before go4j loads)</td></tr>
 *         <tr><td>{@code go4j.spin}</td><td>true</td><td>{@link #SPIN}</td>
 *             <td>spin before parking; off for model checkers whose clock stands still</td></tr>
 *         <tr><td>{@code go4j.panic}</td><td>(report)</td><td>{@link #PANIC_EXITS}</td>
 *             <td>{@code exit}: a goroutine's uncaught exception halts with status 2</td></tr>
 *         <tr><td>{@code go4j.log}</td><td>(stderr)</td><td>{@link #SYSTEM_LOGGER}</td>
 *             <td>{@code system}: go4j's own reports go to {@code System.Logger}s instead of
 *             standard error (level ERROR), so that a {@code System.Logger} bridge sends them
 *             where the application's logs go: panics and the runtime's fatal errors to
 *             {@code io.go4j}, go4j-debug's deadlock reports to {@code io.go4j.deadlock}</td></tr>
 *         <tr><td>{@code go4j.scheduler}</td><td>jdk</td><td>{@link Scheduling#SCHEDULER}</td>
 *             <td>which scheduler runs goroutines: the JDK's, or {@code go} (go4j-sched)</td></tr>
 *       </table></li>
 *   <li><b>Toggled at run time</b>: volatile listener fields, null when no one listens. With no
 *       listener a report costs one volatile read on a path that is already slow (a park, a
 *       contended lock, a goroutine start). The contention listener (Go's mutex profile), the
 *       goroutine listener (block profile, execution tracer) and the sync listener (race
 *       detector) are installed with the {@code set...Listener} methods, the task decorator
 *       (context propagation into goroutines: go4j-otel) with {@link #setTaskDecorator}; each
 *       returns the previous one so that a tool can chain or restore it.</li>
 * </ul>
 *
 * <p>Listeners run on the thread that reports, sometimes with a go4j lock held (a channel's, for
 * happens-before events of a channel operation). They must be quick, must not block, must not
 * call go4j primitives, and must not throw: an exception thrown by a listener is dropped, since
 * the primitive cannot undo what it reported, but not unseen: the first one from each listener
 * class is reported with its stack trace, to standard error or, under {@code -Dgo4j.log=system},
 * to the {@code System.Logger} {@code io.go4j} at {@code WARNING} (a tool whose listener breaks
 * would otherwise lose events without a trace).
 */
public final class Hooks {
    /*
     * Implementation notes.
     *
     * Why the sync listener needs a switch fixed at launch and the others do not: happens-before
     * events come from the hottest paths (every channel operation, every lock and unlock), where
     * even a volatile read is measurable (a load on a line shared by all carriers), and a race
     * detector must see every event from the first, or it reports races that did not happen. So
     * SYNC_EVENTS is static final and set before io.go4j loads (a -javaagent sets the property in
     * premain); a listener installed while it is off is refused loudly. Contention, waits and
     * goroutine lifetimes are reported only on slow paths, so a volatile read is enough there and
     * profiles can be switched on in a running process.
     */

    /** Record wait reason, wait start and blocker in the goroutine registry when a thread parks. */
    public static final boolean WAIT_REASONS = !"false".equals(System.getProperty("go4j.waitReasons"));

    /** Record the call site of {@code go(...)} for "created by" lines. */
    public static final boolean CREATION_SITES = !"false".equals(System.getProperty("go4j.creationSites"));

    /** Report contended lock acquisitions (the raw material of Go's mutex profile). */
    public static final boolean CONTENTION = !"false".equals(System.getProperty("go4j.contention"));

    /** Publish happens-before events to the sync listener (a race detector). Off by default. */
    public static final boolean SYNC_EVENTS = "true".equals(System.getProperty("go4j.syncEvents"));

    /** Spin before parking (channel operations; a Mutex locker never spins); off only for model checking. */
    public static final boolean SPIN = !"false".equals(System.getProperty("go4j.spin"));

    /** An uncaught exception in a goroutine ends the process with status 2, as in Go. */
    public static final boolean PANIC_EXITS = "exit".equals(System.getProperty("go4j.panic"));

    /**
     * go4j's own reports go to {@link System.Logger}s at {@code ERROR} instead of standard error:
     * a goroutine's panic and the runtime's fatal errors to {@code io.go4j}, go4j-debug's
     * deadlock reports to {@code io.go4j.deadlock}. Off by default.
     */
    public static final boolean SYSTEM_LOGGER = "system".equals(System.getProperty("go4j.log"));

    /**
     * Leak mode: the registry keeps no strong path from a registered goroutine to what it waits
     * on, and drops its thread for the length of a proving GC ({@link Registry#collectLeaked}),
     * so that a goroutine parked for ever on something unreachable is proven leaked, as Go
     * 1.26's goroutineleak profile does. Off by default; costs a weak reference per goroutine.
     */
    public static final boolean LEAK_DETECTION = "true".equals(System.getProperty("go4j.leakDetection"));

    /**
     * Receives contended lock acquisitions, on the thread that let the waiter in: as Go's mutex
     * profile does, the delay is charged to the unlocker, whose stack is what caused it.
     */
    @FunctionalInterface
    public interface ContentionListener {
        /**
         * The current thread, releasing {@code lock}, has just let in a waiter that had been
         * parked {@code waitNanos} ns with {@code kind}.
         *
         * @param kind      what the waiter waited in, e.g. {@link WaitReason#SYNC_MUTEX_LOCK}
         * @param lock      the lock (a {@code Mutex}, an {@code RWMutex}; the inner writer lock of
         *                  an {@code RWMutex} reports as a {@code Mutex})
         * @param waitNanos how long the waiter was parked, this time
         */
        void contended(WaitReason kind, Object lock, long waitNanos);
    }

    /**
     * Receives goroutines' starts, waits, panics and exits: the raw material of the block
     * profile, the execution tracer and go4j-test's per-test checks. Every method runs on the thread it is about, except {@link #unparked}.
     * A "goroutine" here is any thread's record: one started by {@code go()}, or one adopted when
     * it first waited in go4j ({@link Goroutine#adopted()}).
     */
    public interface GoroutineListener {
        /**
         * Goroutine {@code g} begins its task (on its own thread).
         *
         * @param g the goroutine
         */
        default void started(Goroutine g) {}

        /**
         * Goroutine {@code g} has finished its task, after any panic was reported.
         *
         * @param g the goroutine
         */
        default void exited(Goroutine g) {}

        /**
         * Goroutine {@code g}'s task has thrown {@code panic} (not {@code Go.goexit()}), on its
         * own thread, before the panic is reported and while {@code g} is still registered: a
         * test framework hears which goroutine panicked, and with what, whoever reports it.
         *
         * @param g     the goroutine
         * @param panic what its task threw
         */
        default void panicked(Goroutine g, Throwable panic) {}

        /**
         * {@code g} is about to park in a go4j primitive.
         *
         * @param g       the goroutine
         * @param reason  why, in Go's words
         * @param blocker what it waits on (see {@link Goroutine#waitBlocker()})
         */
        default void blocked(Goroutine g, WaitReason reason, Object blocker) {}

        /**
         * {@code g}'s wait has ended: it was woken, interrupted or timed out.
         *
         * @param g         the goroutine
         * @param reason    why it had parked
         * @param blocker   what it had waited on
         * @param waitNanos how long it was parked
         */
        default void unblocked(Goroutine g, WaitReason reason, Object blocker, long waitNanos) {}

        /**
         * {@code g}'s profiler labels have changed ({@code Go.withLabels} entering or leaving),
         * on {@code g}'s own thread; {@link Goroutine#labels()} has the new ones.
         *
         * @param g the goroutine
         */
        default void labelsChanged(Goroutine g) {}

        /**
         * The current thread made {@code woken}, parked in a go4j primitive, runnable again.
         *
         * @param woken the thread it unparked
         */
        default void unparked(Thread woken) {}

        /**
         * GOMAXPROCS changed ({@code Go.setMaxProcs}), on the thread that changed it.
         *
         * @param procs the new value
         */
        default void maxProcsChanged(int procs) {}
    }

    /**
     * Receives happens-before events, in Go's race-detector vocabulary: a {@code release} by one
     * thread on a synchronisation object {@code (sync, slot)} happens-before every later
     * {@code acquire} of the same object by any thread. {@code releaseMerge} is a release that
     * joins the object's clock instead of replacing it (many releasers, one acquirer: the readers
     * of an RWMutex, the {@code done()}s of a WaitGroup). {@code slot} tells apart several
     * synchronisation points of one object: a channel's buffer slots ({@code 0..cap-1}; 0 for an
     * unbuffered channel), its close ({@link #CLOSE_SLOT}), an RWMutex's reader and writer sides.
     * {@code by} is the thread on whose behalf the event happens: usually the current thread, but
     * a channel operation that completes a parked peer reports the peer's events too, in order.
     */
    public interface SyncListener {
        /**
         * The current thread {@code parent} is starting goroutine {@code child}: everything
         * before in {@code parent} happens-before {@code child}'s task.
         *
         * @param parent the starting thread
         * @param child  the goroutine's thread, not started yet
         */
        void goCreate(Thread parent, Thread child);

        /**
         * Goroutine {@code g} is ending; its clock may be recycled.
         *
         * @param g the goroutine's thread (the current thread)
         */
        void goExit(Thread g);

        /**
         * {@code by} acquires {@code (sync, slot)}.
         *
         * @param by   the thread the event is for
         * @param sync the synchronisation object
         * @param slot which of its synchronisation points
         */
        void acquire(Thread by, Object sync, long slot);

        /**
         * {@code by} releases {@code (sync, slot)}, replacing what it held.
         *
         * @param by   the thread the event is for
         * @param sync the synchronisation object
         * @param slot which of its synchronisation points
         */
        void release(Thread by, Object sync, long slot);

        /**
         * {@code by} releases {@code (sync, slot)}, joining what it held.
         *
         * @param by   the thread the event is for
         * @param sync the synchronisation object
         * @param slot which of its synchronisation points
         */
        void releaseMerge(Thread by, Object sync, long slot);

        /**
         * {@code by} acquires then releases {@code (sync, slot)} (Go's {@code racenotify}: a
         * value passing through a channel's buffer slot). A listener may do both in one step;
         * the default calls {@link #acquire} then {@link #release}.
         *
         * @param by   the thread the event is for
         * @param sync the channel
         * @param slot the buffer slot
         */
        default void passThrough(Thread by, Object sync, long slot) {
            acquire(by, sync, slot);
            release(by, sync, slot);
        }
    }

    /**
     * Decorates each goroutine's task on the thread that calls {@code go()}, before the goroutine
     * exists: the seam for carrying a thread-local context (OpenTelemetry's current span, a
     * logging context) from creator to goroutine, as executors' task decorators do. The returned
     * task runs in the goroutine instead of {@code task}; it must run {@code task} once and let
     * what it throws pass unchanged (a panic, {@code Go.goexit()}).
     */
    @FunctionalInterface
    public interface TaskDecorator {
        /**
         * Returns the task to run in place of {@code task}, or {@code task} itself.
         *
         * @param task the task passed to {@code go()}
         * @return the task the goroutine runs
         */
        Runnable decorate(Runnable task);
    }

    /** The slot of a channel's close in happens-before events. */
    public static final long CLOSE_SLOT = -1;

    private static volatile ContentionListener contention;   // written by the set methods
    private static volatile GoroutineListener goroutines;    // written by the set methods
    private static volatile SyncListener sync;               // written only while SYNC_EVENTS
    private static volatile TaskDecorator taskDecorator;     // written by the task decorator methods, under Hooks.class

    private Hooks() {}

    // ---------------------------------------------------------------------------------------
    // Installing listeners

    /**
     * Installs the contention listener, or removes it when {@code l} is null.
     *
     * @param l the new listener, or null
     * @return the previous listener, or null
     */
    public static ContentionListener setContentionListener(ContentionListener l) {
        ContentionListener old = contention;
        contention = l;
        return old;
    }

    /**
     * Installs the goroutine listener, or removes it when {@code l} is null.
     *
     * @param l the new listener, or null
     * @return the previous listener, or null
     */
    public static GoroutineListener setGoroutineListener(GoroutineListener l) {
        GoroutineListener old = goroutines;
        goroutines = l;
        return old;
    }

    /**
     * Installs the happens-before listener, or removes it when {@code l} is null.
     *
     * @param l the new listener, or null
     * @return the previous listener, or null
     * @throws IllegalStateException if {@code -Dgo4j.syncEvents=true} was not set before go4j
     *         loaded: the events would never come
     */
    public static SyncListener setSyncListener(SyncListener l) {
        if (!SYNC_EVENTS && l != null) {
            throw new IllegalStateException("go4j: happens-before events are off; start the JVM with "
                    + "-Dgo4j.syncEvents=true (a race detector's agent sets it before go4j loads)");
        }
        SyncListener old = sync;
        sync = l;
        return old;
    }

    /**
     * Installs the task decorator, or removes it when {@code d} is null. There is one; a tool
     * that finds another installed composes with it (the returned one) and restores it when done.
     *
     * @param d the new decorator, or null
     * @return the previous decorator, or null
     */
    public static synchronized TaskDecorator setTaskDecorator(TaskDecorator d) {
        TaskDecorator old = taskDecorator;
        taskDecorator = d;
        return old;
    }

    /**
     * Installs {@code compose} applied to the installed task decorator (null if none), atomically
     * with the other task decorator methods: a tool composes with whatever is installed, with no
     * moment at which neither is.
     *
     * @param compose given the installed decorator or null, returns the one to install
     * @param <D>     the type of the installed decorator
     * @return the decorator installed
     */
    public static synchronized <D extends TaskDecorator> D composeTaskDecorator(
            java.util.function.Function<TaskDecorator, D> compose) {
        D d = compose.apply(taskDecorator);
        taskDecorator = d;
        return d;
    }

    /**
     * Replaces the task decorator with {@code replacement} if it is {@code expected}, atomically
     * with the other task decorator methods: a tool that composed with another's decorator removes
     * its own only while it is still the one installed, and does not undo a tool installed after it.
     *
     * @param expected    the decorator the tool installed
     * @param replacement what to install in its place (the decorator it composed with), or null
     * @return whether {@code expected} was installed, and so replaced
     */
    public static synchronized boolean replaceTaskDecorator(TaskDecorator expected, TaskDecorator replacement) {
        if (taskDecorator != expected) {
            return false;
        }
        taskDecorator = replacement;
        return true;
    }

    /**
     * Returns {@code task} decorated by the task decorator, if one is installed; {@code task}
     * itself if none is, or if the decorator throws or returns null (a decorator must not break
     * {@code go()}). Called on the creating thread, once per goroutine: one volatile read when
     * no decorator is installed.
     */
    static Runnable decorate(Runnable task) {
        TaskDecorator d = taskDecorator;
        if (d == null) {
            return task;
        }
        try {
            Runnable r = d.decorate(task);
            return r == null ? task : r;
        } catch (RuntimeException | Error e) {
            listenerFailed(d, "decorate", e);
            return task;   // a decorator must not break the primitive (class comment)
        }
    }

    /** Per listener class: whether one of its exceptions has been reported. */
    private static final ClassValue<AtomicBoolean> FAILURE_REPORTED = new ClassValue<>() {
        @Override
        protected AtomicBoolean computeValue(Class<?> type) {
            return new AtomicBoolean();
        }
    };

    /**
     * A listener (or the task decorator) threw {@code e} from {@code method}: the exception is
     * dropped (class comment), and the first of each listener class is reported.
     */
    private static void listenerFailed(Object listener, String method, Throwable e) {
        try {
            if (FAILURE_REPORTED.get(listener.getClass()).compareAndSet(false, true)) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                Panics.warn("go4j: " + listener.getClass().getName() + "." + method + " threw; go4j drops a"
                        + " listener's exceptions (the primitive cannot undo what it reported) and reports the"
                        + " first of each listener class:\n" + trace.toString().stripTrailing());
            }
        } catch (RuntimeException | Error reportFailed) {
            // the report itself failed (a stack overflow, an exhausted heap): the primitive goes on
        }
    }

    /** Returns the goroutine listener, or null; callers on slow paths read it once per event. */
    static GoroutineListener goroutineListener() {
        return goroutines;
    }

    // ---------------------------------------------------------------------------------------
    // Reporting: goroutine events (slow paths)

    static void started(Goroutine g) {
        GoroutineListener l = goroutines;
        if (l != null) {
            try {
                l.started(g);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "started", e);
            }
        }
    }

    static void exited(Goroutine g) {
        GoroutineListener l = goroutines;
        if (l != null) {
            try {
                l.exited(g);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "exited", e);
            }
        }
    }

    static void panicked(Goroutine g, Throwable panic) {
        GoroutineListener l = goroutines;
        if (l != null) {
            try {
                l.panicked(g, panic);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "panicked", e);
            }
        }
    }

    static void labelsChanged(Goroutine g) {
        GoroutineListener l = goroutines;
        if (l != null) {
            try {
                l.labelsChanged(g);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "labelsChanged", e);
            }
        }
    }

    static void blocked(Goroutine g, WaitReason reason, Object blocker) {
        GoroutineListener l = goroutines;
        if (l != null) {
            try {
                l.blocked(g, reason, blocker);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "blocked", e);
            }
        }
    }

    static void unblocked(GoroutineListener l, Goroutine g, WaitReason reason, Object blocker, long waitNanos) {
        try {
            l.unblocked(g, reason, blocker, waitNanos);
        } catch (RuntimeException | Error e) {
            listenerFailed(l, "unblocked", e);
        }
    }

    static void unparked(Thread woken) {
        GoroutineListener l = goroutines;
        if (l != null) {
            Goroutine g = Registry.of(woken);
            if (g != null) {
                g.unparkedAt(System.nanoTime());
            }
            try {
                l.unparked(woken);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "unparked", e);
            }
        }
    }

    /**
     * Reports that GOMAXPROCS is now {@code procs} (Go's tracer records the change).
     *
     * @param procs the new value
     */
    public static void maxProcsChanged(int procs) {
        GoroutineListener l = goroutines;
        if (l != null) {
            try {
                l.maxProcsChanged(procs);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "maxProcsChanged", e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Reporting: contention (callers test CONTENTION first)

    /**
     * Reports one contended acquisition of {@code lock}.
     *
     * @param kind      what the thread waited in
     * @param lock      the lock
     * @param waitNanos how long it waited
     */
    public static void contended(WaitReason kind, Object lock, long waitNanos) {
        ContentionListener l = contention;
        if (l != null) {
            try {
                l.contended(kind, lock, waitNanos);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "contended", e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Reporting: happens-before events (callers test SYNC_EVENTS first, so these fold away)

    /**
     * Reports that the current thread starts goroutine {@code child}.
     *
     * @param child the new goroutine's thread
     */
    public static void goCreate(Thread child) {
        SyncListener l = sync;
        if (l != null) {
            try {
                l.goCreate(Thread.currentThread(), child);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "goCreate", e);
            }
        }
    }

    /** Reports that the current goroutine ends. */
    public static void goExit() {
        SyncListener l = sync;
        if (l != null) {
            try {
                l.goExit(Thread.currentThread());
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "goExit", e);
            }
        }
    }

    /**
     * Reports that the current thread acquires {@code (sync, slot)}.
     *
     * @param sync the synchronisation object
     * @param slot which of its synchronisation points
     */
    public static void acquire(Object sync, long slot) {
        acquire(Thread.currentThread(), sync, slot);
    }

    /**
     * Reports that the current thread releases {@code (sync, slot)}.
     *
     * @param sync the synchronisation object
     * @param slot which of its synchronisation points
     */
    public static void release(Object sync, long slot) {
        release(Thread.currentThread(), sync, slot);
    }

    /**
     * Reports that the current thread releases {@code (sync, slot)}, joining.
     *
     * @param sync the synchronisation object
     * @param slot which of its synchronisation points
     */
    public static void releaseMerge(Object sync, long slot) {
        SyncListener l = Hooks.sync;
        if (l != null) {
            try {
                l.releaseMerge(Thread.currentThread(), sync, slot);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "releaseMerge", e);
            }
        }
    }

    /**
     * Reports that {@code by} acquires {@code (sync, slot)}.
     *
     * @param by   the thread the event is for
     * @param sync the synchronisation object
     * @param slot which of its synchronisation points
     */
    public static void acquire(Thread by, Object sync, long slot) {
        SyncListener l = Hooks.sync;
        if (l != null) {
            try {
                l.acquire(by, sync, slot);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "acquire", e);
            }
        }
    }

    /**
     * Reports that {@code by} releases {@code (sync, slot)}.
     *
     * @param by   the thread the event is for
     * @param sync the synchronisation object
     * @param slot which of its synchronisation points
     */
    public static void release(Thread by, Object sync, long slot) {
        SyncListener l = Hooks.sync;
        if (l != null) {
            try {
                l.release(by, sync, slot);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "release", e);
            }
        }
    }

    /**
     * Reports Go's {@code racenotify}: {@code by} acquires then releases {@code (sync, slot)}, as
     * a value passes through a channel's buffer slot.
     *
     * @param by   the thread the event is for
     * @param sync the channel
     * @param slot the buffer slot
     */
    public static void passThrough(Thread by, Object sync, long slot) {
        SyncListener l = Hooks.sync;
        if (l != null) {
            try {
                l.passThrough(by, sync, slot);
            } catch (RuntimeException | Error e) {
                listenerFailed(l, "passThrough", e);
            }
        }
    }
}
