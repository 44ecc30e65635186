package io.go4j.debug.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Go;
import io.go4j.GoroutineInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Await holds the tests' bounded waits and their short/long switch: every wait polls a condition
 * about every millisecond and fails the test, saying what it waited for, after {@link #LONG}. No
 * test sleeps and hopes: they wait for a state (a goroutine parked with a wait reason), and the
 * bound only decides when to give up.
 */
public final class Await {
    /** Bound on anything that must happen: a goroutine reaching its wait on a loaded 2-core machine. */
    public static final Duration LONG = Duration.ofSeconds(20);

    private Await() {}

    /**
     * Returns whether tests run short (CI: {@code CI=true} or {@code -Dgo4j.ci=true}).
     *
     * @return true in CI
     */
    public static boolean shortMode() {
        return Boolean.getBoolean("go4j.ci") || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Polls {@code condition} until it holds; fails after {@link #LONG}.
     *
     * @param condition what must come true
     * @param what      its description, for the failure
     */
    public static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not reached within " + LONG + ": " + what);
            }
            try {
                Thread.sleep(1);   // a poll: the bound, not this pause, decides the outcome
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for: " + what);
            }
        }
    }

    /**
     * Waits until each of {@code threads} is parked in a go4j primitive with {@code reason} (its
     * wait reason set and its thread no longer running).
     *
     * @param reason  the wait reason in Go's words, e.g. {@code "chan receive"}
     * @param threads the goroutines' (or adopted threads') threads
     */
    public static void parked(String reason, Thread... threads) {
        parked(reason, Arrays.asList(threads));
    }

    /**
     * Waits until each of {@code threads} is parked in a go4j primitive with {@code reason}.
     *
     * @param reason  the wait reason in Go's words
     * @param threads the threads
     */
    public static void parked(String reason, Collection<Thread> threads) {
        Set<Long> ids = threads.stream().map(Thread::threadId).collect(Collectors.toSet());
        until(() -> Go.goroutines().stream()
                .filter(g -> ids.contains(g.id()) && reason.equals(g.waitReason())
                        && g.state() != Thread.State.RUNNABLE)
                .map(GoroutineInfo::id).distinct().count() == ids.size(),
                ids.size() + " goroutine(s) " + ids + " parked in [" + reason + "]");
    }
}
