package io.go4j.debug.internal.deadlock;

import io.go4j.debug.Deadlocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * LockCycleReport turns {@link LockGraph}'s cycles into the public records of
 * {@link Deadlocks#lockCycles()}, with each goroutine's wait duration and the frame of the
 * program where it waits (its stack is taken now, for the goroutines involved only).
 */
public final class LockCycleReport {
    /** go4j-core's packages: their frames are the lock's, not the program's. */
    private static final Set<String> CORE_PACKAGES = Set.of("io.go4j", "io.go4j.sync", "io.go4j.time",
            "io.go4j.context", "io.go4j.errgroup", "io.go4j.semaphore", "io.go4j.singleflight");

    private LockCycleReport() {}

    /**
     * Describes cycles found in a snapshot taken at {@code takenNanos}.
     *
     * @param cycles     the cycles
     * @param takenNanos the snapshot's {@link System#nanoTime()}
     * @return the public records
     */
    public static List<Deadlocks.LockCycle> describe(List<LockGraph.Cycle> cycles, long takenNanos) {
        List<Deadlocks.LockCycle> out = new ArrayList<>();
        for (LockGraph.Cycle c : cycles) {
            out.add(new Deadlocks.LockCycle(waits(c.cycle(), takenNanos), waits(c.behind(), takenNanos)));
        }
        return List.copyOf(out);
    }

    private static List<Deadlocks.LockWait> waits(List<LockGraph.Edge> edges, long takenNanos) {
        List<Deadlocks.LockWait> out = new ArrayList<>();
        for (LockGraph.Edge e : edges) {
            out.add(new Deadlocks.LockWait(e.waiter().id(), e.waiter().waitReason().goText(), e.lock(), e.holder(),
                    Duration.ofNanos(e.waiter().waitNanos(takenNanos)), programFrame(e.waiter().thread())));
        }
        return List.copyOf(out);
    }

    /** The innermost frame of {@code t} outside go4j-core and the JDK, or null. */
    static StackTraceElement programFrame(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            String cls = f.getClassName();
            int dot = cls.lastIndexOf('.');
            String pkg = dot < 0 ? "" : cls.substring(0, dot);
            if (!CORE_PACKAGES.contains(pkg) && !pkg.startsWith("io.go4j.internal.") && !cls.startsWith("java.")
                    && !cls.startsWith("jdk.") && !cls.startsWith("sun.")) {
                return f;
            }
        }
        return null;
    }
}
