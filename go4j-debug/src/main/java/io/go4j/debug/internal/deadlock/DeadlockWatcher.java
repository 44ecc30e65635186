package io.go4j.debug.internal.deadlock;

import io.go4j.debug.Deadlocks;
import io.go4j.debug.internal.OnDeadlock;
import io.go4j.debug.internal.Snapshot;
import io.go4j.debug.internal.jfr.DeadlockEvent;
import io.go4j.internal.runtime.PendingTimers;
import io.go4j.internal.runtime.SignalWatchers;
import java.io.PrintStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * DeadlockWatcher is the daemon platform thread that looks for Go's global deadlock at a fixed
 * interval and reports it as Go does: {@code fatal error: all goroutines are asleep - deadlock!},
 * a blank line, the full goroutine dump; then, in exit mode, the process halts with status 2.
 *
 * <p>Invariants:
 * <ul>
 *   <li>It reports only after two consecutive looks, one interval apart, found everything asleep
 *       ({@link GlobalCheck}) with the same goroutines in the same waits begun at the same
 *       instants; then {@link HiddenThreads} found no virtual thread go4j cannot see; then a
 *       third look agreed again. A program that makes any progress between two looks changes
 *       some wait's start, so it is never reported.</li>
 *   <li>In report mode, one deadlock (one fingerprint) is reported once.</li>
 * </ul>
 * <p>Non-invariant: a deadlock is not reported at once: it takes two intervals and a thread dump.
 */
public final class DeadlockWatcher implements AutoCloseable {
    /*
     * Implementation notes.
     *
     * Polling, not events: Go's checkdead runs when a thread goes idle, which the JDK's scheduler
     * does not tell us; a goroutine listener (blocked/unblocked) would cost every park a call.
     * A look without stacks walks the registry (about a millisecond per 10,000 goroutines here),
     * so the default interval keeps the watcher's share of one core small.
     *
     * The thread dump that rules out hidden virtual threads costs about 45 microseconds per
     * thread (JDK 25, 10,000 parked threads: 0.45 s), so it runs only once everything else says
     * "deadlock", and while the same fingerprint stays blocked by a hidden thread (a program
     * whose real work runs on plain virtual threads) it is retried after a doubling delay, from
     * HIDDEN_RETRY_MIN_NANOS up to HIDDEN_RETRY_MAX_NANOS, instead of at every look.
     */

    /** Go's first line. */
    public static final String FATAL = "fatal error: all goroutines are asleep - deadlock!";
    /** Go's exit status for a fatal error. */
    public static final int EXIT_STATUS = 2;

    /** First retry of the thread dump for an unchanged fingerprint. Empirical: a second. */
    private static final long HIDDEN_RETRY_MIN_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Longest delay between two thread dumps for an unchanged fingerprint. Empirical. */
    private static final long HIDDEN_RETRY_MAX_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** How many distinct reasons for not reporting are kept (for tests and diagnosis). */
    private static final int MAX_REASONS = 64;

    private final boolean exit;
    private final boolean lockCycles;
    private final long intervalNanos;
    private final PrintStream out;
    private final Function<Snapshot, String> formatter;
    private final Function<Set<Long>, String> hiddenThreads;
    private final Thread thread;
    private final Set<String> reasons = Collections.synchronizedSet(new LinkedHashSet<>());

    private volatile boolean closed;   // written by close()
    private volatile int reports;      // written by the watcher thread only
    private volatile int cycleReports; // written by the watcher thread only
    private List<LockGraph.Cycle> lastCycles = List.of();   // watcher thread only: the last look's
    private final Set<Object> reportedCycles = new HashSet<>();   // watcher thread only: keys still present

    /**
     * Creates a watcher; {@link #start()} starts it.
     *
     * @param exit          halt with status 2 after the report (Go), or go on watching
     * @param intervalNanos time between two looks, positive
     * @param out           where the report goes
     * @param formatter     writes the goroutine dump after the first line (the seam the tests
     *                      stub; the default is {@code GoroutineDump}'s full format)
     * @param lockCycles    also report each lock cycle ({@link LockGraph}) once, when two
     *                      consecutive looks agree on it
     */
    public DeadlockWatcher(boolean exit, long intervalNanos, PrintStream out, Function<Snapshot, String> formatter,
                           boolean lockCycles) {
        this(exit, intervalNanos, out, formatter, lockCycles, HiddenThreads::find);
    }

