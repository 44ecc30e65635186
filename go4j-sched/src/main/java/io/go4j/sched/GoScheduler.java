package io.go4j.sched;

import io.go4j.internal.runtime.Scheduling;
import io.go4j.sched.internal.GoSchedulerProvider;
import io.go4j.sched.internal.Scheduler;

/**
 * GoScheduler is go4j-sched's view from the outside: whether goroutines run on it in this JVM,
 * and what it has done. Goroutines run on it when the JVM is started with
 * {@code -Dgo4j.scheduler=go} and {@code --add-opens java.base/java.lang=io.go4j.sched} (on the
 * class path: {@code =ALL-UNNAMED}); nothing else changes in the program. Experimental: see the
 * module's README for what it does, who should use it and what it relies on.
 *
 * <pre>{@code
 * java -Dgo4j.scheduler=go --add-opens java.base/java.lang=ALL-UNNAMED -cp ... Main
 * }</pre>
 */
public final class GoScheduler {

    private GoScheduler() {}

    /**
     * Returns whether goroutines run on go4j-sched in this JVM ({@code -Dgo4j.scheduler=go}).
     *
     * @return whether it is selected
     */
    public static boolean isSelected() {
        return GoSchedulerProvider.NAME.equals(Scheduling.SCHEDULER);
    }

    /**
     * Returns whether the calling thread runs on one of go4j-sched's carriers: a goroutine (or a
     * virtual thread started from one) while go4j-sched is selected.
     *
     * @return whether the caller is scheduled by go4j-sched
     */
    public static boolean isCurrentThreadScheduled() {
        return GoSchedulerProvider.currentCarrier() != null;
    }

    /**
     * Returns what the scheduler has done so far, or null if it has not started (it starts with
     * the first goroutine when selected).
     *
     * @return the counters, or null
     */
    public static Stats stats() {
        Scheduler s = GoSchedulerProvider.started();
        return s == null ? null : s.stats();
    }

    /**
     * What the scheduler has done since it started. Counts are cumulative; {@code carriers} and
     * {@code spares} are the current numbers.
     *
     * @param procs          carriers it keeps (Go's GOMAXPROCS)
     * @param carriers       carriers now, spares included
     * @param runnextPuts    continuations made runnable by a goroutine, put in its carrier's runnext
     * @param localPuts      continuations a carrier resubmitted to its own queue (yields)
     * @param globalPuts     continuations submitted from other threads, to the global queue
     * @param stolen         steals from another carrier's queue or runnext
     * @param rescued        continuations the sysmon moved off a stuck carrier
     * @param sparesStarted  spare carriers started because carriers were stuck
     * @param wakeups        idle carriers woken to look for work (Go's {@code wakep} finding one): each costs
     *                       the goroutine that made work runnable an unpark of a platform thread
     */
    public record Stats(int procs, int carriers, long runnextPuts, long localPuts, long globalPuts, long stolen,
                        long rescued, long sparesStarted, long wakeups) {}
}
