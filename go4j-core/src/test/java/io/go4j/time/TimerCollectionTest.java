package io.go4j.time;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.RecvChan;
import io.go4j.Select;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.go4j.TestSupport.LONG;
import static io.go4j.TestSupport.awaitCollected;
import static io.go4j.TestSupport.awaitWaitReason;
import static io.go4j.TestSupport.awaitWhileCollecting;
import static io.go4j.TestSupport.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Go 1.23's "an unreferenced timer can be collected at once": a Timer, Ticker or {@code after}
 * channel nobody references is garbage collected before it fires, even unstopped, and the timer
 * queue forgets it; but a goroutine waiting on a timer's channel keeps that timer alive, and an
 * afterFunc's function always runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimerCollectionTest {

    /** A delay no test outlives: a timer collected in a test was collected before it fired. */
    static final Duration HOUR = Duration.ofHours(1);

    /**
     * How long the timers that must wake a parked goroutine take: long enough for the
     * collections the test runs meanwhile, which the test checks.
     */
    static final Duration FIRE = Duration.ofSeconds(1);

    @Test
    @DisplayName("a Time.after channel the user dropped is collected before its timer fires, and the queue forgets it")
    void droppedAfterChannelIsCollectedBeforeItFires() {
        int base = Time.pendingTimers();
        WeakReference<RecvChan<Instant>> chan = new WeakReference<>(Time.after(HOUR));
        awaitCollected("an unreferenced Time.after channel", chan);
        awaitWhileCollecting("the queue forgets the collected timer", () -> Time.pendingTimers() <= base);
    }

    @Test
    @DisplayName("an unstopped Timer nobody references is collected with its channel before it fires")
    void unstoppedTimerIsCollectedBeforeItFires() {
        int base = Time.pendingTimers();
        List<WeakReference<?>> refs = abandonTimer();
        awaitCollected("an unreferenced, unstopped Timer and its channel", refs.toArray(WeakReference[]::new));
        awaitWhileCollecting("the queue forgets the collected timer", () -> Time.pendingTimers() <= base);
    }

    @Test
    @DisplayName("an unstopped Ticker nobody references is collected with its channel, idle or ticking")
    void unstoppedTickerIsCollected() {
        int base = Time.pendingTimers();
        List<WeakReference<?>> refs = new ArrayList<>();
        refs.addAll(abandonTicker(HOUR));
        refs.addAll(abandonTicker(Duration.ofMillis(1)));   // fires a thousand times a second meanwhile
        refs.add(new WeakReference<>(Time.tick(Duration.ofMillis(1))));
        awaitCollected("unreferenced, unstopped tickers and their channels", refs.toArray(WeakReference[]::new));
        awaitWhileCollecting("the queue forgets the collected tickers", () -> Time.pendingTimers() <= base);
    }

    @Test
    @DisplayName("a ticker abandoned while it keeps firing is collected: the timer thread keeps no channel it fired")
    void tickerFiringAloneIsCollected() {
        int base = Time.pendingTimers();
        List<WeakReference<?>> refs = abandonTicker(Duration.ofMillis(1));
        awaitCollected("an unreferenced ticker firing every millisecond, and its channel", refs.toArray(WeakReference[]::new));
        awaitWhileCollecting("the queue forgets it: its channel was collected too", () -> Time.pendingTimers() <= base);
    }

    @Test
    @DisplayName("the timer thread forgets collected timers by itself, with no other call into the queue")
    void timerThreadPurgesCollectedTimers() {
        int base = TimerQueue.INSTANCE.heapSize();
        WeakReference<RecvChan<Instant>> chan = new WeakReference<>(Time.after(HOUR));
        awaitCollected("an unreferenced Time.after channel", chan);
        // heapSize() does not purge, nor does the collector: only the timer thread's periodic
        // purge can empty the slot.
        awaitWhileCollecting("the timer thread removes the entry within its purge period",
                () -> TimerQueue.INSTANCE.heapSize() <= base);
    }

    @Test
    @DisplayName("forgetting collected timers keeps the heap ordered, and the timers still held fire in order")
    void purgingKeepsTheHeapOrdered() {
        int n = pick(2_000, 20_000);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int base = Time.pendingTimers();
        List<Timer> kept = new ArrayList<>();
        WeakReference<?> last = null;
        for (int i = 0; i < n; i++) {
            if (i % 4 == 0) {
                kept.add(Time.newTimer(Duration.ofMillis(200 + rnd.nextInt(200))));
            } else {
                last = new WeakReference<>(Time.after(Duration.ofSeconds(600 + rnd.nextInt(600))));
            }
        }
        awaitCollected("the abandoned after channels", last);
        awaitWhileCollecting("the queue forgets the abandoned timers", () -> Time.pendingTimers() <= base + kept.size());
        assertTrue(TimerQueue.INSTANCE.invariantsHold(), "heap invariants after purging");
        for (Timer t : kept) {
            assertNotNull(t.c().recv(), "a timer the test holds fires");
        }
        assertTrue(TimerQueue.INSTANCE.invariantsHold(), "heap invariants after firing");
    }

    @Test
    @DisplayName("a goroutine parked in a select on a Time.after channel that nothing else references is woken by it while the collector runs")
    void parkedSelectKeepsItsTimerAlive() throws Exception {
        Chan<String> never = Chan.make();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread g = Go.go(() -> outcome.complete(Select.select(
                Select.recv(never, v -> "value"),
                Select.recv(Time.after(FIRE), now -> "timeout"))));
        awaitParkedThenCollect(g, "select", outcome);
        assertEquals("timeout", outcome.get(LONG.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    @DisplayName("a goroutine parked receiving from a Time.after channel that nothing else references is woken by it while the collector runs")
    void parkedReceiveKeepsItsTimerAlive() throws Exception {
        CompletableFuture<Instant> outcome = new CompletableFuture<>();
        Thread g = Go.go(() -> outcome.complete(Time.after(FIRE).recv()));
        awaitParkedThenCollect(g, "chan receive", outcome);
        assertNotNull(outcome.get(LONG.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    @DisplayName("an afterFunc timer nobody references still runs its function")
    void unreferencedAfterFuncStillRuns() throws Exception {
        Chan<Boolean> ran = Chan.make(1);
        WeakReference<Timer> timer = new WeakReference<>(Time.afterFunc(FIRE, () -> ran.send(true)));
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        CompletableFuture<Boolean> got = new CompletableFuture<>();
        Thread g = Go.go(() -> got.complete(ran.recv()));
        try {
            assertTrue(got.get(LONG.toMillis(), TimeUnit.MILLISECONDS), "the function ran");
        } catch (TimeoutException e) {
            g.interrupt();
            fail("an unreferenced afterFunc never ran its function (timer " + timer.get() + ")");
        }
    }

    // ---- helpers ----

    /** Starts a timer and returns weak references to it and its channel, and nothing else. */
    private static List<WeakReference<?>> abandonTimer() {
        Timer t = Time.newTimer(HOUR);
        return List.of(new WeakReference<>(t), new WeakReference<>(t.c()));
    }

    /** Starts a ticker and returns weak references to it and its channel, and nothing else. */
    private static List<WeakReference<?>> abandonTicker(Duration period) {
        Ticker t = Time.newTicker(period);
        return List.of(new WeakReference<>(t), new WeakReference<>(t.c()));
    }

    /**
     * Waits for {@code g} to park with {@code reason}, runs the collector several times while it
     * is parked, and checks that it was still parked when the collections ended (otherwise the
     * test proved nothing about them).
     */
    private static void awaitParkedThenCollect(Thread g, String reason, CompletableFuture<?> outcome) {
        awaitWaitReason(g, reason);
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        if (outcome.isDone()) {
            fail("the timer fired before the collections ended; lengthen FIRE (" + FIRE + ")");
        }
        try {
            outcome.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            g.interrupt();
            fail("a goroutine parked on a timer channel nothing else references was never woken: its timer was collected");
        } catch (Exception e) {
            fail(e);
        }
    }
}
