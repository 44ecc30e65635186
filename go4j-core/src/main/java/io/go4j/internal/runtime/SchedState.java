package io.go4j.internal.runtime;

import java.util.List;

/**
 * SchedState is a scheduler's state at one moment as Go's scheduler trace
 * ({@code GODEBUG=schedtrace=N,scheddetail=1}) prints it, given by a {@link SchedulerProvider}
 * that keeps its own processors and queues (go4j-sched) for go4j-debug's {@code SchedTrace}.
 *
 * <p>Non-invariants: the fields are read one after another while the scheduler runs, as Go's
 * {@code schedtrace} reads them, so they need not agree with each other (a count may be stale).
 *
 * @param idleProcs   Go's {@code sched.npidle}: processors on the idle list
 * @param threads     Go's {@code mcount()}: the scheduler's threads (carriers, and its sysmon)
 * @param spinning    Go's {@code sched.nmspinning}: carriers looking for work
 * @param idleThreads Go's {@code sched.nmidle}: carriers parked with nothing to do
 * @param globalQueue Go's {@code sched.runqsize}: the global run queue's length
 * @param procs       one entry per processor (Go's {@code allp}), in order
 */
public record SchedState(int idleProcs, int threads, int spinning, int idleThreads, int globalQueue, List<Proc> procs) {
    /** Copies the list. */
    public SchedState {
        procs = List.copyOf(procs);
    }

    /**
     * One processor (Go's P, with the carrier thread that owns it: Go's M).
     *
     * @param status    Go's P status: 0 {@code _Pidle}, 1 {@code _Prunning}
     * @param schedtick tasks it has started (Go's {@code schedtick})
     * @param runqsize  its local run queue's length, {@code runnext} not counted (as Go's
     *                  {@code runqtail - runqhead})
     * @param runnext   whether its {@code runnext} slot holds a goroutine
     * @param spinning  whether its carrier is looking for work (Go's {@code m.spinning})
     * @param blocked   whether its carrier is parked idle (Go's {@code m.blocked})
     */
    public record Proc(int status, long schedtick, int runqsize, boolean runnext, boolean spinning, boolean blocked) {}
}
