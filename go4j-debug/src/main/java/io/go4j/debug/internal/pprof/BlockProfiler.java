package io.go4j.debug.internal.pprof;

import io.go4j.debug.internal.Listeners;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.WaitReason;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * BlockProfiler records the block profile (Go's {@code runtime.SetBlockProfileRate} and
 * {@code pprof.Lookup("block")}): where goroutines blocked in go4j's primitives, how often and
 * for how long.
 *
 * <p>Sampling, as Go 1.19's {@code blocksampled}/{@code saveblockevent}: with a rate of
 * {@code r} ns, an event that blocked {@code d >= r} ns is always recorded as one event of
 * {@code d} ns; a shorter one is recorded with probability about {@code d/r}, and then as
 * {@code r/d} events of {@code r} ns in all, which removes the sampling bias on average. A rate
 * of 1 records every event; 0 or less records none.
 *
 * <p>Which waits count, as in Go: channel sends and receives, select, Mutex and RWMutex locks,
 * WaitGroup and Cond waits. Not sleeps, not a select with no cases, not a nil channel (Go's
 * {@code time.Sleep}, {@code select {}} and nil-channel operations are not blocking events).
 *
 * <p>Cost: the goroutine listener is added (through {@link Listeners}) only while the rate is
 * positive, so with the profile off the primitives pay nothing. When on, each wait pays a call
 * and a random draw; a sampled one pays a stack walk, on the goroutine's own thread, just after
 * it wakes: the frames' classes and bytecode indexes, looked up as they are ({@link EventStack});
 * the stack is made {@link StackTraceElement}s and cut by go4j-debug's frame rule only the
 * first time it is seen ({@link EventCounts}).
 */
public final class BlockProfiler {
    /*
     * Implementation notes.
     *
     * Go converts the rate from nanoseconds to CPU ticks and measures delays in ticks; go4j
     * measures in nanoseconds, so the rate is used as given. Go's test "rate > cycles &&
     * fastrand() % rate > cycles" is kept, with ThreadLocalRandom.nextLong(rate) in place of
     * fastrand() % rate (the same uniform draw in [0, rate), without the modulo bias).
     *
     * The recorded data outlives the rate: setting the rate to 0 stops recording but keeps what
     * was recorded, as Go's buckets are kept (deltas are the way to look at a window).
     */

    private static final EventCounts COUNTS = new EventCounts();

    private static volatile long rate;   // ns per sampled event, 0 = off; written under the class lock

    private static final Hooks.GoroutineListener LISTENER = new Hooks.GoroutineListener() {
        @Override
        public void unblocked(Goroutine g, WaitReason reason, Object blocker, long waitNanos) {
            record(reason, waitNanos);
        }
    };

    private BlockProfiler() {}

    /**
     * Sets the rate, adding the listener when it becomes positive and removing it when it
     * becomes 0 (Go's {@code SetBlockProfileRate}).
     *
     * @param nanos nanoseconds blocked per sampled event; 1 = every event, 0 or less = off
     */
    public static synchronized void setRate(int nanos) {
        long next = Math.max(0, nanos);
        long before = rate;
        rate = next;
        if (before == 0 && next > 0) {
            Listeners.add(LISTENER);
        } else if (before > 0 && next == 0) {
            Listeners.remove(LISTENER);
        }
    }

    /**
     * Returns the rate.
     *
     * @return nanoseconds per sampled event, 0 if off
     */
    public static long rate() {
        return rate;
    }

    /**
     * Returns the recorded stacks, largest delay first.
     *
     * @return the rows
     */
    public static List<EventCounts.Row> read() {
        return COUNTS.read();
    }

    /**
     * Returns the number of distinct stacks recorded.
     *
     * @return the count
     */
    public static int size() {
        return COUNTS.size();
    }

    /**
     * What one sampled blocking event adds to its stack's totals.
     *
     * @param count the events it stands for
     * @param nanos the delay it stands for
     */
    public record Weight(double count, long nanos) {}

    /**
     * Returns what a wait of {@code waitNanos} adds to the profile at {@code rate}, given a
     * uniform random {@code draw} in {@code [0, rate)}; null if it is not sampled (Go's
     * {@code blocksampled} and {@code saveblockevent}, see the class comment).
     *
     * @param rate      the rate, positive
     * @param waitNanos how long the goroutine was blocked (0 counts as 1, as in Go)
     * @param draw      a uniform draw in {@code [0, rate)}
     * @return the weight, or null
     */
    public static Weight weigh(long rate, long waitNanos, long draw) {
        long cycles = Math.max(1, waitNanos);
        if (cycles >= rate) {
            return new Weight(1, cycles);
        }
        return draw > cycles ? null : new Weight((double) rate / cycles, rate);
    }

    /** On the goroutine's own thread, just after a wait ended. */
    private static void record(WaitReason reason, long waitNanos) {
        if (reason == null || !isBlockingEvent(reason)) {
            return;
        }
        long r = rate;
        if (r <= 0) {
            return;
        }
        Weight w = weigh(r, waitNanos, r > waitNanos ? ThreadLocalRandom.current().nextLong(r) : 0);
        if (w != null) {
            COUNTS.add(ProfileStacks.ofEvent(), w.count(), w.nanos());
        }
    }

    /** The waits Go's block profile counts (class comment); the compiler lists every reason. */
    static boolean isBlockingEvent(WaitReason reason) {
        return switch (reason) {
            case CHAN_RECEIVE, CHAN_SEND, SELECT, SYNC_MUTEX_LOCK, SYNC_RWMUTEX_RLOCK, SYNC_RWMUTEX_LOCK,
                 SYNC_WAITGROUP_WAIT, SYNC_COND_WAIT, SYNCTEST_CHAN_RECEIVE, SYNCTEST_CHAN_SEND, SYNCTEST_SELECT,
                 SYNCTEST_WAITGROUP_WAIT -> true;
            case CHAN_RECEIVE_NIL, CHAN_SEND_NIL, SELECT_NO_CASES, SLEEP, SYNCTEST_WAIT -> false;
        };
    }
}
