package io.go4j.time;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoInterruptedException;
import io.go4j.RecvChan;
import io.go4j.Select;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.go4j.TestSupport.LONG;
import static io.go4j.TestSupport.awaitCondition;
import static io.go4j.TestSupport.awaitWaitReason;
import static io.go4j.TestSupport.infoOf;
import static io.go4j.TestSupport.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Go's documented behaviour of time.Sleep, time.After and time.Tick. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimeTest {

    @Test
    @DisplayName("sleep pauses for at least the duration")
    void sleepWaitsAtLeastD() {
        Duration d = Duration.ofMillis(50);
        long start = System.nanoTime();
        Time.sleep(d);
        assertTrue(System.nanoTime() - start >= d.toNanos());
    }

    @Test
    @DisplayName("sleep with a zero or negative duration returns at once")
    void sleepNonPositiveReturns() {
        Time.sleep(Duration.ZERO);
        Time.sleep(Duration.ofSeconds(-5));
    }

    @Test
    @DisplayName("a sleeping goroutine's wait reason is \"sleep\"")
    void sleepRecordsWaitReason() throws Exception {
        Thread t = Go.go(() -> {
            try {
                Time.sleep(Duration.ofMinutes(5));
            } catch (GoInterruptedException expected) {
                // how the test ends it
            }
        });
        try {
            awaitWaitReason(t, "sleep");
            assertEquals("sleep", infoOf(t).status());
        } finally {
            t.interrupt();
            t.join(LONG);
        }
    }

    @Test
    @DisplayName("sleep is ended by an interrupt with GoInterruptedException, the flag set again")
    void sleepIsInterruptible() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        AtomicBoolean flag = new AtomicBoolean();
        Thread t = Go.go(() -> {
            try {
                Time.sleep(Duration.ofMinutes(5));
                thrown.complete(null);
            } catch (Throwable e) {
                flag.set(Thread.currentThread().isInterrupted());
                thrown.complete(e);
            }
        });
        t.interrupt();
        Throwable e = thrown.get(LONG.toSeconds(), TimeUnit.SECONDS);
        assertTrue(e instanceof GoInterruptedException, String.valueOf(e));
        assertEquals("sleep interrupted", e.getMessage());
        assertTrue(flag.get());
    }

    @Test
    @DisplayName("sleep with the interrupt flag already set throws at once")
    void sleepWithFlagSetThrows() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(GoInterruptedException.class, () -> Time.sleep(Duration.ofMinutes(5)));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    @DisplayName("after sends the time once, not before the duration elapsed")
    void afterFiresOnceNotBeforeD() {
        Duration d = Duration.ofMillis(30);
        long start = System.nanoTime();
        Instant before = Instant.now();
        RecvChan<Instant> c = Time.after(d);
        Instant got = c.recv();
        assertTrue(System.nanoTime() - start >= d.toNanos());
        assertFalse(got.isBefore(before));
        Time.sleep(Duration.ofMillis(30));
        assertNull(c.tryRecv(), "after fired twice");
    }

    @Test
    @DisplayName("after with a zero or negative duration fires at once")
    void afterNonPositiveFires() {
        assertNotNull(Time.after(Duration.ZERO).recv());
        assertNotNull(Time.after(Duration.ofSeconds(-1)).recv());
    }

    @Test
    @DisplayName("select with a timeout picks the timeout when nothing else is ready")
    void selectWithTimeoutPicksTimeout() {
        Chan<String> never = Chan.make();
        String r = Select.select(
                Select.recv(never, v -> "value"),
                Select.recv(Time.after(Duration.ofMillis(20)), now -> "timeout"));
        assertEquals("timeout", r);
    }

    @Test
    @DisplayName("select with a timeout picks the ready value before the timeout")
    void selectWithTimeoutPicksValue() {
        Chan<String> ready = Chan.make(1);
        ready.send("v");
        String r = Select.select(
                Select.recv(ready, v -> v),
                Select.recv(Time.after(LONG), now -> "timeout"));
        assertEquals("v", r);
    }

    @Test
    @DisplayName("tick delivers repeatedly")
    void tickDeliversRepeatedly() {
        RecvChan<Instant> c = Time.tick(Duration.ofMillis(5));
        Instant prev = c.recv();
        for (int i = 0; i < 3; i++) {
            Instant next = c.recv();
            assertFalse(next.isBefore(prev));
            prev = next;
        }
    }

    @Test
    @DisplayName("tick with a non-positive duration returns the nil channel")
    void tickNonPositiveIsNil() {
        assertTrue(((Chan<Instant>) Time.tick(Duration.ZERO)).isNil());
        assertTrue(((Chan<Instant>) Time.tick(Duration.ofSeconds(-1))).isNil());
    }

    @Test
    @DisplayName("many after timers all fire, and the pending count returns to zero")
    void manyAfterTimersComplete() throws Exception {
        int n = pick(10_000, 100_000);
        int base = Time.pendingTimers();
        @SuppressWarnings("unchecked")
        RecvChan<Instant>[] cs = new RecvChan[n];
        Timer[] ts = new Timer[n];
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                cs[i] = Time.after(Duration.ofMillis(1 + i % 50));
            } else {
                ts[i] = Time.newTimer(Duration.ofMinutes(10));
            }
        }
        for (int i = 0; i < n; i++) {
            if (cs[i] != null) {
                assertNotNull(cs[i].recv());
            } else {
                assertTrue(ts[i].stop());
            }
        }
        awaitCondition("the pending count returns to its base", () -> Time.pendingTimers() <= base);
        assertTrue(Time.pendingTimers() <= base, "pending " + Time.pendingTimers());
    }
}
