package io.go4j.debug.dump;

import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.WaitReason;
import java.util.function.BooleanSupplier;

/** Bounded waits for the dump tests: every wait ends in at most {@link #LIMIT_NANOS}, or fails. */
final class Waits {
    /** How long a goroutine may take to reach its wait on a loaded 2-core machine. */
    static final long LIMIT_NANOS = 20_000_000_000L;

    private Waits() {}

    /** Waits until {@code t}'s goroutine is parked for {@code reason}; returns its record. */
    static Goroutine parked(Thread t, WaitReason reason) {
        until(() -> {
            Goroutine g = Registry.of(t);
            return g != null && g.waitReason() == reason;
        }, t + " parked in " + reason);
        return Registry.of(t);
    }

    /** Polls {@code condition} (about every millisecond) until it holds; fails after the limit. */
    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what);
            }
        }
    }
}
