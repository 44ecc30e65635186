package io.go4j.test.internal;

import io.go4j.debug.internal.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leaks finds the goroutines a scope left behind: those that belong to it ({@link Scopes}), are
 * not let pass by the ignore rules, and are still alive after a bounded wait for them to end,
 * retried with backoff as goleak does (goroutines that are ending, or a worker that needs a
 * moment to see its channel closed, are not leaks).
 *
 * <p>A goroutine is reported once: a leak reported by a test, or by a nested class, is not
 * reported again by the class that contains it.
 */
public final class Leaks {
    /** First pause between checks; doubled each time. Empirical, as goleak's: revisit if checks show in profiles. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(1);
    /** Longest pause between checks. */
    private static final Duration MAX_BACKOFF = Duration.ofMillis(100);

    /** Ids of goroutines already reported (thread ids are never reused). */
    private static final Set<Long> REPORTED = ConcurrentHashMap.newKeySet();

    private Leaks() {}

    /** Which goroutines of a scope are checked. */
    public enum Extent {
        /** Those its own code started (a class's {@code @BeforeAll} and {@code @AfterAll} methods). */
        OWN,
        /** Those its code, or the code of the scopes it contains, started. */
        WITH_CONTAINED
    }

    /**
     * Waits up to {@code retryFor} for the goroutines of scope {@code scopeId} ({@code extent}
     * says which) to end, and
     * returns the ones that have not (with their stacks), minus those {@code rules} ignore and
     * those already reported; marks the returned ones reported.
     *
     * @param scopeId  the scope's JUnit unique id
     * @param extent   which of its goroutines
     * @param rules    what to let pass
     * @param retryFor how long to wait in all
     * @return the leaked goroutines, by id; empty if none
     * @throws InterruptedException if interrupted while waiting
     */
    public static List<Snapshot.Entry> await(String scopeId, Extent extent, IgnoreRules rules, Duration retryFor)
            throws InterruptedException {
        long deadline = System.nanoTime() + retryFor.toNanos();
        long backoff = FIRST_BACKOFF.toNanos();
        while (true) {
            List<Snapshot.Entry> leaked = leaked(scopeId, extent, rules);
            long left = deadline - System.nanoTime();
            if (leaked.isEmpty() || left <= 0) {
                leaked.removeIf(e -> !REPORTED.add(e.id()));
                return leaked;
            }
            long pause = Math.min(backoff, left);
            Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toNanos());
        }
    }

    private static List<Snapshot.Entry> leaked(String scopeId, Extent extent, IgnoreRules rules) {
        List<Snapshot.Entry> out = new ArrayList<>();
        for (Snapshot.Entry e : Scopes.goroutinesOf(scopeId, extent == Extent.WITH_CONTAINED)) {
            if (!rules.ignores(e) && !REPORTED.contains(e.id())) {
                out.add(e);
            }
        }
        return out;
    }
}
