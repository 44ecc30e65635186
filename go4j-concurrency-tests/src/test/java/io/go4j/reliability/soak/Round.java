package io.go4j.reliability.soak;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoInterruptedException;
import io.go4j.GoroutineInfo;
import io.go4j.context.CancelContext;
import io.go4j.context.Context;
import io.go4j.context.StopFunc;
import io.go4j.reliability.TestSupport;
import io.go4j.reliability.soak.DeliveryChecker.Verdict;
import io.go4j.reliability.soak.Topology.WorkerSpec;
import io.go4j.time.Time;
import io.go4j.time.Timer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Round runs one {@link Topology} under its {@link FaultPlan} and checks everything a soak round
 * promises:
 * <ul>
 *   <li>every message committed was received exactly once, in per-sender order on each channel
 *       ({@link DeliveryChecker});</li>
 *   <li>every timer's book balances ({@link TimerBook}: Go 1.23 stop/reset semantics), and every
 *       {@code time.AfterFunc} and {@code context.AfterFunc} either ran or was stopped, never
 *       both, never neither;</li>
 *   <li>no exception was lost: every worker and injector body is wrapped, a default
 *       uncaught-exception handler catches the panics of every other goroutine (go4j hands
 *       them to it), and anything unexpected, or any broken invariant a worker observes,
 *       fails the round;</li>
 *   <li>nothing is left behind: the registry's goroutine count returns to what it was before
 *       the round (Go's {@code runtime.NumGoroutine}), no goroutine named for the round is
 *       alive, and go4j's timer queue holds no more timers than before.</li>
 * </ul>
 * The round closes a channel when its last sender ends (Go's convention: the sender closes),
 * unless the injector closed it earlier; either way exactly once, guarded by a flag.
 */
final class Round {

    /** Bounds on waits: for the workers to finish, and for goroutines and timers to settle. */
    record Limits(Duration finish, Duration settle) {
        static final Limits DEFAULT = new Limits(Duration.ofSeconds(60), Duration.ofSeconds(10));
    }

    /** What a round did and what went wrong (nothing, if {@link #ok()}). */
    record Result(Topology topology, Duration took, Verdict verdict, Stats stats, List<String> problems,
                  int leakedGoroutines, boolean plantFired) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    final Stats stats = new Stats();

    private final Topology topology;
    private final Plant plant;
    private final String prefix;
    private final List<Chan<Msg>> chans = new ArrayList<>();
    private final AtomicBoolean[] closed;
    private final AtomicInteger[] liveSenders;
    private final AtomicInteger earlyCloses = new AtomicInteger();
    private final CancelContext root = Context.withCancel(Context.background());
    private final AtomicReferenceArray<CancelContext> groups;
    private final Worker[] workers;
    private final CountDownLatch workersDone;
    private final ConcurrentLinkedQueue<String> observed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean plantFired = new AtomicBoolean();
    private final AtomicLong afterFuncs = new AtomicLong();
    private final AtomicLong afterFuncsStopped = new AtomicLong();
    private final AtomicLong afterFuncsRan = new AtomicLong();
    private final AtomicLong contextAfterFuncs = new AtomicLong();
    private final AtomicLong contextAfterFuncsStopped = new AtomicLong();
    private final AtomicLong contextAfterFuncsRan = new AtomicLong();

    /** Prepares {@code topology}; goroutines are named {@code prefix + ...}. */
    Round(Topology topology, Plant plant, String prefix) {
        this.topology = topology;
        this.plant = plant;
        this.prefix = prefix;
        int n = topology.capacities().length;
        closed = new AtomicBoolean[n];
        liveSenders = new AtomicInteger[n];
        for (int c = 0; c < n; c++) {
            chans.add(Chan.make(topology.capacities()[c]));
            closed[c] = new AtomicBoolean();
            liveSenders[c] = new AtomicInteger();
        }
        groups = new AtomicReferenceArray<>(topology.groups());
        for (int g = 0; g < topology.groups(); g++) {
            groups.set(g, Context.withCancel(root));
        }
        workers = new Worker[topology.workers().size()];
        for (WorkerSpec spec : topology.workers()) {
            for (int c : spec.outputs()) {
                liveSenders[c].incrementAndGet();
            }
            workers[spec.index()] = new Worker(this, spec, prefix + "w" + spec.index() + "-" + spec.kind());
        }
        workersDone = new CountDownLatch(workers.length);
    }

    /**
     * Runs the round to its end and checks it. While it runs, a default uncaught-exception
     * handler catches the panics of goroutines nobody wrapped (afterFunc bodies, go4j's own
     * goroutines): go4j hands a goroutine's uncaught exception to that handler instead of
     * printing it, so none can go unnoticed. The previous handler is restored afterwards.
     */
    Result run(Limits limits) {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> unexpected("goroutine " + t.getName() + " (uncaught)", e));
        try {
            return runAndCheck(limits);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private Result runAndCheck(Limits limits) {
        long start = System.nanoTime();
        int baseGoroutines = Go.numGoroutine();
        int basePending = Probes.pendingTimers();
        List<String> problems = new ArrayList<>();

        for (Worker w : workers) {
            w.thread = Go.go(w.name, w);
        }
        Chan<Void> leak = null;
        if (plant(Plant.LEAK)) {
            Chan<Void> blocked = Chan.make();
            leak = blocked;
            Go.go(prefix + "planted-leak", () -> blocked.recv());
        }
        if (plant(Plant.PANIC)) {
            Go.go(prefix + "planted-panic", () -> {
                throw new IllegalStateException("planted panic");
            });
        }
        Injector injector = new Injector(this, topology.faults());
        Go.go(prefix + "injector", injector);

        boolean finished = await(workersDone, limits.finish());
        injector.stop();
        if (!finished) {
            // A hung round: report, try to release its goroutines, and check nothing more (the
            // workers' books are still being written).
            problems.add("workers did not finish within " + limits.finish() + "\n" + progress()
                    + "  injector at " + injector.current + "\n  " + Probes.timerQueueLock() + "\n"
                    + Probes.dump(200) + Probes.jdkThreadDump(prefix + "hang"));
            emergencyStop(limits.settle());
            problems.addAll(observed);
            Verdict none = new Verdict(0, 0, 0, 0, 0, 0, 0, List.of());
            return new Result(topology, Duration.ofNanos(System.nanoTime() - start), none, stats,
                    List.copyOf(problems), workers.length, plantFired.get());
        }
        if (!await(injector.done, limits.finish())) {
            problems.add("the injector did not stop within " + limits.finish());
        }

        // Nobody but us touches the timers now: the final stop closes every book.
        for (Worker w : workers) {
            w.timer.stop();
        }
        if (plant(Plant.TIMER_IMBALANCE)) {
            workers[0].timer.plantExtraReceive();
        }
        for (Worker w : workers) {
            String imbalance = w.timer.imbalance();
            if (imbalance != null) {
                problems.add(w.name + ": " + imbalance);
            }
        }
        root.cancel();   // every context of the round; pending context.AfterFuncs fire now

        boolean settled = TestSupport.await(limits.settle(), () -> afterFuncsSettled()
                && Go.numGoroutine() <= baseGoroutines
                && Probes.goroutinesNamed(prefix).isEmpty()
                && Probes.pendingTimers() <= basePending);
        int leaked = 0;
        if (!settled) {
            if (!afterFuncsSettled()) {
                problems.add("afterFunc accounting: time.AfterFunc created " + afterFuncs + ", stopped "
                        + afterFuncsStopped + ", ran " + afterFuncsRan + "; context.AfterFunc registered "
                        + contextAfterFuncs + ", stopped " + contextAfterFuncsStopped + ", ran " + contextAfterFuncsRan);
            }
            List<GoroutineInfo> ours = Probes.goroutinesNamed(prefix);
            leaked = Math.max(Go.numGoroutine() - baseGoroutines, ours.size());
            if (leaked > 0) {
                problems.add("leaked goroutines: " + leaked + " more than the " + baseGoroutines
                        + " before the round (" + ours.size() + " named " + prefix + "*)\n" + Probes.dump(200));
            }
            int pending = Probes.pendingTimers();
            if (pending > basePending) {
                problems.add("timers left pending: " + pending + ", " + basePending + " before the round");
            }
        }
        if (leak != null) {
            leak.close();   // releases the planted leak once it has been reported
        }

        Verdict verdict = check();
        if (!verdict.ok()) {
            problems.add("delivery: " + verdict);
        }
        problems.addAll(observed);
        return new Result(topology, Duration.ofNanos(System.nanoTime() - start), verdict, stats,
                List.copyOf(problems), leaked, plantFired.get());
    }

    /** Runs the checker on the workers' books; only after they have all ended. */
    private Verdict check() {
        int[][] committed = new int[topology.senders()][];
        List<ReceiveLog> logs = new ArrayList<>();
        for (Worker w : workers) {
            if (w.spec.senderIndex() >= 0) {
                committed[w.spec.senderIndex()] = w.committed().clone();
            }
            if (w.log != null) {
                logs.add(w.log);
            }
        }
        return DeliveryChecker.check(committed, logs);
    }

    // ---- Called by workers and the injector ----

    int chanCount() {
        return chans.size();
    }

    Chan<Msg> chan(int c) {
        return chans.get(c);
    }

    /** The worker {@code target} designates (reduced modulo the number of workers). */
    Worker worker(int target) {
        return workers[Math.floorMod(target, workers.length)];
    }

    /** The current parent context of group {@code g}. */
    CancelContext group(int g) {
        return groups.get(g);
    }

    /** Cancels the group {@code target} designates, after installing a fresh one for new contexts. */
    void cancelGroup(int target) {
        int g = Math.floorMod(target, groups.length());
        groups.getAndSet(g, Context.withCancel(root)).cancel();
    }

    /** The injector closes a channel early, if the plan allows more early closes; returns whether it did. */
    boolean closeEarly(int target) {
        if (earlyCloses.get() >= topology.faults().maxEarlyCloses()) {
            return false;
        }
        if (close(Math.floorMod(target, chans.size()))) {
            earlyCloses.incrementAndGet();
            return true;
        }
        return false;
    }

    /** A worker ended: its outputs lose a sender, and the last one out closes each. */
    void finished(Worker w) {
        try {
            w.cancelContext();
            for (int c : w.spec.outputs()) {
                if (liveSenders[c].decrementAndGet() == 0) {
                    close(c);
                }
            }
        } catch (Throwable t) {
            unexpected(w.name + " (ending)", t);
        } finally {
            workersDone.countDown();
        }
    }

    /** Starts a time.AfterFunc and stops it about when it fires: exactly one of the two must win. */
    void afterFuncRace(long delayNanos, long spinNanos) {
        afterFuncs.incrementAndGet();
        Timer t = Time.afterFunc(Duration.ofNanos(delayNanos), afterFuncsRan::incrementAndGet);
        spin(spinNanos);
        if (t.stop()) {
            afterFuncsStopped.incrementAndGet();
        }
    }

    /** Registers a context.AfterFunc and races its stop with the context's cancellation. */
    void contextAfterFuncRace(long spinNanos) {
        CancelContext c = Context.withCancel(root);
        StopFunc stop = Context.afterFunc(c, contextAfterFuncsRan::incrementAndGet);
        contextAfterFuncs.incrementAndGet();
        Go.go(prefix + "canceller", c::cancel);
        spin(spinNanos);
        if (stop.stop()) {
            contextAfterFuncsStopped.incrementAndGet();
        }
    }

    /** Fires the round's planted defect: true once, and only if {@code p} is the round's plant. */
    boolean plant(Plant p) {
        return plant == p && plantFired.compareAndSet(false, true);
    }

    /** Records an exception a goroutine of the round did not expect. */
    void unexpected(String who, Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        observed.add(who + " threw " + trace);
    }

    /** Records a broken guarantee a goroutine of the round observed. */
    void violation(String who, String what) {
        observed.add(who + ": " + what);
    }

    // ---- Internals ----

    private boolean afterFuncsSettled() {
        return afterFuncs.get() == afterFuncsStopped.get() + afterFuncsRan.get()
                && contextAfterFuncs.get() == contextAfterFuncsStopped.get() + contextAfterFuncsRan.get();
    }

    /** Closes channel c unless already closed (by the injector or its last sender); returns whether this call closed it. */
    private boolean close(int c) {
        if (closed[c].compareAndSet(false, true)) {
            chans.get(c).close();
            return true;
        }
        return false;
    }

    /**
     * A hung round: close everything so its goroutines end and later rounds are not disturbed.
     * Done on a daemon thread, waited for at most {@code bound}: if the hang is a channel lock
     * that is never released, closing would spin forever too.
     */
    private void emergencyStop(Duration bound) {
        Thread stopper = Thread.ofPlatform().daemon().name(prefix + "emergency-stop").start(() -> {
            for (int c = 0; c < chans.size(); c++) {
                close(c);
            }
            root.cancel();
        });
        CountDownLatch ended = workersDone;
        await(ended, bound);
        try {
            stopper.join(bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where each channel and worker stands, for a round that did not finish. */
    private String progress() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < chans.size(); c++) {
            // Not chans.get(c).toString(): len() takes the channel's lock, and a hung round may be stuck on it.
            sb.append("  chan ").append(c).append(": ").append(Probes.chanState(chans.get(c))).append(closed[c].get() ? ", closed" : "")
                    .append(", live senders ").append(liveSenders[c].get()).append('\n');
        }
        for (Worker w : workers) {
            Thread t = w.thread;
            sb.append("  ").append(w.name).append(" timer ").append(Probes.chanState(w.timer.c()))
                    .append(", done ").append(Probes.chanState(w.ctx.get().done()))
                    .append(w.lastAfter == null ? "" : ", last after " + Probes.chanState(w.lastAfter)).append('\n');
            sb.append("  ").append(w.name).append(": ").append(t == null ? "not started" : t.getState())
                    .append(t == null ? "" : " " + Arrays.toString(Arrays.copyOf(t.getStackTrace(), 12))).append('\n');
        }
        return sb.toString();
    }

    private static boolean await(CountDownLatch latch, Duration bound) {
        try {
            return latch.await(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoInterruptedException("soak round wait");
        }
    }

    /** Busy-waits about {@code nanos}: positions a fault near a deadline more finely than a timed park. */
    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
