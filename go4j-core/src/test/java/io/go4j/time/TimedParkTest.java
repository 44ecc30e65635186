package io.go4j.time;

import io.go4j.Go;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.internal.runtime.Outcome;
import io.go4j.internal.runtime.Waiter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiter.parkUntil, the timed park that sleep is built on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimedParkTest {

    @Test
    @DisplayName("parkUntil times out, not before the deadline, when nobody completes the waiter")
    void parkUntilTimesOut() {
        Waiter w = new Waiter();
        long start = System.nanoTime();
        long deadline = start + Duration.ofMillis(20).toNanos();
        assertEquals(Outcome.TIMED_OUT, w.parkUntil(WaitReason.SLEEP, null, deadline));
        assertTrue(System.nanoTime() - deadline >= 0);
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(Waiter.LOST, w.tryComplete(0), "a timed-out waiter cannot be completed");
    }

    @Test
    @DisplayName("parkUntil returns the case a counterpart completes before the deadline")
    void parkUntilReturnsCompletedCase() throws Exception {
        CompletableFuture<Waiter> parked = new CompletableFuture<>();
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Go.go(() -> {
            Waiter w = new Waiter();
            parked.complete(w);
            result.complete(w.parkUntil(WaitReason.SLEEP, null,
                    System.nanoTime() + Duration.ofMinutes(5).toNanos()));
        });
        Waiter w = parked.get(10, TimeUnit.SECONDS);
        int r = w.tryComplete(3);
        if (r == Waiter.COMPLETED_MUST_UNPARK) {
            w.unpark();
        }
        assertTrue(r != Waiter.LOST);
        assertEquals(3, result.get(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("parkUntil is cancelled by an interrupt, which stays set")
    void parkUntilInterrupted() throws Exception {
        AtomicReference<Boolean> flag = new AtomicReference<>();
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread t = Go.go(() -> {
            int r = new Waiter().parkUntil(WaitReason.SLEEP, null,
                    System.nanoTime() + Duration.ofMinutes(5).toNanos());
            flag.set(Thread.currentThread().isInterrupted());
            result.complete(r);
        });
        t.interrupt();
        assertEquals(Outcome.INTERRUPTED, result.get(10, TimeUnit.SECONDS));
        assertTrue(flag.get());
    }
}
