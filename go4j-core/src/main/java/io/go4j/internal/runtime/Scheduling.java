package io.go4j.internal.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ServiceLoader;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Scheduling is where go4j's assumptions about the scheduler that runs goroutines are written
 * down, once, together with the whole spin/yield/park policy that rests on them: how a blocked
 * operation waits before it parks, how a locker waits for a spin lock, when a goroutine yields to
 * a peer it has just woken. A different scheduler (the opt-in go4j-sched) changes policy here and
 * nowhere else.
 *
 * <p>What the policy assumes of the default scheduler, the JDK's virtual-thread scheduler (a
 * work-stealing {@code ForkJoinPool}; carriers = Go's Ms and Ps, parallelism = GOMAXPROCS):
 * <ol>
 *   <li><b>Queued where it is unparked.</b> {@code LockSupport.unpark} of a virtual thread, called
 *       on a carrier, pushes the woken thread onto that carrier's own local queue; called on a
 *       platform thread (the timer thread), onto the shared submission queue. So a goroutine that
 *       has just woken a peer most likely has that peer queued behind itself, on its own carrier,
 *       where spinning only delays it ({@link #wokePeerSinceLastWait}).</li>
 *   <li><b>Local before shared.</b> A carrier drains its local queue before it polls the shared
 *       one, and {@code Thread.yield()} on a virtual thread can requeue it where goroutines that
 *       keep yielding run first. Hence: a lock holder must never leave its carrier (it would wait
 *       behind the goroutines spinning for its lock), and waiting for a lock while holding another
 *       only spins ({@link SpinLock#lockNested}).</li>
 *   <li><b>Timed wake-ups come through the shared queue.</b> A timed park's wake-up can be starved
 *       by goroutines looping on {@code Thread.yield()}, so lock waiters never fall back to timed
 *       parks ({@link #pauseForLock}).</li>
 *   <li><b>A park/unpark pair between virtual threads costs ~500 ns</b> on two carriers here (JDK
 *       25) on a good day, 2-4x more on a bad one; a successful spin ~100 ns, one
 *       {@code Thread.onSpinWait()} ~26 ns: spinning pays only while the counterpart is running
 *       on another carrier, and only for about as long as a park would cost, which channels
 *       measure at run time rather than assume.</li>
 *   <li><b>No preemption.</b> A goroutine that never blocks keeps its carrier; spins are bounded
 *       in time so that a waiter always gives its carrier back.</li>
 * </ol>
 * All tuning constants below are empirical (2-core machine, JDK 25) and guarded by the channel
 * and mutex benchmarks; revisit them when a benchmark or the scheduler changes.
 *
 * <p>Which scheduler: the launch switch {@code go4j.scheduler} ({@link #SCHEDULER}): {@code jdk}
 * (the default) or the name of a {@link SchedulerProvider} found with {@link ServiceLoader}
 * ({@code go}: go4j-sched). {@link #virtualThreads()} is the one place goroutines' threads are
 * built from.
 */
public final class Scheduling {
    /*
     * Implementation notes: the adaptive channel wait.
     *
     * No fixed spin count suits every shape of program: in a ping-pong the counterpart answers
     * within a microsecond, in a ring or a long chain it is never about to run. So each channel
     * keeps a spin budget (AdaptiveWaits): doubled when a spin ends in a completion, halved when it
     * ends in a park, dropping to zero below MIN_SPIN_NANOS, and probed again once in
     * PROBE_PERIOD waits; the bounds follow the measured cost of a wake-up (below). Yielding once
     * to a peer just woken (assumption 1) pays when that peer is the one that completes our wait
     * (ping-pong) and costs an extra unmount when it is not (a ring): a per-channel score keeps
     * yielding only while it pays, probing now and then.
     *
     * The cost of a wake-up is not a constant: on some days, or beside other load, this machine
     * takes 2-4x longer to run an unparked thread (issue 13: SynchronousQueue's ping-pong went
     * from ~320 to ~900-1250 ns while Go's stayed at ~300). With fixed budgets a channel then
     * drops to parking on both sides for good: a probe of 250 ns can never see a reply that
     * needs the peer woken first, so the probe fails and every hop pays two slow wake-ups. So
     * each channel measures what a wake-up costs it (the completer stamps the time before its
     * unpark, the woken owner reads the clock: Waiter.wakeNanos) as a moving average, and scales
     * its bounds with it: the budget's ceiling is SPIN_PER_WAKE wake-ups (never below
     * MAX_SPIN_NANOS, never above MAX_WAKE_SPIN_NANOS), a probe outlasts one wake-up and a half,
     * and longer probes come proportionally less often. A spin that fails still halves the
     * budget, so a ring or a chain, where no spin pays, stays at zero whatever a wake-up costs.
     * The measure costs one clock read on each side of a park/unpark pair (~20 ns of ~500).
     *
     * Lock waiters (pauseForLock) spin LOCK_SPINS times, then yield between tries, as Go's runtime
     * lock spins and then yields. The spin is short: a channel's lock is held for a few dozen
     * instructions, so a waiter that has not got it after a few reads is usually losing to a holder
     * that keeps re-taking it (the releasing thread still owns the line and wins the next CAS), and
     * its carrier does better running another goroutine. 64 spins, the figure until issue 13,
     * made MPMC 1.2x slower than 8 on the JDK's scheduler and on go4j-sched, and 512 or 4096
     * slower still (benchmarks/RESULTS.md, "A lock waiter spins 8 times, not 64"). Tried and dropped: bounding the yields and then parking for a
     * few microseconds (assumption 3: a Go conformance test translated from nonblock.go hung 2
     * runs in 10).
     */

    /** Ceiling of a channel's spin budget while wake-ups are cheap, in ns (a park/unpark pair costs ~500 ns); see SPIN_PER_WAKE. */
    static final int MAX_SPIN_NANOS = 2_000;
    /** Shortest probe of a channel whose budget is zero, in ns; probes outlast a measured wake-up. */
    static final int PROBE_SPIN_NANOS = 250;
    /** Below this budget spinning is not worth it and the budget drops to zero, in ns. */
    static final int MIN_SPIN_NANOS = 100;
    /** A channel with a zero budget probes spinning again once in this many waits (a power of two). */
    static final int PROBE_PERIOD = 64;
    /** First estimate of a wake-up's cost on a new channel, in ns (assumption 4). */
    static final int INITIAL_WAKE_NANOS = 500;
    /** Ceiling of the spin budget as a multiple of the measured wake-up cost. */
    static final int SPIN_PER_WAKE = 2;
    /** Longest spin however slow wake-ups get, in ns: past it the spinner holds a carrier others may need. */
    static final int MAX_WAKE_SPIN_NANOS = 20_000;
    /** Bound of the yield score: how many failed yields it takes to stop yielding. */
    static final int MAX_YIELD_SCORE = 4;
    /** Busy spins of a lock waiter before its first yield (ChanBenchmark, MutexBenchmark). */
    static final int LOCK_SPINS = 8;
    /** How often a spin loop reads the clock (a power of two minus one). */
    public static final int CLOCK_CHECK_MASK = 15;

    /** The launch switch {@code go4j.scheduler}: {@code jdk} (default) or a {@link SchedulerProvider}'s name. */
    public static final String SCHEDULER = System.getProperty("go4j.scheduler", "jdk");

    /** The provider {@link #SCHEDULER} names; null for the JDK's scheduler. */
    private static final SchedulerProvider PROVIDER = provider(SCHEDULER);

    private Scheduling() {}

    /**
     * Returns a new builder of goroutines' virtual threads: the JDK's, or the selected
     * scheduler's.
     *
     * @return the builder
     */
    public static Thread.Builder.OfVirtual virtualThreads() {
        return PROVIDER == null ? Thread.ofVirtual() : PROVIDER.newBuilder();
    }

    /**
     * Returns the selected scheduler, or null when goroutines run on the JDK's.
     *
     * @return the provider, or null
     */
    public static SchedulerProvider provider() {
        return PROVIDER;
    }

    private static SchedulerProvider provider(String name) {
        if (name.equals("jdk")) {
            return null;
        }
        for (SchedulerProvider p : ServiceLoader.load(SchedulerProvider.class, Scheduling.class.getClassLoader())) {
            if (p.name().equals(name)) {
                p.newBuilder();   // fails now, with its reason, rather than at the first go()
                return p;
            }
        }
        throw new IllegalStateException("go4j.scheduler=" + name + ": no such scheduler (\"jdk\" is the JDK's; "
                + "\"go\" needs go4j-sched on the class or module path)");
    }

    /**
     * Waits a little before try number {@code tries + 1} (counting from 0) to take a spin lock,
     * holding no other lock: spin first, then yield the carrier between tries.
     *
     * @param tries how many tries failed so far
     */
    public static void pauseForLock(int tries) {
        if (tries < LOCK_SPINS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /**
     * Returns whether a blocked operation may spin now before parking: false when
     * {@link Hooks#SPIN} is off (model checking), and on a scheduler that can tell, when this
     * carrier has other goroutines queued to run ({@link SchedulerProvider#localWorkQueued()},
     * Go's {@code sync_runtime_canSpin}): they run only once this goroutine gives the carrier up,
     * so spinning would only delay them, and the peer this wait needs may be one of them. The
     * JDK's scheduler cannot tell (its carriers' queues are not visible), so there assumption 1
     * and the yield score stand in.
     *
     * @return whether to spin
     */
    public static boolean spinning() {
        return Hooks.SPIN && (PROVIDER == null || !PROVIDER.localWorkQueued());
    }

    /**
     * Returns a number naming the processor the current goroutine runs on, for the execution
     * tracer's processor lanes: on a {@link SchedulerProvider}, its answer (go4j-sched's P); on
     * the JDK's scheduler, the carrier's index in its {@code ForkJoinPool}
     * ({@code ForkJoinWorkerThread.getPoolIndex()}: a slot number, not below the parallelism
     * necessarily), readable only when {@code java.lang} is opened to go4j-core
     * ({@code --add-opens java.base/java.lang=io.go4j}, or {@code =ALL-UNNAMED} on the class
     * path: the carrier of a virtual thread is not public API). -1 when it cannot tell:
     * java.lang not opened, a platform thread, a carrier that is no pool's worker.
     *
     * @return the processor's number, from 0, or -1
     */
    public static int currentProc() {
        if (PROVIDER != null) {
            return PROVIDER.currentProc();
        }
        MethodHandle carrier = JdkCarrier.CURRENT;
        if (carrier == null || !Thread.currentThread().isVirtual()) {
            return -1;
        }
        try {
            return (Thread) carrier.invokeExact() instanceof ForkJoinWorkerThread w ? w.getPoolIndex() : -1;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);   // currentCarrierThread throws no checked exception
        }
    }

    /** {@code Thread.currentCarrierThread()}, when java.lang is opened to go4j-core; else null. */
    private static final class JdkCarrier {
        static final MethodHandle CURRENT = find();

        private static MethodHandle find() {
            try {
                return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                        .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;   // not opened (IllegalAccessException), or a JDK without the method
            }
        }
    }

    /**
     * Waits for {@code w} the way a channel operation does: yields once to a peer it has just
     * woken while that pays on this channel, spins for the channel's adaptive budget, then parks.
     *
     * @param site    the channel's adaptive state
     * @param w       the waiter to wait for
     * @param reason  the wait reason recorded while parked
     * @param blocker what the goroutine waits on, recorded while parked
     * @return the completed case, or {@link Outcome#INTERRUPTED}
     */
    public static int awaitAdaptive(AdaptiveWaits site, Waiter w, WaitReason reason, Object blocker) {
        if (PROVIDER != null && PROVIDER.localWorkQueued()) {
            return w.park(reason, blocker);   // the peer we woke runs next here: neither yield nor spin
        }
        if (wokePeerSinceLastWait() && (site.yieldScore >= 0 || (++site.waits & (PROBE_PERIOD - 1)) == 0)) {
            Thread.yield();
            boolean done = w.isDone();
            int score = site.yieldScore;
            site.yieldScore = done ? Math.min(score + 1, MAX_YIELD_SCORE) : Math.max(score - 1, -MAX_YIELD_SCORE);
            if (done) {
                return w.park(reason, blocker);  // returns at once: completed while we yielded
            }
        }
        int wake = site.wakeNanos;
        int ceiling = Math.min(MAX_WAKE_SPIN_NANOS, Math.max(MAX_SPIN_NANOS, SPIN_PER_WAKE * wake));
        int probe = Math.min(ceiling, Math.max(PROBE_SPIN_NANOS, wake + wake / 2));
        int budget = site.spinNanos;
        if (budget == 0 && (++site.waits & (probePeriod(probe) - 1)) == 0) {
            budget = probe;
        }
        if (budget > 0) {
            if (w.spin(budget)) {
                site.spinNanos = Math.min(ceiling, Math.max(budget * 2, probe));
            } else {
                int halved = budget / 2;
                site.spinNanos = halved < MIN_SPIN_NANOS ? 0 : halved;
            }
        }
        int result = w.park(reason, blocker);  // returns at once if the spin saw it complete
        long woke = w.wakeNanos();
        if (woke >= 0) {   // it parked and was unparked: one more measure of a wake-up's cost here
            site.wakeNanos = wake + (((int) Math.min(woke, 4L * MAX_WAKE_SPIN_NANOS) - wake) >> WAKE_AVERAGING);
        }
        return result;
    }

    /** Weight of a new measure in the moving average of a wake-up's cost: 1 / 2^this. */
    private static final int WAKE_AVERAGING = 3;

    /**
     * Returns how many waits a channel with a zero budget lets pass between probes of
     * {@code probe} ns: {@link #PROBE_PERIOD} for the shortest probe, proportionally more for
     * longer ones (a power of two), so that probing costs the same share of time however slow
     * wake-ups are.
     */
    private static int probePeriod(int probe) {
        int ratio = probe / PROBE_SPIN_NANOS;   // >= 1
        return PROBE_PERIOD << (31 - Integer.numberOfLeadingZeros(ratio));
    }

    /**
     * Returns true, and forgets it, if the current goroutine unparked a peer since its last wait
     * (assumption 1: that peer is most likely queued on this very carrier). Only goroutines
     * started by {@code go()} keep this hint: finding another thread's record would cost a
     * ThreadLocal lookup (and a map for every thread) on every unpark.
     *
     * @return whether a peer was woken since the last wait
     */
    static boolean wokePeerSinceLastWait() {
        Goroutine g = Registry.of(Thread.currentThread());   // goroutines only: no ThreadLocal here
        if (g == null || !g.wokePeer) {
            return false;
        }
        g.wokePeer = false;
        return true;
    }

    /** Remembers that the current goroutine has just unparked a peer. */
    static void wokePeer() {
        Goroutine g = Registry.of(Thread.currentThread());   // goroutines only: no ThreadLocal here
        if (g != null) {
            g.wokePeer = true;
        }
    }
}
