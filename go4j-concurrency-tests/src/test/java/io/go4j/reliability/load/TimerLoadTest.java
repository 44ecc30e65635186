package io.go4j.reliability.load;

import static io.go4j.reliability.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.RecvChan;
import io.go4j.Select;
import io.go4j.reliability.Mode;
import io.go4j.reliability.soak.Probes;
import io.go4j.time.Time;
import io.go4j.time.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TimerLoadTest starts a million timers (100,000 in the short mode), a quarter of each kind:
 * channel timers stopped before they fire, channel timers that fire and are received,
 * {@code AfterFunc} timers stopped before they fire, and {@code AfterFunc} timers that fire.
 * Each must end exactly one way (stop true and nothing delivered, or one value delivered and
 * stop false afterwards, Go 1.23), the shared timer queue must hold exactly the pending ones
 * while they pend and none afterwards, and every Timer object must then be garbage collected
 * with the live heap back at its baseline.
 *
 * <p>It also runs a million selects (100,000 in the short mode) that each time out with a fresh
 * {@code Time.after(1 minute)} channel and are won by a ready channel instead: nobody stops
 * those timers, and nothing but the timer queue remembers them, so the channels must be
 * collected long before their timers would fire, the queue must forget them, and the heap must
 * return to its baseline.
 *
 * <p>It mirrors Go 1.23's timer guarantees (stop/reset exactness, unreferenced timers are
 * collectable) and the runtime's claim that timers cost no goroutine while pending.
 */
class TimerLoadTest {

    /** Delays of the timers that fire: spread over this many milliseconds. */
    private static final int FIRE_SPREAD_MILLIS = 200;

