package io.go4j.debug.internal.pprof;

import io.go4j.debug.internal.Listeners;
import io.go4j.internal.runtime.Hooks;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * MutexProfiler records the mutex profile (Go's {@code runtime.SetMutexProfileFraction} and
 * {@code pprof.Lookup("mutex")}): contention on go4j's {@code Mutex} and {@code RWMutex},
 * charged to the stack of the goroutine that <em>unlocked</em>, whose critical section made the
 * others wait (as Go does).
 *
 * <p>Sampling, as Go: with a fraction of {@code n}, each contention event (a waiter let in) is
 * recorded with probability {@code 1/n}, as {@code n} events of {@code n} times its delay, so
 * the totals estimate all events. 1 records every event, 0 none.
 *
 * <p>Cost: the contention listener is added (through {@link Listeners}) only while the fraction
 * is positive. When on, each handover pays a random draw; a sampled one pays a stack walk on the
 * unlocker's thread, as the block profile's events do (see {@link BlockProfiler}).
 */
public final class MutexProfiler {
    /*
     * Implementation notes.
     *
     * Go 1.19 records unscaled events and multiplies by the fraction in force when the profile
     * is written (scaleMutexProfile); later Go scales each event by the fraction in force when it
     * is recorded (saveBlockEventStack), which gives the same totals while the fraction is
     * unchanged and stays right when it changes. go4j does the latter: turning the profile off
     * does not zero what was recorded. The debug=1 text therefore prints scaled values, as
     * later Go does, with the "sampling period" line Go 1.19 prints.
     */

    private static final EventCounts COUNTS = new EventCounts();

    private static volatile int fraction;   // 1 in fraction events sampled, 0 = off; written under the class lock

    private static final Hooks.ContentionListener LISTENER = (kind, lock, waitNanos) -> record(waitNanos);

    private MutexProfiler() {}

    /**
     * Sets the fraction (Go's {@code SetMutexProfileFraction}): a negative {@code n} only reads
     * it.
     *
     * @param n 1 in {@code n} events is sampled; 0 turns the profile off; negative reads
     * @return the previous fraction
     */
    public static synchronized int setFraction(int n) {
        int before = fraction;
        if (n < 0) {
            return before;
        }
        fraction = n;
        if (before == 0 && n > 0) {
            Listeners.addContention(LISTENER);
        } else if (before > 0 && n == 0) {
            Listeners.removeContention(LISTENER);
        }
        return before;
    }

    /**
     * Returns the fraction.
     *
     * @return 1 in this many events is sampled; 0 if off
     */
    public static int fraction() {
        return fraction;
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

    /** On the unlocker's thread, as it lets a waiter in. */
    private static void record(long waitNanos) {
        int n = fraction;
        if (n <= 0 || (n > 1 && ThreadLocalRandom.current().nextInt(n) != 0)) {
            return;
        }
        COUNTS.add(ProfileStacks.ofEvent(), n, (long) n * Math.max(0, waitNanos));
    }
}
