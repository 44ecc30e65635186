package io.go4j.time;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Go's documented behaviour of time.Ticker. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TickerTest {

    @Test
    @DisplayName("a ticker delivers ticks repeatedly, each not before the period")
    void tickerDeliversRepeatedly() {
        Duration d = Duration.ofMillis(10);
        Ticker t = Time.newTicker(d);
        try {
            long start = System.nanoTime();
            Instant prev = null;
            for (int i = 1; i <= 3; i++) {
                Instant now = t.c().recv();
                assertTrue(System.nanoTime() - start >= i * d.toNanos() / 2, "tick " + i + " early");
                assertTrue(prev == null || !now.isBefore(prev));
                prev = now;
            }
        } finally {
            t.stop();
        }
    }

    @Test
    @DisplayName("a slow receiver finds at most one tick buffered: the others are dropped")
    void slowReceiverDropsTicks() {
        Ticker t = Time.newTicker(Duration.ofMillis(1));
        try {
            assertEquals(1, t.c().cap());
            Time.sleep(Duration.ofMillis(100));   // ~100 ticks fall due meanwhile
            assertNotNull(t.c().recv());
            int queued = 0;
            while (t.c().tryRecv() != null) {
                queued++;
            }
            assertTrue(queued <= 1, queued + " ticks were queued");
        } finally {
            t.stop();
        }
    }

    @Test
    @DisplayName("stop stops the ticks and discards an unreceived one")
    void stopStops() {
        Ticker t = Time.newTicker(Duration.ofMillis(1));
        t.c().recv();
        Time.sleep(Duration.ofMillis(10));
        t.stop();
        assertNull(t.c().tryRecv());
        Time.sleep(Duration.ofMillis(30));
        assertNull(t.c().tryRecv());
    }

    @Test
    @DisplayName("close stops the ticks and discards an unreceived one; closing again changes nothing")
    void closeStops() {
        Ticker t = Time.newTicker(Duration.ofMillis(1));
        try (t) {
            t.c().recv();
            Time.sleep(Duration.ofMillis(10));
        }
        assertNull(t.c().tryRecv());
        t.close();
        Time.sleep(Duration.ofMillis(30));
        assertNull(t.c().tryRecv());
    }

    @Test
    @DisplayName("reset changes the period")
    void resetChangesPeriod() {
        Ticker t = Time.newTicker(Duration.ofMinutes(10));
        try {
            t.reset(Duration.ofMillis(5));
            assertNotNull(t.c().recv());
            assertNotNull(t.c().recv());
            t.reset(Duration.ofMinutes(10));
            assertNull(t.c().tryRecv());
            Time.sleep(Duration.ofMillis(30));
            assertNull(t.c().tryRecv());
        } finally {
            t.stop();
        }
    }

    @Test
    @DisplayName("newTicker and reset reject a non-positive interval")
    void nonPositiveInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Time.newTicker(Duration.ZERO));
        assertEquals("non-positive interval for NewTicker", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ofSeconds(-1)));
        Ticker t = Time.newTicker(Duration.ofMinutes(1));
        try {
            assertThrows(IllegalArgumentException.class, () -> t.reset(Duration.ZERO));
        } finally {
            t.stop();
        }
        assertFalse(t.c().len() > 0);
    }
}
