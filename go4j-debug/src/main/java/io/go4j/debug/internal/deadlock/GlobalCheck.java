package io.go4j.debug.internal.deadlock;

import io.go4j.debug.internal.Snapshot;
import io.go4j.internal.runtime.WaitReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * GlobalCheck judges one {@link Snapshot} as Go's {@code checkdead} judges the scheduler: is
 * every goroutine asleep in a go4j primitive, with nothing left that could wake one? It is a
 * pure function of what it is given; {@link DeadlockWatcher} decides when a verdict is to be
 * believed (two agreeing looks, then the threads go4j cannot see).
 *
 * <p>"Asleep" means all of the following, and anything else is "awake":
 * <ul>
 *   <li>every goroutine and adopted thread has a go4j wait reason other than {@code sleep}, and
 *       its thread is in {@link Thread.State#WAITING} (an untimed park: a timed one is
 *       {@code TIMED_WAITING}, and a thread just unparked is {@code RUNNABLE});</li>
 *   <li>there is at least one of them (no goroutines at all is the core's Goexit case);</li>
 *   <li>no timer can fire ({@code PendingTimers}) and no SignalContext listens for the JVM's
 *       shutdown ({@code SignalWatchers});</li>
 *   <li>every other platform thread is the JVM's or the JDK's own (the system thread group, an
 *       {@code InnocuousThread}, a carrier), go4j's own (the timer thread, whose timers are
 *       counted, and {@code sync.Pool}'s cleaner), the launcher's {@code DestroyJavaVM}, or the
 *       caller (the watcher). Any other live platform thread, daemon or not, running, sleeping,
 *       or blocked in I/O or a JDK lock, might still wake a goroutine.</li>
 * </ul>
 *
 * <p>Not judged here: virtual threads that go4j has never seen (neither goroutines nor adopted);
 * the snapshot does not list them. {@link HiddenThreads} looks for them.
 */
public final class GlobalCheck {
    /*
     * Implementation notes.
     *
     * Why the thread state and not only the wait reason: a goroutine records its wait reason just
     * before parking and clears it just after waking, so a goroutine completed by a peer shows its
     * reason until it runs again. Its thread is RUNNABLE from the peer's unpark on (a virtual
     * thread's UNPARKED state reads as RUNNABLE), so requiring WAITING closes that window; the two
     * agreeing looks of the watcher close the rest (a wake-up between two entries of one look).
     *
     * Why timed waits need nothing from the core: Waiter.parkUntil parks with parkNanos, so its
     * thread reads TIMED_WAITING, and Time.sleep's reason is SLEEP besides.
     *
     * The JVM's threads are recognised by what the JDK makes them: the root ("system") thread
     * group holds Reference Handler, Finalizer, Signal Dispatcher, Attach Listener and
     * Notification Thread; InnocuousThread (group InnocuousThreadGroup) runs Common-Cleaner, the
     * process reaper, the I/O pollers and the virtual-thread unblocker; the group CarrierThreads
     * holds the virtual-thread scheduler's carriers (the snapshot already leaves those out) and,
     * on JDK 25, its DelayScheduler, whose pending tasks are timed parks of virtual threads (a
     * goroutine in one is TIMED_WAITING, a hidden thread in one is found by HiddenThreads). A
     * platform thread started by a goroutine lands in the group VirtualThreads, beside main's:
     * those are the user's. Those threads only ever wake a go4j goroutine
     * through a thread we do see: a reaper or a poller wakes the thread blocked in waitFor or in
     * a read, which is then not asleep in go4j. The one exception, a Cleaner action that sends on
     * a channel, needs a GC, and a program that is all asleep does not allocate.
     */

    /** The name of go4j's timer thread (io.go4j.time.TimerQueue); its timers are counted instead. */
    static final String TIMER_THREAD = "go4j-timer";
    /** The name of sync.Pool's cleaner thread, which only rotates pools after a GC. */
    static final String POOL_CLEANER_THREAD = "go4j sync.Pool cleanup";
    /** The launcher's thread that waits for the last non-daemon thread once main has returned. */
    static final String DESTROY_JAVA_VM = "DestroyJavaVM";
    /** The JDK's thread groups below "system" (not "main", nor "VirtualThreads", where user threads go). */
    private static final Set<String> JDK_GROUPS = Set.of("InnocuousThreadGroup", "CarrierThreads");

    private GlobalCheck() {}

    /** One goroutine's wait, as two looks compare them. */
    public record Wait(long id, WaitReason reason, long sinceNanos) {}

    /**
     * What one look found.
     *
     * @param awake why not everything is asleep, or null if everything is
     * @param waits when everything is asleep, every goroutine's wait, ordered by id (the
     *              fingerprint two looks must agree on); empty otherwise
     */
    public record Verdict(String awake, List<Wait> waits) {
        /** @return whether everything was asleep */
        public boolean asleep() {
            return awake == null;
        }

        static Verdict awake(String why) {
            return new Verdict(why, List.of());
        }
    }

    /**
     * Judges one snapshot taken with other threads ({@code Snapshot.take(false, true)}).
     *
     * @param s              the snapshot
     * @param self           the judging thread (the watcher), ignored
     * @param pendingTimers  {@code PendingTimers.count()}
     * @param signalWatchers {@code SignalWatchers.count()}
     * @return the verdict
     */
    public static Verdict judge(Snapshot s, Thread self, int pendingTimers, int signalWatchers) {
        List<Wait> waits = new ArrayList<>();
        for (Snapshot.Entry e : s.goroutines()) {
            String why = e.kind() == Snapshot.Kind.OTHER ? outsideThreadAwake(e, self) : goroutineAwake(e);
            if (why != null) {
                return Verdict.awake(why);
            }
            if (e.kind() != Snapshot.Kind.OTHER) {
                waits.add(new Wait(e.id(), e.waitReason(), e.waitSinceNanos()));
            }
        }
        if (waits.isEmpty()) {
            return Verdict.awake("no goroutine is waiting in go4j");
        }
        if (pendingTimers > 0) {
            return Verdict.awake(pendingTimers + " timer(s) can still fire");
        }
        if (signalWatchers > 0) {
            return Verdict.awake(signalWatchers + " SignalContext(s) wait for the JVM's shutdown");
        }
        return new Verdict(null, List.copyOf(waits));
    }

    /** Why a goroutine or adopted thread is not asleep in go4j, or null if it is. */
    private static String goroutineAwake(Snapshot.Entry e) {
        if (e.waitReason() == null) {
            return "goroutine " + e.id() + " is " + (e.state() == Thread.State.RUNNABLE ? "running"
                    : e.state() == Thread.State.NEW ? "starting" : "blocked outside go4j (" + e.state() + ")");
        }
        if (e.waitReason() == WaitReason.SLEEP) {
            return "goroutine " + e.id() + " sleeps";
        }
        if (e.state() != Thread.State.WAITING) {
            return "goroutine " + e.id() + " [" + e.waitReason().goText() + "] is " + e.state();
        }
        return null;
    }

    /** Why a thread go4j has not seen wait could wake a goroutine, or null if it cannot. */
    private static String outsideThreadAwake(Snapshot.Entry e, Thread self) {
        Thread t = e.thread();
        if (t == self || !t.isAlive() || isJvmThread(t) || isGo4jThread(t) || isDestroyJavaVm(t)) {
            return null;
        }
        return "thread " + e.id() + " \"" + t.getName() + "\" (" + (t.isDaemon() ? "daemon, " : "")
                + e.state() + ") is not waiting in go4j";
    }

    /** A thread of the JVM or the JDK itself (see the implementation notes). */
    static boolean isJvmThread(Thread t) {
        String cls = t.getClass().getName();
        if (cls.equals("jdk.internal.misc.InnocuousThread") || cls.equals("jdk.internal.misc.CarrierThread")) {
            return true;
        }
        ThreadGroup g = t.getThreadGroup();
        if (g == null) {
            return false;   // it has ended
        }
        ThreadGroup parent = g.getParent();
        return parent == null                                          // the root group: "system"
                || parent.getParent() == null && JDK_GROUPS.contains(g.getName());
    }

    /** go4j's own platform threads, which wake goroutines only through what is counted. */
    static boolean isGo4jThread(Thread t) {
        String name = t.getName();
        return t.isDaemon() && !t.isVirtual() && (name.equals(TIMER_THREAD) || name.equals(POOL_CLEANER_THREAD));
    }

    /** The launcher's last thread, waiting for the non-daemon threads once main has returned. */
    private static boolean isDestroyJavaVm(Thread t) {
        return !t.isDaemon() && t.getName().equals(DESTROY_JAVA_VM) && t.getStackTrace().length == 0;
    }
}
