package io.go4j.internal.runtime;

/**
 * Contention is the observation point for blocked lock acquisitions, the raw material of Go's
 * mutex profile: a primitive that had to park before it got its lock reports which wait it was
 * and how long it lasted, and a listener registered by a debug module aggregates the reports.
 *
 * <p>Invariants: reports come only from slow paths (after a park), so an uncontended lock never
 * calls in here; with no listener registered a report is one volatile read. The switch
 * {@code -Dgo4j.contention=false} (read once) removes even that.
 */
public final class Contention {
    /*
     * Implementation notes.
     *
     * One listener, not a list: the only intended client is the debug module's profiler, which
     * fans out itself. The listener runs on the thread that just acquired the lock, so it must be
     * quick and must not block; an exception it throws is dropped, because the caller already
     * holds the lock and a throw from lock() would leak it.
     */

    /** Report contended waits; fixed at class initialisation, so the JIT folds it. */
    public static final boolean ENABLED = !"false".equals(System.getProperty("go4j.contention"));

    /** Receives contended waits. */
    @FunctionalInterface
    public interface Listener {
        /** A goroutine waited {@code waitNanos} ns, parked with {@code kind}, before it got the lock. */
        void contended(WaitReason kind, long waitNanos);
    }

    private static volatile Listener listener;   // written by setListener, read by record

    private Contention() {}

    /** Installs {@code l} (or removes the listener when null); returns the previous one. */
    public static Listener setListener(Listener l) {
        Listener old = listener;
        listener = l;
        return old;
    }

    /** Reports one contended wait; callers guard the call with {@link #ENABLED}. */
    public static void record(WaitReason kind, long waitNanos) {
        Listener l = listener;
        if (l != null) {
            try {
                l.contended(kind, waitNanos);
            } catch (RuntimeException | Error ignored) {
                // see the implementation notes: the caller holds a lock and must not throw
            }
        }
    }
}
