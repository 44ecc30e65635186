package io.go4j.time;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.RecvChan;
import io.go4j.Select;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.go4j.TestSupport.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Races between firing and stop/reset, and many concurrent users of the one timer queue. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimerStressTest {

    /** Bound on a goroutine of a stress run: 30 s, longer than {@link io.go4j.TestSupport#LONG}. */
    static final Duration RUN_BOUND = Duration.ofSeconds(30);

    @Test
    @DisplayName("Go 1.23: reset racing with the firing never leaves a stale value")
    void resetRacingWithFireLeavesNoStaleValue() {
        int n = pick(2_000, 20_000);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            Timer t = Time.newTimer(Duration.ofNanos(rnd.nextLong(50_000)));
            long until = System.nanoTime() + rnd.nextLong(50_000);
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
            if (rnd.nextBoolean()) {
                t.reset(Duration.ofMinutes(10));
            } else {
                t.stop();
            }
            assertNull(t.c().tryRecv(), "stale value at iteration " + i);
            t.stop();
        }
    }

    @Test
    @DisplayName("Go 1.23: stop racing with an unreceived firing reports true and the value is never received")
    void stopRacingWithFireIsExclusive() {
        int n = pick(2_000, 20_000);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            Timer t = Time.newTimer(Duration.ofNanos(rnd.nextLong(50_000)));
            long until = System.nanoTime() + rnd.nextLong(50_000);
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
            boolean stopped = t.stop();
            boolean received = t.c().tryRecv() != null;
            assertTrue(stopped && !received,
                    "stopped=" + stopped + " received=" + received + " at " + i);
        }
    }

    @Test
    @DisplayName("random starts, stops and resets keep the heap ordered and leave nothing pending")
    void randomOperationsKeepHeapOrdered() {
        int n = pick(2_000, 20_000);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int base = Time.pendingTimers();
        Timer[] ts = new Timer[n];
        for (int i = 0; i < n; i++) {
            ts[i] = Time.newTimer(Duration.ofSeconds(600 + rnd.nextInt(600)));
        }
        for (int round = 0; round < 4 * n; round++) {
            Timer t = ts[rnd.nextInt(n)];
            if (rnd.nextBoolean()) {
                t.stop();
            } else {
                t.reset(Duration.ofSeconds(600 + rnd.nextInt(600)));
            }
        }
        assertTrue(TimerQueue.INSTANCE.invariantsHold());
        for (Timer t : ts) {
            t.stop();
        }
        assertTrue(TimerQueue.INSTANCE.invariantsHold());
        assertTrue(Time.pendingTimers() <= base);
    }

    @Test
    @DisplayName("many goroutines selecting with timeouts all time out, and no timer is left pending")
    void manyGoroutinesSelectWithTimeout() throws Exception {
        int goroutines = pick(100, 1_000);
        int rounds = 10;
        int base = Time.pendingTimers();
        Chan<String> never = Chan.make();
        AtomicInteger timeouts = new AtomicInteger();
        Thread[] ts = new Thread[goroutines];
        for (int g = 0; g < goroutines; g++) {
            ts[g] = Go.go(() -> {
                for (int r = 0; r < rounds; r++) {
                    Timer t = Time.newTimer(Duration.ofMinutes(10));  // the one a value would beat
                    RecvChan<Instant> timeout = Time.after(Duration.ofMillis(1));
                    Select.select(
                            Select.onRecv(never, v -> { }),
                            Select.onRecv(t.c(), v -> { }),
                            Select.onRecv(timeout, v -> timeouts.incrementAndGet()));
                    t.stop();
                }
            });
        }
        for (Thread t : ts) {
            assertTrue(t.join(RUN_BOUND));
        }
        assertEquals(goroutines * rounds, timeouts.get());
        assertTrue(Time.pendingTimers() <= base, "pending " + Time.pendingTimers());
    }
}
