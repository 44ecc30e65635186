package io.go4j.debug.internal.sched;

import io.go4j.debug.internal.Listeners;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.WaitReason;

/**
 * LatencyRecorder keeps the process's scheduling-latency histogram and the goroutine listener
 * that fills it: while enabled, every goroutine start and every wake-up from a park adds its
 * latency ({@link Latencies}) to one {@link TimeHistogram}.
 *
 * <p>Invariants: the listener is added to {@link Listeners} exactly while {@link #enabled()};
 * the histogram is never replaced, so counts survive disabling and enabling again.
 */
public final class LatencyRecorder {
    private static final TimeHistogram HISTOGRAM = new TimeHistogram();

    private static final Hooks.GoroutineListener LISTENER = new Hooks.GoroutineListener() {
        @Override
        public void started(Goroutine g) {
            long latency = Latencies.ofStart(g, System.nanoTime());
            if (latency >= 0) {
                HISTOGRAM.record(latency);
            }
        }

        @Override
        public void unblocked(Goroutine g, WaitReason reason, Object blocker, long waitNanos) {
            long latency = Latencies.ofWake(g, waitNanos, System.nanoTime());
            if (latency >= 0) {
                HISTOGRAM.record(latency);
            }
        }
    };

    private static boolean enabled;   // guarded by LatencyRecorder.class

    private LatencyRecorder() {}

    /**
     * Starts recording; nothing if already recording.
     */
    public static synchronized void enable() {
        if (!enabled) {
            Listeners.add(LISTENER);
            enabled = true;
        }
    }

    /**
     * Stops recording, keeping the counts; nothing if not recording.
     */
    public static synchronized void disable() {
        if (enabled) {
            Listeners.remove(LISTENER);
            enabled = false;
        }
    }

    /**
     * Returns whether latencies are being recorded.
     *
     * @return true between {@link #enable()} and {@link #disable()}
     */
    public static synchronized boolean enabled() {
        return enabled;
    }

    /**
     * Returns the process's histogram.
     *
     * @return the histogram
     */
    public static TimeHistogram histogram() {
        return HISTOGRAM;
    }
}