    DeadlockWatcher(boolean exit, long intervalNanos, PrintStream out, Function<Snapshot, String> formatter,
                    boolean lockCycles, Function<Set<Long>, String> hiddenThreads) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("deadlock watcher: interval must be positive, got " + intervalNanos + " ns");
        }
        this.exit = exit;
        this.lockCycles = lockCycles;
        this.intervalNanos = intervalNanos;
        this.out = out;
        this.formatter = formatter;
        this.hiddenThreads = hiddenThreads;
        this.thread = Thread.ofPlatform().daemon().name("go4j deadlock watcher").unstarted(this::run);
    }

    /** Starts watching. */
    public void start() {
        thread.start();
    }

    /** Stops watching and waits (a bounded while) for the watcher thread to end. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        if (thread != Thread.currentThread()) {
            try {
                thread.join(TimeUnit.NANOSECONDS.toMillis(intervalNanos) + 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return whether the watcher thread is running */
    public boolean running() {
        return thread.isAlive();
    }

    /** @return the watcher's thread */
    public Thread thread() {
        return thread;
    }

    /** @return how many global deadlocks it has reported */
    public int reports() {
        return reports;
    }

    /** @return how many lock cycles it has reported */
    public int cycleReports() {
        return cycleReports;
    }

    /**
     * Returns the distinct reasons for which looks found the program not deadlocked, oldest
     * first (at most {@value #MAX_REASONS}): what a test checks to see that the watcher held
     * back for the right reason.
     *
     * @return the reasons
     */
    public List<String> reasonsNotReported() {
        synchronized (reasons) {
            return List.copyOf(reasons);
        }
    }

    // ---------------------------------------------------------------------------------------
    // The watcher thread

    private void run() {
        List<GlobalCheck.Wait> previous = null;   // the last look's fingerprint, if all asleep
        List<GlobalCheck.Wait> reported = null;   // report mode: the deadlock already reported
        List<GlobalCheck.Wait> hiddenAt = null;   // the fingerprint a hidden thread last excused
        long hiddenRetryAt = 0;
        long hiddenDelay = HIDDEN_RETRY_MIN_NANOS;
        while (!closed) {
            LockSupport.parkNanos(this, intervalNanos);
            if (closed) {
                return;
            }
            GlobalCheck.Verdict v = look();
            if (!v.asleep()) {
                previous = null;
                note(v.awake());
                continue;
            }
            if (!v.waits().equals(previous)) {
                previous = v.waits();   // a first look: wait one interval for a second
                continue;
            }
            if (v.waits().equals(reported)) {
                continue;
            }
            if (v.waits().equals(hiddenAt) && System.nanoTime() - hiddenRetryAt < 0) {
                continue;
            }
            String hidden = hiddenThreads.apply(idsOf(v.waits()));
            if (hidden != null) {
                hiddenDelay = v.waits().equals(hiddenAt) ? Math.min(2 * hiddenDelay, HIDDEN_RETRY_MAX_NANOS)
                        : HIDDEN_RETRY_MIN_NANOS;
                hiddenAt = v.waits();
                hiddenRetryAt = System.nanoTime() + hiddenDelay;
                note(hidden);
                continue;
            }
            GlobalCheck.Verdict again = look();   // the dump took a while: still the same?
            if (!again.asleep() || !again.waits().equals(v.waits())) {
                previous = again.asleep() ? again.waits() : null;
                continue;
            }
            report();
            reported = again.waits();
        }
    }

    /** One look: the global verdict, and the lock cycles when they are watched. */
    private GlobalCheck.Verdict look() {
        Snapshot s = Snapshot.take(false, true);
        if (lockCycles) {
            watchCycles(s);
        }
        return GlobalCheck.judge(s, thread, PendingTimers.count(), SignalWatchers.count());
    }

    /** Reports the cycles this look and the last one agree on, each once while it lasts. */
    private void watchCycles(Snapshot s) {
        List<LockGraph.Cycle> now = LockGraph.find(s);
        List<LockGraph.Cycle> confirmed = LockGraph.sameCycles(lastCycles, now);
        lastCycles = now;
        Set<Object> present = new HashSet<>();
        for (LockGraph.Cycle c : now) {
            present.add(LockGraph.key(c));
        }
        reportedCycles.retainAll(present);
        for (LockGraph.Cycle c : confirmed) {
            if (reportedCycles.add(LockGraph.key(c))) {
                Deadlocks.LockCycle described = LockCycleReport.describe(List.of(c), s.taken()).get(0);
                synchronized (out) {
                    out.print(described.report());
                    out.flush();
                }
                DeadlockEvent.commit(described.report(), described.cycle().size() + described.behind().size());
                cycleReports++;
            }
        }
    }

    private void report() {
        String dump;
        Throwable failure = null;
        Snapshot s = Snapshot.take(true, true);
        try {
            dump = formatter.apply(s);
        } catch (RuntimeException | Error e) {
            dump = "";
            failure = e;
        }
        DeadlockEvent.commit(FATAL, (int) s.goroutines().stream().filter(e -> e.kind() != Snapshot.Kind.OTHER).count());
        List<String> actions = OnDeadlock.runAll();   // e.g. go4j-trace's flight recorder saves its window
        synchronized (out) {
            out.print(FATAL + "\n\n");
            out.print(dump);
            if (failure != null) {
                out.print("goroutine dump failed: ");
                failure.printStackTrace(out);
            }
            if (!actions.isEmpty()) {
                out.print("\n");
                for (String line : actions) {
                    out.print(line + "\n");
                }
            }
            out.flush();
        }
        reports++;
        if (exit) {
            // The report is out: out.flush() above wrote it (to a stream) or logged it (to a
            // LoggerStream, whose flush returns once the logger has taken the message; a
            // synchronous appender has written it, an asynchronous one may still queue it and
            // lose it now). halt, not exit: shutdown hooks could wait on the deadlocked goroutines.
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }

    private void note(String reason) {
        if (reasons.size() < MAX_REASONS) {
            reasons.add(reason);
        }
    }

    private static Set<Long> idsOf(List<GlobalCheck.Wait> waits) {
        Set<Long> ids = new HashSet<>();
        for (GlobalCheck.Wait w : waits) {
            ids.add(w.id());
        }
        return ids;
    }
}
