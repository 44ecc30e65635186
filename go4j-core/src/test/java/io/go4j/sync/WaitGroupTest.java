package io.go4j.sync;

import io.go4j.GoPanic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.go4j.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitGroupTest {

    @Test
    @DisplayName("WaitGroup: await on a zero counter returns at once")
    void awaitAtZeroReturns() {
        new WaitGroup().await();
    }

    @Test
    @DisplayName("WaitGroup: await blocks until done() brings the counter to zero")
    void awaitBlocksUntilZero() {
        WaitGroup wg = new WaitGroup();
        wg.add(2);
        Call<Void> waiter = goRun(wg::await);
        awaitWaitReason(waiter.thread, "sync.WaitGroup.Wait");
        wg.done();
        assertEquals("sync.WaitGroup.Wait", waitReasonOf(waiter.thread));
        assertFalse(waiter.isDone());
        wg.done();
        waiter.await();
    }

    @Test
    @DisplayName("WaitGroup: every waiter is released when the counter reaches zero")
    void allWaitersReleased() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        List<Call<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiters.add(goRun(wg::await));
        }
        for (Call<Void> c : waiters) {
            awaitWaitReason(c.thread, "sync.WaitGroup.Wait");
        }
        wg.done();
        for (Call<Void> c : waiters) {
            c.await();
        }
    }

    @Test
    @DisplayName("WaitGroup: a done() happens-before the return of the await it unblocks (counts, stress)")
    void countsAndVisibility() {
        for (int round = 0; round < pick(20, 200); round++) {
            WaitGroup wg = new WaitGroup();
            int n = 50;
            int[] slots = new int[n];
            wg.add(n);
            for (int i = 0; i < n; i++) {
                int k = i;
                io.go4j.Go.go(() -> {
                    slots[k] = k + 1;   // plain write, published by done()
                    wg.done();
                });
            }
            wg.await();
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1, slots[i]);
            }
        }
    }

    @Test
    @DisplayName("WaitGroup: a negative counter panics with sync: negative WaitGroup counter")
    void negativeCounterPanics() {
        WaitGroup wg = new WaitGroup();
        GoPanic p = assertThrows(GoPanic.class, wg::done);
        assertEquals("sync: negative WaitGroup counter", p.getMessage());
        wg.add(1);
        assertThrows(GoPanic.class, () -> wg.add(-2));
        wg.done();
        wg.await();
    }

    @Test
    @DisplayName("WaitGroup: a counter above Integer.MAX_VALUE panics with sync: WaitGroup counter overflow, unchanged")
    void counterOverflowPanics() {
        WaitGroup wg = new WaitGroup();
        wg.add(Integer.MAX_VALUE);
        GoPanic p = assertThrows(GoPanic.class, () -> wg.add(1));
        assertEquals("sync: WaitGroup counter overflow", p.getMessage());
        assertEquals("sync: WaitGroup counter overflow", assertThrows(GoPanic.class, () -> wg.add(Integer.MAX_VALUE)).getMessage());
        assertEquals("WaitGroup[counter=" + Integer.MAX_VALUE + "]", wg.toString(), "the counter is unchanged");
        wg.add(-Integer.MAX_VALUE);
        wg.await();   // zero: returns at once
    }

    @Test
    @DisplayName("WaitGroup.go: runs the task in a goroutine and await waits for it, even if it throws")
    void goRunsTasks() {
        WaitGroup wg = new WaitGroup();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            wg.go(ran::incrementAndGet);
        }
        wg.go(() -> {
            ran.incrementAndGet();
            throw new IllegalStateException("task failure (expected in this test)");
        });
        wg.await();
        assertEquals(101, ran.get());
    }

    @Test
    @DisplayName("WaitGroup: a WaitGroup may be reused once every await has returned")
    void reuseAfterAwaitReturned() {
        WaitGroup wg = new WaitGroup();
        for (int round = 0; round < 100; round++) {
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < 4; i++) {
                wg.go(ran::incrementAndGet);
            }
            wg.await();
            assertEquals(4, ran.get());
        }
    }

    @Test
    @DisplayName("WaitGroup: interrupt ends a blocked await with GoInterruptedException; the counter is unchanged")
    void interruptBlockedAwait() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Call<Void> c = goRun(wg::await);
        awaitWaitReason(c.thread, "sync.WaitGroup.Wait");
        c.thread.interrupt();
        assertInterrupted(c, "sync.WaitGroup.Wait");
        Call<Void> other = goRun(wg::await);
        awaitWaitReason(other.thread, "sync.WaitGroup.Wait");
        wg.done();
        other.await();
        wg.add(1);   // no stale waiter left behind: this is not "Add concurrently with Wait"
        wg.done();
    }
}
