package io.go4j.internal.runtime;

/**
 * SchedulerProvider is the seam through which a scheduler other than the JDK's runs goroutines:
 * go4j-sched provides one (Go's run queues and {@code runnext}), found with
 * {@link java.util.ServiceLoader} when the launch switch {@code go4j.scheduler} names it
 * ({@link Scheduling#SCHEDULER}). Goroutines stay JDK virtual threads; only the executor their
 * continuations run on changes, and virtual threads they start inherit it (the JDK gives a virtual
 * thread created without a scheduler its parent virtual thread's).
 */
public interface SchedulerProvider {

    /**
     * Returns the value of {@code go4j.scheduler} that selects this scheduler, e.g. {@code go}.
     *
     * @return the name
     */
    String name();

    /**
     * Returns a new builder of virtual threads run by this scheduler. Called once when go4j's
     * goroutine registry initialises, and then for every named goroutine.
     *
     * @return the builder
     * @throws IllegalStateException if this JVM cannot run it, with a message naming what is
     *         missing (a JVM flag, a JDK version)
     */
    Thread.Builder.OfVirtual newBuilder();

    /**
     * Returns how many goroutines can run at once on this scheduler (Go's GOMAXPROCS).
     *
     * @return the number of carriers it keeps
     */
    int maxProcs();

    /**
     * Changes how many goroutines can run at once (Go's {@code runtime.GOMAXPROCS(n)}).
     *
     * @param n the new number, at least 1
     * @return the previous number
     */
    int setMaxProcs(int n);

    /**
     * Returns whether the carrier the current goroutine runs on has other goroutines queued to run
     * on it (its {@code runnext} slot or its local run queue; Go's {@code !runqempty(pp)}).
     * Those goroutines run only once the current one gives its carrier up, so a blocked operation
     * must not spin waiting for them: a peer it has just woken sits there. go4j's wait policies
     * ask this before they spin ({@link Scheduling#spinning()}), as Go's
     * {@code sync_runtime_canSpin} does. Called on every wait that would spin: it must be cheap.
     *
     * @return true if runnable work waits on this carrier; false if not, or if the current
     *         thread does not run on this scheduler
     */
    boolean localWorkQueued();

    /**
     * Returns this scheduler's processors and queues now, for Go's scheduler trace (go4j-debug's
     * {@code SchedTrace}), or null if it keeps none of its own or has not started.
     *
     * @return the state, or null
     */
    default SchedState state() {
        return null;
    }

    /**
     * Returns the processor the current goroutine runs on (its carrier's P, from 0), for the
     * execution tracer's processor lanes; -1 if the current thread runs on none of this
     * scheduler's processors (a spare carrier, a platform thread). Called at every start and
     * resume of a goroutine while a trace records: it must be cheap.
     *
     * @return the processor, or -1
     */
    default int currentProc() {
        return -1;
    }
}
