package io.go4j.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Go;
import io.go4j.GoroutineInfo;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * TestSupport holds the general helpers every package of go4j-concurrency-tests shares: the
 * bound on what must happen, bounded polling, waiting for a goroutine to show a wait reason,
 * and running the collector until weak references are cleared. How hard the tests push is
 * {@link Mode}'s one switch. What belongs to one technique stays in its package: the goroutine
 * group, race harness and pipelines of {@code conformance}, the runtime probes of {@code soak},
 * the heap measurements of {@code load}, the Lincheck settings of {@code lincheck}.
 *
 * <p>Where a Go test sleeps "long enough" for a goroutine to block, these tests wait instead for
 * the registry to report it parked with Go's wait reason ({@code chan receive}, {@code select},
 * ...). go4j links a blocked operation into its queue before it parks, so once the reason shows,
 * the operation is queued: the next step of the test can rely on it without a sleep.
 */
public final class TestSupport {

    /** Bound on anything that must happen; a correct implementation needs a tiny fraction of it. */
    public static final Duration LONG = Duration.ofSeconds(20);

    /** The first pause between two polls; it doubles up to {@link #MAX_POLL_PAUSE_NANOS}. */
    private static final long FIRST_POLL_PAUSE_NANOS = 50_000;

    /** The longest pause between two polls: a poll of a million goroutines must not run flat out. */
    private static final long MAX_POLL_PAUSE_NANOS = 20_000_000;

    private TestSupport() {}

    /**
     * Polls {@code condition} until it holds or {@code bound} elapses; returns whether it held.
     * Polling, not sleeping-and-hoping: the caller fails if the bound is reached. The pause
     * between polls starts short and doubles, so a condition met at once costs microseconds and
     * a long wait does not keep a processor busy.
     */
    public static boolean await(Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        long pause = FIRST_POLL_PAUSE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return condition.getAsBoolean();
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, MAX_POLL_PAUSE_NANOS);
        }
        return true;
    }

    /** Polls {@code condition} until it holds; fails after {@link #LONG}. */
    public static void awaitCondition(String what, BooleanSupplier condition) {
        if (!await(LONG, condition)) {
            fail("never happened within " + LONG + ": " + what);
        }
    }

    /** Returns the registry's entry for {@code thread}, or null if it is not a live goroutine. */
    public static GoroutineInfo infoOf(Thread thread) {
        for (GoroutineInfo g : Go.goroutines()) {
            if (g.id() == thread.threadId()) {
                return g;
            }
        }
        return null;
    }

    /** Waits (bounded by {@link #LONG}) until the registry reports {@code thread} parked with wait reason {@code reason}. */
    public static void awaitWaitReason(Thread thread, String reason) {
        if (!await(LONG, () -> {
            GoroutineInfo g = infoOf(thread);
            return g != null && reason.equals(g.waitReason());
        })) {
            fail(thread.getName() + " should be parked with wait reason \"" + reason + "\" but after "
                    + LONG + " the registry shows " + infoOf(thread));
        }
    }

    /** Reports whether every one of {@code threads} (null entries aside) is parked: {@link Thread.State#WAITING}. */
    public static boolean allWaiting(Thread... threads) {
        for (Thread t : threads) {
            if (t != null && t.getState() != Thread.State.WAITING) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs up to {@code collections} full collections, stopping once every one of {@code refs}
     * is cleared, and returns how many are still not cleared (0: all collected).
     */
    public static int collect(int collections, Collection<? extends Reference<?>> refs) {
        for (int i = 0; i < collections && uncleared(refs) > 0; i++) {
            System.gc();
        }
        return uncleared(refs);
    }

    private static int uncleared(Collection<? extends Reference<?>> refs) {
        int n = 0;
        for (Reference<?> r : refs) {
            if (!r.refersTo(null)) {
                n++;
            }
        }
        return n;
    }
}
