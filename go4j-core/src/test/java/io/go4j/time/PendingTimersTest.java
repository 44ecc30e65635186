package io.go4j.time;

import io.go4j.RecvChan;
import io.go4j.internal.runtime.PendingTimers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static io.go4j.TestSupport.awaitCollected;
import static io.go4j.TestSupport.awaitWhileCollecting;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * internal.runtime.PendingTimers, as the timer queue feeds it: the timers that can still fire
 * (what a deadlock detector asks before it concludes that nothing can wake anyone).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PendingTimersTest {

    static final Duration HOUR = Duration.ofHours(1);

    @Test
    @DisplayName("count counts pending timers, tickers and afterFuncs: stopping each one lowers it")
    void countsPendingTimersUntilStopped() {
        // Other tests' timers may fire or be collected meanwhile, which only lowers the count:
        // so each check is "at least one lower", never an equality.
        Timer timer = Time.newTimer(HOUR);
        Ticker ticker = Time.newTicker(HOUR);
        Timer func = Time.afterFunc(HOUR, () -> { });
        int before = PendingTimers.count();
        timer.stop();
        int afterTimer = PendingTimers.count();
        assertTrue(afterTimer <= before - 1, "a pending timer was counted");
        ticker.stop();
        int afterTicker = PendingTimers.count();
        assertTrue(afterTicker <= afterTimer - 1, "a pending ticker was counted");
        func.stop();
        assertTrue(PendingTimers.count() <= afterTicker - 1, "a pending afterFunc was counted");
        timer.stop();
        ticker.stop();
        func.stop();
        assertTrue(PendingTimers.count() <= before - 3, "a stopped timer is not counted, stopped again or not");
    }

    @Test
    @DisplayName("count drops a one-shot timer once it has fired")
    void dropsFiredTimers() {
        int base = PendingTimers.count();
        Timer t = Time.newTimer(Duration.ofMillis(5));
        t.c().recv();
        assertTrue(PendingTimers.count() <= base, "a fired timer can fire no more");
    }

    @Test
    @DisplayName("count drops a channel timer whose channel was collected, though it was never stopped")
    void dropsTimersWhoseChannelWasCollected() {
        int base = PendingTimers.count();
        WeakReference<RecvChan<Instant>> chan = new WeakReference<>(Time.after(HOUR));
        awaitCollected("an unreferenced Time.after channel", chan);
        awaitWhileCollecting("count forgets the collected timer", () -> PendingTimers.count() <= base);
    }

    @Test
    @DisplayName("only one timer queue can feed the count")
    void registersOnce() {
        Time.pendingTimers();   // the timer queue exists, and has registered
        assertThrows(IllegalStateException.class, () -> PendingTimers.register(() -> 0));
    }
}
