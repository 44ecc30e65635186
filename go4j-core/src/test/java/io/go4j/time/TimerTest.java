package io.go4j.time;

import io.go4j.Chan;
import io.go4j.Go;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.go4j.TestSupport.LONG;
import static io.go4j.TestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Go's documented behaviour of time.Timer and time.AfterFunc, with Go 1.23 semantics. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimerTest {

    /** The delay of the timers that must fire during a test. */
    static final Duration SHORT = Duration.ofMillis(20);

    @Test
    @DisplayName("newTimer sends the time on c once, not before d elapsed")
    void timerFiresOnce() {
        long start = System.nanoTime();
        Timer t = Time.newTimer(SHORT);
        assertNotNull(t.c().recv());
        assertTrue(System.nanoTime() - start >= SHORT.toNanos());
        Time.sleep(SHORT);
        assertNull(t.c().tryRecv());
    }

    @Test
    @DisplayName("stop before firing returns true and nothing is ever received")
    void stopBeforeFiring() {
        Timer t = Time.newTimer(Duration.ofMillis(30));
        assertTrue(t.stop());
        Time.sleep(Duration.ofMillis(80));
        assertNull(t.c().tryRecv());
        assertFalse(t.stop(), "second stop");
    }

    @Test
    @DisplayName("stop after the value was received returns false")
    void stopAfterFiring() {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        t.c().recv();
        assertFalse(t.stop());
    }

    @Test
    @DisplayName("Go 1.23: stop after firing but before the receive discards the value and returns true")
    void stopAfterUnreceivedFire() {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        awaitFired(t);
        assertTrue(t.stop());
        assertNull(t.c().tryRecv());
    }

    @Test
    @DisplayName("reset re-arms a fired timer, which fires again")
    void resetRearms() {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        Instant first = t.c().recv();
        assertFalse(t.reset(SHORT));
        long start = System.nanoTime();
        Instant second = t.c().recv();
        assertTrue(System.nanoTime() - start >= SHORT.toNanos() / 2);
        assertFalse(second.isBefore(first));
    }

    @Test
    @DisplayName("reset of a pending timer returns true and postpones it")
    void resetPending() {
        Timer t = Time.newTimer(Duration.ofMinutes(10));
        assertTrue(t.reset(Duration.ofMillis(1)));
        assertNotNull(t.c().recv());
    }

    @Test
    @DisplayName("Go 1.23: after fire, stop without receiving, reset long: no stale value")
    void noStaleValueAfterStopAndReset() {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        awaitFired(t);
        t.stop();
        t.reset(Duration.ofMinutes(10));
        assertNull(t.c().tryRecv());
        Time.sleep(SHORT);
        assertNull(t.c().tryRecv());
        assertTrue(t.stop());
    }

    @Test
    @DisplayName("Go 1.23: reset of a fired, unreceived timer discards the old value")
    void resetDiscardsStaleValue() {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        awaitFired(t);
        assertTrue(t.reset(Duration.ofMinutes(10)));
        assertNull(t.c().tryRecv());
        t.stop();
    }

    @Test
    @DisplayName("afterFunc runs f in its own goroutine")
    void afterFuncRunsInGoroutine() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        Chan<Boolean> done = Chan.make(1);
        Timer t = Time.afterFunc(Duration.ofMillis(1), () -> {
            ran.set(Thread.currentThread());
            done.send(true);
        });
        assertNull(t.c());
        assertTrue(done.recv());
        assertTrue(ran.get().isVirtual());
        assertTrue(Go.goid() != ran.get().threadId());
        assertFalse(t.stop(), "stop after f started");
    }

    @Test
    @DisplayName("afterFunc: stop before firing prevents f")
    void afterFuncStopPreventsF() {
        AtomicInteger runs = new AtomicInteger();
        Timer t = Time.afterFunc(Duration.ofMillis(30), runs::incrementAndGet);
        assertTrue(t.stop());
        Time.sleep(Duration.ofMillis(80));
        assertEquals(0, runs.get());
    }

    @Test
    @DisplayName("afterFunc: reset runs f again")
    void afterFuncReset() {
        Chan<Integer> done = Chan.make(2);
        AtomicInteger runs = new AtomicInteger();
        Timer t = Time.afterFunc(Duration.ofMillis(1), () -> done.send(runs.incrementAndGet()));
        assertEquals(1, done.recv());
        t.reset(Duration.ofMillis(1));
        assertEquals(2, done.recv());
    }

    @Test
    @DisplayName("a receiver blocked on c is woken by the firing")
    @SuppressWarnings("LostCancel")   // the goroutine receives the timer's firing: nothing is left to stop
    void blockedReceiverWoken() throws Exception {
        Timer t = Time.newTimer(Duration.ofMillis(30));
        Chan<Instant> got = Chan.make(1);
        Thread g = Go.go(() -> got.send(t.c().recv()));
        assertNotNull(got.recv());
        g.join(LONG);
    }

    @Test
    @DisplayName("close stops a pending timer, as stop does, and closing again changes nothing")
    void closeStops() {
        Timer t = Time.newTimer(Duration.ofMillis(30));
        int open;
        try (t) {
            open = Time.pendingTimers();
        }
        assertTrue(Time.pendingTimers() <= open - 1, "close released the pending timer");
        t.close();
        Time.sleep(Duration.ofMillis(80));
        assertNull(t.c().tryRecv(), "a closed timer never fires");
        assertFalse(t.stop(), "nothing left to stop");
    }

    @Test
    @DisplayName("close of an afterFunc timer prevents its function")
    void closeStopsAfterFunc() {
        AtomicInteger runs = new AtomicInteger();
        try (Timer t = Time.afterFunc(Duration.ofMillis(30), runs::incrementAndGet)) {
            assertNull(t.c());
        }
        Time.sleep(Duration.ofMillis(80));
        assertEquals(0, runs.get());
    }

    @Test
    @DisplayName("Go 1.23: close after an unreceived firing discards the value, as stop does")
    void closeDiscardsUnreceivedValue() {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        awaitFired(t);
        t.close();
        assertNull(t.c().tryRecv());
    }

    /** Waits until the timer's value sits unreceived in its channel. */
    private static void awaitFired(Timer t) {
        awaitCondition("the timer fires", () -> t.c().len() != 0);
    }
}
