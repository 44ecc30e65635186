package io.go4j.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scheduling's adaptive channel wait: its bounds follow the measured cost of a wake-up (issue 13:
 * on a day when wake-ups are slow, fixed bounds leave a ping-pong parking on both sides for
 * good). Driven on a bare {@link AdaptiveWaits} with waiters completed before the wait, so that
 * every decision is deterministic; the measure itself with a real park and unpark.
 */
@Timeout(60)
class SchedulingTest {

    /** A channel's adaptive state, without a channel. */
    private static final class Site extends AdaptiveWaits {}

    /** A waiter owned by the current thread, already completed: a spin on it succeeds at once. */
    private static Waiter completed() {
        Waiter w = new Waiter();
        assertEquals(Waiter.COMPLETED, w.tryComplete(0));
        return w;
    }

    @Test
    void aSuccessfulSpinRaisesTheBudgetToTwoWakeUpsAtMost() {
        Site site = new Site();
        site.wakeNanos = 5_000;
        site.spinNanos = 8_000;
        assertEquals(0, Scheduling.awaitAdaptive(site, completed(), WaitReason.CHAN_RECEIVE, null));
        assertEquals(10_000, site.spinNanos, "ceiling: two wake-ups of 5 us");

        site.wakeNanos = 500;   // fast wake-ups: the ceiling is back at MAX_SPIN_NANOS
        assertEquals(0, Scheduling.awaitAdaptive(site, completed(), WaitReason.CHAN_RECEIVE, null));
        assertEquals(Scheduling.MAX_SPIN_NANOS, site.spinNanos);
    }

    @Test
    void theBudgetNeverExceedsTheCeilingHoweverSlowWakeUpsAre() {
        Site site = new Site();
        site.wakeNanos = 1_000_000;
        site.spinNanos = Scheduling.MAX_WAKE_SPIN_NANOS;
        Scheduling.awaitAdaptive(site, completed(), WaitReason.CHAN_RECEIVE, null);
        assertEquals(Scheduling.MAX_WAKE_SPIN_NANOS, site.spinNanos);
    }

    @Test
    void aProbeOutlastsAWakeUpAndComesProportionallyLessOften() {
        Site site = new Site();
        site.wakeNanos = 4_000;   // probe 6 us = 24 short probes: once in 64 << 4 waits
        site.spinNanos = 0;
        site.waits = Scheduling.PROBE_PERIOD - 1;   // the short probe's turn: not this one's
        Scheduling.awaitAdaptive(site, completed(), WaitReason.CHAN_RECEIVE, null);
        assertEquals(0, site.spinNanos, "probed after 64 waits although probes are 24x longer");

        site.waits = (Scheduling.PROBE_PERIOD << 4) - 1;
        Scheduling.awaitAdaptive(site, completed(), WaitReason.CHAN_RECEIVE, null);
        assertEquals(8_000, site.spinNanos, "a successful 6 us probe doubles up to the 8 us ceiling");
    }

    @Test
    void aFailedSpinStillHalvesTheBudgetWhateverAWakeUpCosts() throws Exception {
        Site site = new Site();
        site.wakeNanos = 10_000;
        site.spinNanos = 400;   // a spin that fails: nobody completes the waiter for 400 ns
        Parked p = Parked.start(site);
        assertEquals(Waiter.COMPLETED_MUST_UNPARK, p.waiter.tryComplete(3), "the owner had parked");
        p.waiter.unpark();
        assertEquals(3, p.result.get(20, TimeUnit.SECONDS));
        assertEquals(200, site.spinNanos);
    }

    @Test
    void aParkedOwnerMeasuresItsWakeUpAndAnUnparkedOneDoesNot() throws Exception {
        Waiter spun = completed();
        assertEquals(-1, spun.wakeNanos(), "completed while the owner ran: no wake-up to measure");

        Site site = new Site();
        site.wakeNanos = 0;
        site.spinNanos = 0;   // no probe for the next 63 waits: park at once
        Parked p = Parked.start(site);
        assertEquals(Waiter.COMPLETED_MUST_UNPARK, p.waiter.tryComplete(0));
        p.waiter.unpark();
        assertEquals(0, p.result.get(20, TimeUnit.SECONDS));
        assertTrue(p.waiter.wakeNanos() > 0);
        assertTrue(site.wakeNanos > 0, "the moving average took the measure in");
    }

    @Test
    void aWaitCompletedWhileTheOwnerSpunIsNeitherRecordedNorReportedAsABlock() {
        java.util.List<WaitReason> blocked = new java.util.concurrent.CopyOnWriteArrayList<>();
        Hooks.GoroutineListener listener = new Hooks.GoroutineListener() {
            @Override
            public void blocked(Goroutine g, WaitReason reason, Object blocker) {
                if (g.thread() == Thread.currentThread()) {
                    blocked.add(reason);
                }
            }
        };
        Hooks.GoroutineListener old = Hooks.setGoroutineListener(listener);
        try {
            assertEquals(2, completedCase2().park(WaitReason.CHAN_RECEIVE, null));
            assertEquals(2, completedCase2().parkUntil(WaitReason.SELECT, null, System.nanoTime() + 1_000_000_000L));
        } finally {
            Hooks.setGoroutineListener(old);
        }
        assertEquals(java.util.List.of(), blocked);
    }

    private static Waiter completedCase2() {
        Waiter w = new Waiter();
        assertEquals(Waiter.COMPLETED, w.tryComplete(2));
        return w;
    }

    /** A virtual thread waiting in {@code awaitAdaptive} on a waiter it owns, seen parked. */
    private record Parked(Waiter waiter, CompletableFuture<Integer> result) {
        static Parked start(AdaptiveWaits site) throws Exception {
            CompletableFuture<Waiter> waiter = new CompletableFuture<>();
            CompletableFuture<Integer> result = new CompletableFuture<>();
            Thread owner = Thread.startVirtualThread(() -> {
                Waiter w = new Waiter();   // owned by this thread: its unpark wakes this thread
                waiter.complete(w);
                result.complete(Scheduling.awaitAdaptive(site, w, WaitReason.CHAN_RECEIVE, null));
            });
            Waiter w = waiter.get(20, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (owner.getState() != Thread.State.WAITING) {   // parked in the waiter: its only wait
                assertTrue(System.nanoTime() - deadline < 0, "the owner never parked: " + owner.getState());
                Thread.sleep(1);
            }
            return new Parked(w, result);
        }
    }
}
