package io.go4j.sched.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Scheduler is go4j-sched's executor of virtual threads' continuations, with Go's scheduling
 * policy (runtime/proc.go): per-carrier local run queues, a {@code runnext} slot, work stealing
 * of half a queue, a global queue checked every 61 ticks, a bounded number of spinning carriers
 * woken by Go's {@code wakep} rule, and a sysmon.
 *
 * <p>Where a continuation goes ({@link #execute}):
 * <ul>
 *   <li>made runnable by a goroutine running on one of our carriers (an unpark, a start): into
 *       that carrier's {@code runnext}, displacing the previous one to its queue's tail, so that
 *       a goroutine that wakes another hands it the carrier next (Go's {@code ready} and
 *       {@code newproc});</li>
 *   <li>resubmitted by a carrier itself (a yield, or a park undone before it completed): the tail
 *       of its own queue;</li>
 *   <li>from any other thread (main, the JDK's timer threads, I/O pollers): the global queue.</li>
 * </ul>
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@code nmspinning} counts the carriers with {@code spinning} set; {@code npidle} the
 *       carriers on the idle list. A carrier on the idle list is parked or about to be.</li>
 *   <li>No lost work: whoever adds work and then sees {@code npidle > 0 && nmspinning == 0} wakes
 *       an idle carrier, and a carrier that goes idle rechecks every queue after it has counted
 *       itself idle and stopped spinning (both sides with full fences in between: Dekker's
 *       pattern, as Go's {@code findRunnable} and {@code wakep}).</li>
 *   <li>Every carrier, core or spare, runs {@link #runCarrier} and owns its queues for life.</li>
 * </ul>
 */
public final class Scheduler implements Executor {
    /*
     * Implementation notes.
     *
     * Carriers keep their P. Go can hand a P from a blocked M to another M because a goroutine in
     * a syscall runs no Go code until it reacquires a P. A Java task that the sysmon finds stuck
     * may still be running Java code (a loop without blocking, or code around a slow read) and
     * may still ready other goroutines, which puts them on its own carrier's queue as its owner:
     * giving that queue to another thread would make two producers of a single-producer ring.
     * So instead of moving the P, the sysmon moves the work: it takes the stuck carrier's runnext
     * and queue (takers are allowed) to the global queue, and starts a spare carrier when fewer
     * than `procs` carriers are free to run it. Spares retire as soon as they find nothing to do.
     *
     * Stealing runnext: a thief takes another carrier's runnext only on its last round and only
     * after a pause while that carrier is running, as Go does (usleep(3) in runqgrab): the owner
     * is about to run it, and taking it would move the woken goroutine to another core, which is
     * what runnext exists to avoid. The pause is a sleep (parkNanos), not a spin, and the thief
     * stays counted as spinning through it, as Go's M does. That second half is what makes hand-offs
     * cheap: a goroutine that readies another calls wakep, and while a carrier is spinning wakep
     * wakes nobody. Linux's timer slack stretches the 3 µs sleep to ~75 µs here (Go's usleep(3)
     * likewise), so in a ring or a ping-pong the idle carrier wakes for its steal rounds about
     * every 75 µs instead of being unparked (a futex wake paid by the goroutine handing off) after
     * each hop. Before, the pause spun only until the owner took its runnext, then the thief went
     * idle and the next hop woke it: 0.2-0.3 wake-ups per hop, RingBenchmark 1258 ns a hop; now
     * 0.01, 457 ns (benchmarks/RESULTS.md, "go4j-sched: the runnext steal sleeps").
     *
     * Spinning: an idle carrier looks for work (global queue, then four rounds of stealing from
     * the others in random order) before it parks, but only while fewer than half of the busy
     * carriers are spinning (Go's 2*nmspinning < procs-npidle), so that at most a few carriers
     * burn CPU looking for work.
     */

    static final int GLOBAL_QUEUE_PERIOD = 61;   // Go's: check the global queue every 61 ticks
    private static final int STEAL_ROUNDS = 4;    // Go's stealTries
    static final long RUNNEXT_STEAL_PAUSE_NANOS = 3_000;   // Go's usleep(3); a sleep, stretched by timer slack

    private volatile int procs;                          // GOMAXPROCS; written under idleLock
    private volatile Carrier[] carriers;                 // copy-on-write under idleLock
    private final ConcurrentLinkedQueue<Runnable> global = new ConcurrentLinkedQueue<>();
    private final AtomicInteger globalSize = new AtomicInteger();
    private final Object idleLock = new Object();
    private final ArrayDeque<Carrier> idleList = new ArrayDeque<>();   // guarded by idleLock
    private volatile int npidle;
    private final AtomicInteger nmspinning = new AtomicInteger();
    private int spareIds;                                 // guarded by idleLock
    private int coreIds;                                  // guarded by idleLock
    final Sysmon sysmon;

    // statistics (GoScheduler.stats)
    final LongAdder runnextPuts = new LongAdder();
    final LongAdder localPuts = new LongAdder();
    final LongAdder globalPuts = new LongAdder();
    final LongAdder stolen = new LongAdder();
    final LongAdder sparesStarted = new LongAdder();
    final LongAdder rescued = new LongAdder();
    final LongAdder wakeups = new LongAdder();

    Scheduler(int procs) {
        if (procs < 1) {
            throw new IllegalArgumentException("go4j-sched: procs must be at least 1, not " + procs);
        }
        this.procs = procs;
        Carrier[] cs = new Carrier[procs];
        for (int i = 0; i < procs; i++) {
            cs[i] = new Carrier(this, coreIds++, false);
        }
        carriers = cs;
        for (Carrier c : cs) {
            c.start();
        }
        sysmon = new Sysmon(this);
        sysmon.start();
    }

    // ---------------------------------------------------------------------------------------
    // Submission

    @Override
    public void execute(Runnable task) {
        Thread carrier = Jdk.currentCarrier();
        if (carrier instanceof Carrier c && c.scheduler == this) {
            if (Thread.currentThread() != carrier) {   // a goroutine on c readied task: it runs next here
                runnextPuts.increment();
                Runnable displaced = c.putNext(task);
                if (displaced != null) {
                    put(c, displaced);
                }
            } else {
                localPuts.increment();
                put(c, task);
            }
        } else {
            globalPuts.increment();
            pushGlobal(task);
        }
        wakep();
    }

    /**
     * Whether the current goroutine's carrier has other work queued: its runnext or its local
     * queue (Go's {@code !runqempty(pp)}, which {@code sync_runtime_canSpin} checks). Possibly
     * stale, as Go's; false on a thread that is not one of this scheduler's goroutines.
     */
    boolean localWorkQueued() {
        Thread carrier = Jdk.currentCarrier();
        return carrier instanceof Carrier c && c.scheduler == this && carrier != Thread.currentThread()
                && (c.hasNext() || !c.runq.isEmpty());
    }

    /** Owner only: appends {@code r} to {@code c}'s queue, or spills half of it to the global queue. */
    private void put(Carrier c, Runnable r) {
        if (!c.runq.offer(r)) {
            int n = c.runq.grabHalf(c.buffer);   // Go's runqputslow
            for (int i = 0; i < n; i++) {
                pushGlobal(c.buffer[i]);
                c.buffer[i] = null;
            }
            pushGlobal(r);
        }
    }

    void pushGlobal(Runnable r) {
        global.offer(r);
        globalSize.incrementAndGet();
    }

    private Runnable pollGlobal() {
        if (globalSize.get() == 0) {
            return null;
        }
        Runnable r = global.poll();
        if (r != null) {
            globalSize.decrementAndGet();
        }
        return r;
    }

    /**
     * Go's wakep: if a carrier is idle and none is spinning, wakes one to look for the work just
     * added. The woken carrier starts spinning (counted here, before it runs).
     */
    void wakep() {
        if (npidle == 0 || nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
            return;
        }
        Carrier c;
        synchronized (idleLock) {
            c = idleList.pollFirst();
            if (c != null) {
                c.idle = false;
                npidle = idleList.size();
            }
        }
        if (c == null) {
            nmspinning.decrementAndGet();
            return;
        }
        wakeups.increment();
        c.wake();
    }

    // ---------------------------------------------------------------------------------------
    // The carriers' loop

    void runCarrier(Carrier c) {
        for (;;) {
            Runnable task = findRunnable(c);
            if (task == null) {
                return;   // a spare that retired
            }
            c.progress = ((long) ++c.schedtick << 1) | 1;
            try {
                task.run();
            } catch (Throwable t) {
                // A continuation's run never throws (the JDK catches a virtual thread's exceptions);
                // should one, the carrier must survive it, and it must not go unseen.
                c.getUncaughtExceptionHandler().uncaughtException(c, t);
            }
            c.progress = (long) c.schedtick << 1;
        }
    }

    /** Returns the next task for {@code c}, waiting for one; null when a spare carrier retires. */
    private Runnable findRunnable(Carrier c) {
        if (c.schedtick % GLOBAL_QUEUE_PERIOD == 0) {   // fairness: the global queue is not starved
            Runnable r = pollGlobal();
            if (r != null) {
                return resetSpinning(c, r);
            }
        }
        Runnable r = c.takeNext();
        if (r == null) {
            r = c.runq.poll();
        }
        return r != null ? resetSpinning(c, r) : findRunnableSlow(c);
    }

    private Runnable findRunnableSlow(Carrier c) {
        for (;;) {
            Runnable r = takeGlobalBatch(c);
            if (r != null) {
                return resetSpinning(c, r);
            }
            if (c.spinning || 2 * nmspinning.get() < carriers.length - npidle) {
                if (!c.spinning) {
                    c.spinning = true;
                    nmspinning.incrementAndGet();
                }
                r = steal(c);
                if (r != null) {
                    return resetSpinning(c, r);
                }
            }
            // Nothing found: stop spinning, go idle, then look once more (no lost work).
            boolean wasSpinning = c.spinning;
            if (wasSpinning) {
                c.spinning = false;
                nmspinning.decrementAndGet();
            }
            if (c.leavesWhenIdle()) {
                if (retire(c, wasSpinning)) {
                    return null;
                }
                continue;
            }
            boolean leaves;
            synchronized (idleLock) {
                // setProcs may have made it a retiring carrier since the check above: it wakes only
                // the carriers already idle, so one that idled now would sleep until the next wakep,
                // on an idle scheduler for ever (the carrier count never came down: the CI flake)
                leaves = c.leavesWhenIdle();
                if (!leaves) {
                    c.idle = true;
                    idleList.addFirst(c);
                    npidle = idleList.size();
                }
            }
            if (leaves) {
                continue;
            }
            // After counting ourselves idle: work pushed to the global queue by a thread that saw
            // no idle carrier must be seen here. A carrier that was spinning also rechecks the
            // others' queues: wakep woke nobody while it was spinning (Go: only the spinning M
            // that stops last must recheck, and every one that stops does).
            if (globalSize.get() > 0 || (wasSpinning && anyLocalWork(c))) {
                boolean took;
                synchronized (idleLock) {
                    took = c.idle && idleList.remove(c);
                    if (took) {
                        c.idle = false;
                        npidle = idleList.size();
                    }
                }
                if (took) {
                    if (wasSpinning) {
                        c.spinning = true;
                        nmspinning.incrementAndGet();
                    }
                    continue;
                }
                // someone took us off the list to wake us: the wake is pending, awaitWake returns
            }
            c.awaitWake();
            c.spinning = true;   // wakep counted us
        }
    }

    /** A spare found nothing to do: it leaves, unless work arrived meanwhile. */
    private boolean retire(Carrier c, boolean wasSpinning) {
        synchronized (idleLock) {
            if (globalSize.get() > 0 || (wasSpinning && anyLocalWork(c))) {
                return false;
            }
            Carrier[] cs = carriers;
            Carrier[] next = new Carrier[cs.length - 1];
            int j = 0;
            for (Carrier x : cs) {
                if (x != c) {
                    next[j++] = x;
                }
            }
            carriers = next;
            return true;
        }
    }

    /** Go's resetspinning: the spinning carrier found work; if it was the last spinner, wake another. */
    private Runnable resetSpinning(Carrier c, Runnable r) {
        if (c.spinning) {
            c.spinning = false;
            if (nmspinning.decrementAndGet() == 0) {
                wakep();
            }
        }
        return r;
    }

    /** Go's globrunqget: takes a fair share of the global queue, returns one and queues the rest here. */
    private Runnable takeGlobalBatch(Carrier c) {
        int size = globalSize.get();
        if (size == 0) {
            return null;
        }
        int n = Math.min(size, size / carriers.length + 1);
        n = Math.min(n, RunQueue.SIZE / 2);
        Runnable first = pollGlobal();
        if (first == null) {
            return null;
        }
        for (int i = 1; i < n; i++) {
            Runnable r = pollGlobal();
            if (r == null) {
                break;
            }
            put(c, r);
        }
        return first;
    }

    /** Four rounds over the other carriers in random order; runnext only in the last. */
    private Runnable steal(Carrier c) {
        for (int round = 0; round < STEAL_ROUNDS; round++) {
            boolean lastRound = round == STEAL_ROUNDS - 1;
            Carrier[] cs = carriers;
            int n = cs.length;
            int start = ThreadLocalRandom.current().nextInt(n);
            for (int k = 0; k < n; k++) {
                Carrier victim = cs[(start + k) % n];
                if (victim == c) {
                    continue;
                }
                Runnable r = stealFrom(c, victim, lastRound);
                if (r != null) {
                    stolen.increment();
                    return r;
                }
            }
            Runnable r = pollGlobal();
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private Runnable stealFrom(Carrier c, Carrier victim, boolean withRunnext) {
        int n = victim.runq.grabHalf(c.buffer);
        if (n > 0) {
            Runnable first = c.buffer[0];
            c.buffer[0] = null;
            for (int i = 1; i < n; i++) {
                put(c, c.buffer[i]);
                c.buffer[i] = null;
            }
            return first;
        }
        Runnable next;
        if (withRunnext && (next = victim.peekNext()) != null) {
            if (victim.inTask()) {
                // the victim is about to run it itself: sleep, still counted as spinning (Go's usleep(3))
                LockSupport.parkNanos(RUNNEXT_STEAL_PAUSE_NANOS);
            }
            return victim.takeNext(next) ? next : null;   // not a newer one (Go's cas of runnext)
        }
        return null;
    }

    /**
     * Whether another carrier's queue holds work (possibly stale). Not runnext: its owner runs it
     * next, or the sysmon moves it if the owner is stuck; counting it would keep an idle carrier
     * spinning through every hand-off of a ping-pong.
     */
    private boolean anyLocalWork(Carrier c) {
        for (Carrier x : carriers) {
            if (x != c && !x.runq.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------
    // For the sysmon

    Carrier[] carriers() {
        return carriers;
    }

    int globalSize() {
        return globalSize.get();
    }

    int idleCount() {
        return npidle;
    }

    /** Moves a stuck carrier's runnext and queue to the global queue; returns how many. */
    int rescue(Carrier stuck, Runnable[] buffer) {
        int moved = 0;
        Runnable r = stuck.takeNext();
        if (r != null) {
            pushGlobal(r);
            moved++;
        }
        int n;
        while ((n = stuck.runq.grabHalf(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                pushGlobal(buffer[i]);
                buffer[i] = null;
            }
            moved += n;
        }
        if (moved > 0) {
            rescued.add(moved);
        }
        return moved;
    }

    /** Returns GOMAXPROCS: the core carriers it keeps. */
    public int procs() {
        return procs;
    }

    /**
     * Changes GOMAXPROCS (Go's {@code runtime.GOMAXPROCS(n)}): starts core carriers, or marks the
     * excess ones to leave once they find nothing to do (an idle one is woken to leave at once).
     * A carrier running a task finishes it first: there is no preemption.
     *
     * @return the previous value
     */
    public int setProcs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GOMAXPROCS must be at least 1: " + n);
        }
        List<Carrier> started = new ArrayList<>();
        List<Carrier> woken = new ArrayList<>();
        int before;
        synchronized (idleLock) {
            before = procs;
            List<Carrier> core = new ArrayList<>();
            for (Carrier c : carriers) {
                if (!c.leavesWhenIdle()) {
                    core.add(c);
                }
            }
            if (n > core.size()) {
                Carrier[] cs = carriers;
                Carrier[] next = Arrays.copyOf(cs, cs.length + n - core.size());
                for (int i = cs.length; i < next.length; i++) {
                    next[i] = new Carrier(this, coreIds++, false);
                    started.add(next[i]);
                }
                carriers = next;
            } else {
                for (Carrier c : core.subList(n, core.size())) {
                    c.retiring = true;
                    if (c.idle) {
                        idleList.remove(c);
                        c.idle = false;
                        woken.add(c);
                    }
                }
                npidle = idleList.size();
            }
            procs = n;
        }
        for (Carrier c : started) {
            c.start();
        }
        for (Carrier c : woken) {
            nmspinning.incrementAndGet();   // as wakep: a woken carrier starts spinning
            c.wake();
        }
        return before;
    }

    /** Returns the counters (GoScheduler.stats). */
    public io.go4j.sched.GoScheduler.Stats stats() {
        return new io.go4j.sched.GoScheduler.Stats(procs, carriers.length, runnextPuts.sum(), localPuts.sum(),
                globalPuts.sum(), stolen.sum(), rescued.sum(), sparesStarted.sum(), wakeups.sum());
    }

    /**
     * Returns the processors and queues now, for go4j-debug's schedtrace (each field read once,
     * racily, as Go's schedtrace reads them): every carrier is a P with its M (spares and
     * retiring carriers too, after the core ones), plus the sysmon's thread.
     */
    io.go4j.internal.runtime.SchedState state() {
        Carrier[] cs = carriers;
        List<io.go4j.internal.runtime.SchedState.Proc> ps = new ArrayList<>(cs.length);
        for (Carrier c : cs) {
            boolean idle = c.idle;   // a racy read of a field guarded by idleLock: a snapshot may be stale
            ps.add(new io.go4j.internal.runtime.SchedState.Proc(idle ? 0 : 1, c.schedtick, c.runq.size(), c.hasNext(),
                    c.spinning, idle));
        }
        int idle = npidle;
        return new io.go4j.internal.runtime.SchedState(idle, cs.length + 1, nmspinning.get(), idle, globalSize.get(),
                ps);
    }

    /** Starts a spare carrier (the sysmon's compensation for stuck ones). */
    void startSpare() {
        Carrier spare;
        synchronized (idleLock) {
            spare = new Carrier(this, spareIds++, true);
            Carrier[] cs = carriers;
            Carrier[] next = Arrays.copyOf(cs, cs.length + 1);
            next[cs.length] = spare;
            carriers = next;
        }
        sparesStarted.increment();
        spare.start();
    }
}
