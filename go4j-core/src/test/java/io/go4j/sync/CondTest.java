package io.go4j.sync;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.go4j.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings({"UnbalancedLock", "CondAwaitOutsideLoop"})   // deliberate: one await per wake-up is what
                                                                // the tests count, and the locker's steps are checked one by one
class CondTest {

    /** Starts a goroutine that waits on {@code c} once and counts its wake-up. */
    private static Call<Void> waiter(Cond c, Mutex mu, AtomicInteger woken) {
        return goRun(() -> {
            mu.lock();
            try {
                c.await();
                woken.incrementAndGet();
            } finally {
                mu.unlock();
            }
        });
    }

    @Test
    @DisplayName("Cond: signal wakes exactly one waiter")
    void signalWakesOne() {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        AtomicInteger woken = new AtomicInteger();
        List<Call<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(waiter(c, mu, woken));
        }
        for (Call<Void> w : waiters) {
            awaitWaitReason(w.thread, "sync.Cond.Wait");
        }
        c.signal();
        awaitCondition("one waiter woke", () -> woken.get() == 1);
        long stillWaiting = waiters.stream().filter(w -> "sync.Cond.Wait".equals(waitReasonOf(w.thread))).count();
        assertEquals(2, stillWaiting);
        assertEquals(1, woken.get());
        c.broadcast();
        for (Call<Void> w : waiters) {
            w.await();
        }
        assertEquals(3, woken.get());
    }

    @Test
    @DisplayName("Cond: broadcast wakes every waiter, and each re-acquires the locker")
    void broadcastWakesAll() {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        AtomicInteger woken = new AtomicInteger();
        List<Call<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiters.add(waiter(c, mu, woken));
        }
        for (Call<Void> w : waiters) {
            awaitWaitReason(w.thread, "sync.Cond.Wait");
        }
        mu.lock();
        c.broadcast();
        assertEquals(0, woken.get(), "woken waiters wait for the locker");
        mu.unlock();
        for (Call<Void> w : waiters) {
            w.await();
        }
        assertEquals(10, woken.get());
        assertSame(mu, c.locker());
    }

    @Test
    @DisplayName("Cond: await in a loop sees the condition set by the signaller (producer/consumer)")
    void awaitLoop() {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        int[] queue = new int[1];
        int items = pick(200, 2_000);
        Call<Void> consumer = goRun(() -> {
            for (int i = 0; i < items; i++) {
                mu.lock();
                try {
                    while (queue[0] == 0) {
                        c.await();
                    }
                    queue[0]--;
                } finally {
                    mu.unlock();
                }
            }
        });
        for (int i = 0; i < items; i++) {
            mu.lock();
            queue[0]++;
            c.signal();
            mu.unlock();
        }
        consumer.await();
        assertEquals(0, queue[0]);
    }

    @Test
    @DisplayName("Cond: a signal sent with nobody waiting is not remembered")
    void signalWithoutWaiterIsLost() {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        c.signal();
        c.broadcast();
        AtomicInteger woken = new AtomicInteger();
        Call<Void> w = waiter(c, mu, woken);
        awaitWaitReason(w.thread, "sync.Cond.Wait");
        assertEquals(0, woken.get());
        c.signal();
        w.await();
    }

    @Test
    @DisplayName("Cond: interrupt ends await with GoInterruptedException after re-acquiring the locker")
    void interruptReacquiresLocker() {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        AtomicBoolean heldAfter = new AtomicBoolean();
        Call<Void> w = goRun(() -> {
            mu.lock();
            try {
                c.await();
            } finally {
                heldAfter.set(!mu.tryLock());
                mu.unlock();
            }
        });
        awaitWaitReason(w.thread, "sync.Cond.Wait");
        mu.lock();   // hold the locker: the interrupted waiter must wait for it before throwing
        w.thread.interrupt();
        awaitWaitReason(w.thread, "sync.Mutex.Lock");
        assertFalse(w.isDone());
        mu.unlock();
        assertInterrupted(w, "sync.Cond.Wait");
        assertTrue(heldAfter.get());
        // the cancelled waiter is gone: a signal now reaches the next waiter
        AtomicInteger woken = new AtomicInteger();
        Call<Void> next = waiter(c, mu, woken);
        awaitWaitReason(next.thread, "sync.Cond.Wait");
        c.signal();
        next.await();
    }

    @Test
    @DisplayName("Cond: await without holding the locker panics and leaves no waiter behind")
    void awaitWithoutLockerPanics() {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        assertEquals("sync: unlock of unlocked mutex",
                assertThrows(io.go4j.GoPanic.class, c::await).getMessage());
        AtomicInteger woken = new AtomicInteger();
        Call<Void> w = waiter(c, mu, woken);
        awaitWaitReason(w.thread, "sync.Cond.Wait");
        c.signal();   // must reach w, not the node of the failed await
        w.await();
        assertEquals(1, woken.get());
    }
}
