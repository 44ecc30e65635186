package io.go4j.sched.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Sysmon is go4j-sched's monitor thread (Go's {@code sysmon}): it finds carriers stuck in one task
 * for longer than {@link #STUCK_NANOS} (blocked in the OS, pinned, or computing without ever
 * blocking), moves their {@code runnext} and queued work to the global queue so that other
 * carriers run it, and starts a spare carrier when fewer than {@code procs} carriers are free.
 *
 * <p>What it bounds: runnable work queued behind a stuck carrier waits at most about
 * {@code STUCK_NANOS + PERIOD_NANOS} before another carrier can take it. It cannot preempt: the
 * stuck task itself runs on, as on the JDK's scheduler.
 */
final class Sysmon extends Thread {

    /** How often it looks while any carrier runs a task. Go's sysmon sleeps 20 µs to 10 ms. */
    static final long PERIOD_NANOS = 1_000_000;
    /** How often it looks while every carrier is idle. */
    static final long IDLE_PERIOD_NANOS = 10_000_000;
    /** A task running this long makes its carrier stuck: Go's forcePreemptNS (10 ms). */
    static final long STUCK_NANOS = 10_000_000;
    /** Most spare carriers at once: a bound on threads if every goroutine blocks in the OS. */
    static final int MAX_SPARES = 256;

    private final Scheduler scheduler;
    private final Runnable[] buffer = new Runnable[RunQueue.SIZE / 2 + 1];

    Sysmon(Scheduler scheduler) {
        super(null, null, "go4j-sched-sysmon", 0, false);
        this.scheduler = scheduler;
        setDaemon(true);
    }

    @Override
    public void run() {
        long period = PERIOD_NANOS;
        for (;;) {
            LockSupport.parkNanos(this, period);
            period = check(System.nanoTime()) ? PERIOD_NANOS : IDLE_PERIOD_NANOS;
        }
    }

    /** One look; returns whether any carrier was running a task. */
    boolean check(long now) {
        Carrier[] cs = scheduler.carriers();
        int free = 0;
        int spares = 0;
        boolean busy = false;
        boolean pending = scheduler.globalSize() > 0;
        for (Carrier c : cs) {
            long p = c.progress;
            boolean inTask = (p & 1) != 0;
            busy |= inTask;
            if (c.leavesWhenIdle()) {
                spares++;
            }
            if (inTask && p == c.seenProgress) {
                c.stuck = now - c.seenAtNanos >= STUCK_NANOS;
            } else {
                c.seenProgress = p;
                c.seenAtNanos = now;
                c.stuck = false;
            }
            if (c.stuck) {
                pending |= scheduler.rescue(c, buffer) > 0;
            } else {
                free++;
            }
        }
        if (pending) {
            if (scheduler.idleCount() > 0) {
                scheduler.wakep();
            } else if (free < scheduler.procs() && spares < MAX_SPARES) {
                scheduler.startSpare();
            }
        }
        return busy;
    }
}
