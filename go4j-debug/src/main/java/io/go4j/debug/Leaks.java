package io.go4j.debug;

import io.go4j.debug.internal.leak.LeakFinder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Leaks finds goroutines that can never run again while the rest of the program runs, proven by
 * the garbage collector as Go 1.26's {@code goroutineleak} profile does: a goroutine parked on a
 * channel, Mutex, WaitGroup or select that no running goroutine can reach is unreachable itself,
 * so a collection that is allowed to reclaim parked goroutines reclaims exactly the leaked ones.
 * No false reports: a goroutine is reported only if nothing could ever have woken it.
 *
 * <pre>{@code
 * // java -Dgo4j.leakDetection=true -Djdk.trackAllThreads=false ...
 * for (Leaks.LeakedGoroutine g : Leaks.find()) {
 *     System.out.println("goroutine " + g.id() + " [" + g.waitReason() + " (leaked)]");
 * }
 * }</pre>
 *
 * <p><b>Switching it on.</b> Both flags are needed, on the command line:
 * {@code -Dgo4j.leakDetection=true} (go4j's registry then holds goroutines so that the collector
 * can prove a leak; read once when go4j-core loads) and {@code -Djdk.trackAllThreads=false}
 * (otherwise the JDK keeps every virtual thread reachable from its thread containers). Without
 * them {@link #find()} throws.
 *
 * <p><b>What a check does.</b> {@link #find()} takes every goroutine's stack, then lets the
 * registry drop its hold on the goroutines' threads, runs {@link System#gc()} until a collection
 * has completed, and takes the survivors back. The leaked goroutines' threads and whatever only
 * they referenced are reclaimed (unlike Go, which keeps them); go4j-debug keeps their record:
 * id, wait, creator, labels and the stack taken just before the collection. Between checks the
 * registry holds every goroutine as usual, so ordinary collections never reclaim one. A check
 * costs a full collection plus a stack per goroutine (about a second for 100,000 goroutines on
 * a small machine); the most recent {@value #MAX_KEPT} leaks are kept one by one.
 *
 * <p><b>What it misses.</b> A leaked goroutine that anything live still references, even
 * uselessly (a list of threads, a channel in a static field, a Mutex it holds that a live
 * goroutine can reach), is not reported. Goroutines of {@code goLocked} (platform threads) and
 * platform threads are never collected while alive, so never reported.
 *
 * <p><b>What the flags cost.</b> With {@code -Djdk.trackAllThreads=false} the JDK's own thread
 * dumps ({@code jcmd <pid> Thread.dump_to_file}, {@code HotSpotDiagnosticMXBean.dumpThreads})
 * no longer list virtual threads started directly ({@code Thread.ofVirtual()}, so no goroutine)
 * but only those of executors and structured task scopes (measured on JDK 25: one goroutine, one
 * plain virtual thread and one executor's give 3 virtual threads in the dump, 1 with the flag);
 * go4j's own dumps still list every goroutine, and {@link Deadlocks}' watcher, which needs the
 * JDK's list to rule out hidden threads, never reports a global deadlock. Leak mode costs each
 * goroutine start one weak reference (15 to 35 ns to allocate, measured on the same thread,
 * against 300 to 1,200 ns for {@code go()} itself on the 2-core machine of the measurement,
 * where the two modes' {@code go()} times were within each other's noise), each collection the
 * processing of one weak reference per live goroutine, and each park one store less. Without it,
 * every goroutine record is 8 bytes larger (72 to 80) and nothing else changes.
 */
public final class Leaks {
    /** How many leaked goroutines are kept one by one (older ones are dropped; profiles count them all). */
    public static final int MAX_KEPT = 100_000;

    private Leaks() {}

    /**
     * A goroutine proven leaked.
     *
     * @param id           its goroutine id
     * @param waitReason   what it was blocked in, in Go's words ({@code chan receive}...), or
     *                     {@code waiting} if it was blocked outside go4j (a JDK lock)
     * @param waitingSince when that wait began, or null if it was not a go4j wait
     * @param creatorId    the id of the goroutine (or thread) that started it, 0 if none
     * @param createdBy    where it was started, or null if not recorded
     * @param labels       its profiler labels, sorted by key
     * @param stack        its stack taken just before the proving collection, innermost frame
     *                     first; empty if its wait changed in between
     */
    public record LeakedGoroutine(long id, String waitReason, Instant waitingSince, long creatorId,
                                  StackTraceElement createdBy, Map<String, String> labels,
                                  List<StackTraceElement> stack) {
        /**
         * Checks and copies the components.
         *
         * @throws NullPointerException if {@code waitReason}, {@code labels} or {@code stack} is null
         */
        public LeakedGoroutine {
            if (waitReason == null || labels == null || stack == null) {
                throw new NullPointerException("waitReason, labels and stack must not be null");
            }
            labels = Map.copyOf(labels);
            stack = List.copyOf(stack);
        }
    }

    /**
     * Returns whether leaks can be proven in this JVM.
     *
     * @return true if the JVM runs with {@code -Dgo4j.leakDetection=true
     *         -Djdk.trackAllThreads=false}
     */
    public static boolean enabled() {
        return LeakFinder.enabled();
    }

    /**
     * Runs one leak check (see the class comment) and returns the goroutines it proved leaked.
     *
     * @return the newly proven leaks, ordered by id; empty if there are none
     * @throws IllegalStateException if leaks cannot be proven in this JVM (a flag is missing),
     *         or the garbage collector did not run ({@code -XX:+DisableExplicitGC})
     */
    public static List<LeakedGoroutine> find() {
        return LeakFinder.check();
    }

    /**
     * Returns the leaked goroutines proven so far that are kept (the most recent
     * {@value #MAX_KEPT}), oldest first, without a new check.
     *
     * @return the leaks
     */
    public static List<LeakedGoroutine> leaked() {
        return LeakFinder.leaked();
    }

    /**
     * Returns the ids of the leaked goroutines kept: those a goroutine dump marks
     * {@code (leaked)}, as Go does.
     *
     * @return the ids
     */
    public static Set<Long> leakedIds() {
        return LeakFinder.leakedIds();
    }
}