    /** One abandoned {@code after} channel in this many is watched with a weak reference. */
    private static final int WATCH_EVERY = 16;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @DisplayName("a million timers, stopped or fired, each end exactly one way, and memory returns to baseline")
    void timersStoppedOrFiredEndExactlyOnceAndAreFreed() {
        int n = Mode.pick(100_000, 1_000_000);
        int quarter = n / 4;
        Duration bound = Duration.ofMinutes(Mode.pick(2, 5));
        Duration never = Duration.ofHours(1);   // beyond every bound of this test: stop always comes first
        SplittableRandom rnd = new SplittableRandom(n);
        // The test's own arrays exist before the baseline, so they count on both sides.
        Timer[] chanStopped = new Timer[quarter];
        Timer[] chanFired = new Timer[quarter];
        Timer[] funcStopped = new Timer[quarter];
        Timer[] funcFired = new Timer[quarter];
        AtomicInteger funcRuns = new AtomicInteger();
        AtomicInteger strayRuns = new AtomicInteger();
        Heap.Population population = new Heap.Population(4 * quarter);
        Heap.warmUpVirtualThreads(quarter);   // the AfterFuncs that fire start that many goroutines
        int baseGoroutines = Go.numGoroutine();
        int basePending = Probes.pendingTimers();
        Map<String, Long> histogramBefore = Heap.histogram();
        long before = Heap.settled();


        long t0 = System.nanoTime();
        for (int i = 0; i < quarter; i++) {
            chanStopped[i] = Time.newTimer(never);
            chanFired[i] = Time.newTimer(Duration.ofMillis(rnd.nextInt(FIRE_SPREAD_MILLIS)));
            funcStopped[i] = Time.afterFunc(never, strayRuns::incrementAndGet);
            funcFired[i] = Time.afterFunc(Duration.ofMillis(rnd.nextInt(FIRE_SPREAD_MILLIS)), funcRuns::incrementAndGet);
        }
        long startNanos = System.nanoTime() - t0;
        for (Timer[] kind : new Timer[][] {chanStopped, chanFired, funcStopped, funcFired}) {
            for (Timer t : kind) {
                population.watch(t);
            }
        }
        int pendingAtPeak = Probes.pendingTimers() - basePending;
        assertTrue(pendingAtPeak >= 2 * quarter, "the long timers pend in the queue: " + pendingAtPeak);
        long peak = Heap.settled();

        long t1 = System.nanoTime();
        for (int i = 0; i < quarter; i++) {
            assertTrue(chanStopped[i].stop(), "stop before the deadline returns true");
            assertTrue(funcStopped[i].stop(), "stop before the deadline returns true");
        }
        for (int i = 0; i < quarter; i++) {
            assertNotNull(chanFired[i].c().recv(), "a fired timer delivers the time");
            assertFalse(chanFired[i].stop(), "stop after the value was received returns false (Go 1.23)");
            assertNull(chanFired[i].c().tryRecv(), "a timer delivers one value");
            assertNull(chanStopped[i].c().tryRecv(), "a stopped timer delivers nothing");
        }
        assertTrue(await(bound, () -> funcRuns.get() == quarter), () -> "AfterFuncs ran " + funcRuns + " of " + quarter);
        for (Timer t : funcFired) {
            assertFalse(t.stop(), "stop of an AfterFunc that has run returns false");
        }
        assertTrue(await(bound, () -> Go.numGoroutine() <= baseGoroutines), "AfterFunc goroutines ended");
        long endNanos = System.nanoTime() - t1;

        assertEquals(quarter, funcRuns.get(), "each AfterFunc ran exactly once");
        assertEquals(0, strayRuns.get(), "a stopped AfterFunc never runs");
        assertTrue(Probes.pendingTimers() <= basePending, "timers left in the queue: " + (Probes.pendingTimers() - basePending));

        Arrays.fill(chanStopped, null);
        Arrays.fill(chanFired, null);
        Arrays.fill(funcStopped, null);
        Arrays.fill(funcFired, null);
        assertEquals(0, population.awaitCollected(bound), "Timer objects still reachable after stop or fire");
        population.forget();
        long after = Heap.settled();

        System.out.printf(Locale.ROOT, "LOAD SUMMARY timers: n=%d (%d each: chan stopped, chan fired, AfterFunc stopped, AfterFunc fired)"
                        + " started in %.2fs, stopped/fired/received in %.2fs, %d pending at peak; heap before=%s peak=%s"
                        + " (%d bytes/timer) after=%s%n",
                4 * quarter, quarter, startNanos / 1e9, endNanos / 1e9, pendingAtPeak, Heap.mib(before), Heap.mib(peak),
                (peak - before) / (4L * quarter), Heap.mib(after));
        Heap.assertBackToBaseline(before, after, n, histogramBefore);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @DisplayName("a million selects timed out by Time.after(1 minute), never fired nor stopped, leave the heap at its baseline")
    void abandonedAfterChannelsInASelectLoopAreFreedBeforeTheyFire() {
        int n = Mode.pick(100_000, 1_000_000);
        Duration timeout = Duration.ofMinutes(1);
        Chan<Integer> ready = Chan.make(1);
        // Every 16th channel is watched: enough to show collection, light enough (2 bytes per
        // select) not to blur the heap figure taken right after the loop.
        Heap.Population population = new Heap.Population(n / WATCH_EVERY + 1);
        int basePending = Probes.pendingTimers();
        Map<String, Long> histogramBefore = Heap.histogram();
        long before = Heap.settled();

        long t0 = System.nanoTime();
        long firstFires = t0 + timeout.toNanos();
        int won = 0;
        for (int i = 0; i < n; i++) {
            ready.send(i);
            RecvChan<Instant> after = Time.after(timeout);
            if (i % WATCH_EVERY == 0) {
                population.watch(after);
            }
            won += Select.select(
                    Select.recv(ready, v -> 1),
                    Select.recv(after, now -> 0));
        }
        long loopNanos = System.nanoTime() - t0;
        assertEquals(n, won, "the ready channel wins every select: no timer fired");
        long settledAfterLoop = Heap.settled();
        System.out.printf(Locale.ROOT, "LOAD SUMMARY abandoned after: n=%d selects with Time.after(%s) in %.2fs;"
                        + " heap before=%s, settled after the loop=%s (%d bytes/select)%n",
                n, timeout, loopNanos / 1e9, Heap.mib(before), Heap.mib(settledAfterLoop),
                (settledAfterLoop - before) / n);

        // Everything below must happen before the loop's first timer would fire and release
        // its channel the old way.
        Duration left = Duration.ofNanos(firstFires - System.nanoTime()).minusSeconds(5);
        assertTrue(left.toSeconds() >= 10, "the loop took too long to tell collection from firing: " + loopNanos / 1e9 + "s");
        assertEquals(0, population.awaitCollected(left.dividedBy(2)), "Time.after channels still reachable before their timers fired");
        population.forget();
        assertTrue(await(left.dividedBy(2), () -> Probes.pendingTimers() <= basePending),
                () -> "the timer queue still holds " + (Probes.pendingTimers() - basePending) + " abandoned timers");
        long after = Heap.settled();
        assertTrue(System.nanoTime() - firstFires < 0, "measured before any of the loop's timers fired");
        System.out.printf(Locale.ROOT, "LOAD SUMMARY abandoned after: heap once the queue forgot them=%s (baseline %s)%n",
                Heap.mib(after), Heap.mib(before));
        Heap.assertBackToBaseline(before, after, n, histogramBefore);
    }
}
