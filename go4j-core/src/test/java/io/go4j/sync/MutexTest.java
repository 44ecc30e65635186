package io.go4j.sync;

import io.go4j.GoPanic;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.WaitReason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.go4j.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("UnbalancedLock")   // deliberate: lock() and unlock() are the steps under test,
                                     // with assertions between them; a failing one leaves only the test's own mutex locked
class MutexTest {

    @Test
    @DisplayName("Mutex: at most one goroutine is inside the critical section (counter stress)")
    void mutualExclusion() {
        Mutex mu = new Mutex();
        int goroutines = 16;
        int perGoroutine = pick(2_000, 20_000);
        int[] counter = new int[1];
        AtomicInteger inside = new AtomicInteger();
        AtomicBoolean overlap = new AtomicBoolean();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < goroutines; g++) {
            wg.go(() -> {
                for (int i = 0; i < perGoroutine; i++) {
                    mu.lock();
                    try {
                        if (inside.incrementAndGet() != 1) {
                            overlap.set(true);
                        }
                        counter[0]++;
                        inside.decrementAndGet();
                    } finally {
                        mu.unlock();
                    }
                }
            });
        }
        wg.await();
        assertFalse(overlap.get());
        assertEquals(goroutines * perGoroutine, counter[0]);
    }

    @Test
    @DisplayName("Mutex: unlock of an unlocked mutex panics with Go's text")
    void unlockOfUnlockedPanics() {
        Mutex mu = new Mutex();
        GoPanic p = assertThrows(GoPanic.class, mu::unlock);
        assertEquals("sync: unlock of unlocked mutex", p.getMessage());
        mu.lock();
        mu.unlock();
        assertThrows(GoPanic.class, mu::unlock);
    }

    @Test
    @DisplayName("Mutex: a mutex locked by one goroutine may be unlocked by another")
    void unlockFromAnotherGoroutine() {
        Mutex mu = new Mutex();
        mu.lock();
        goRun(mu::unlock).await();
        assertTrue(mu.tryLock());
        mu.unlock();
    }

    @Test
    @DisplayName("Mutex: a blocked locker proceeds when another goroutine unlocks for the holder")
    void blockedLockerWokenByForeignUnlock() {
        Mutex mu = new Mutex();
        mu.lock();
        Call<Void> waiter = goRun(() -> {
            mu.lock();
        });
        awaitWaitReason(waiter.thread, "sync.Mutex.Lock");
        goRun(mu::unlock).await();
        waiter.await();
        assertFalse(mu.tryLock(), "the waiter holds it now");
        mu.unlock();
    }

    @Test
    @DisplayName("Mutex: tryLock succeeds on a free mutex and fails on a held one")
    void tryLock() {
        Mutex mu = new Mutex();
        assertTrue(mu.tryLock());
        assertFalse(mu.tryLock());
        goRun(() -> assertFalse(mu.tryLock())).await();
        mu.unlock();
        assertTrue(mu.tryLock());
        mu.unlock();
    }

    @Test
    @DisplayName("Mutex: a blocked lock shows wait reason sync.Mutex.Lock")
    void waitReason() {
        Mutex mu = new Mutex();
        mu.lock();
        Call<Void> c = goRun(() -> {
            mu.lock();
            mu.unlock();
        });
        awaitWaitReason(c.thread, WaitReason.SYNC_MUTEX_LOCK.goText());
        mu.unlock();
        c.await();
    }

    @Test
    @DisplayName("Mutex: waiters are woken in turn and all get the lock")
    void manyWaitersAllGetTheLock() {
        Mutex mu = new Mutex();
        mu.lock();
        List<Call<Void>> calls = new ArrayList<>();
        AtomicInteger got = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            calls.add(goRun(() -> {
                mu.lock();
                got.incrementAndGet();
                mu.unlock();
            }));
        }
        for (Call<Void> c : calls) {
            awaitWaitReason(c.thread, "sync.Mutex.Lock");
        }
        mu.unlock();
        for (Call<Void> c : calls) {
            c.await();
        }
        assertEquals(20, got.get());
        assertTrue(mu.tryLock());
    }

    @Test
    @DisplayName("Mutex starvation mode: a waiter blocked over 1 ms gets the lock while others hammer it")
    void starvationModeHandsOffToTheLongWaiter() {
        Mutex mu = new Mutex();
        AtomicBoolean stop = new AtomicBoolean();
        List<Call<Void>> hammers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            hammers.add(goRun(() -> {
                while (!stop.get()) {
                    mu.lock();
                    Thread.onSpinWait();
                    mu.unlock();
                }
            }));
        }
        try {
            for (int round = 0; round < pick(2, 20); round++) {
                // the main thread is not a goroutine: lock from a goroutine to be in the race
                Call<Void> victim = goRun(() -> {
                    mu.lock();
                    mu.unlock();
                });
                victim.await();   // bounded: fails if starved for LONG
            }
        } finally {
            stop.set(true);
        }
        for (Call<Void> h : hammers) {
            h.await();
        }
    }

    @Test
    @DisplayName("Mutex starvation mode: a waiter gets the lock although its holder keeps retaking it at once")
    void starvationModeBeatsABargingHolder() {
        Mutex mu = new Mutex();
        mu.lock();
        Call<Void> waiter = goRun(() -> {
            mu.lock();
            mu.unlock();
        });
        awaitWaitReason(waiter.thread, "sync.Mutex.Lock");
        // Release and retake at once, for ever: in normal mode the running holder usually wins
        // the race; once the waiter has waited over 1 ms, unlock hands the lock to it.
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!waiter.isDone()) {
            mu.unlock();
            mu.lock();
            if (System.nanoTime() - deadline > 0) {
                fail("the waiter starved");
            }
        }
        mu.unlock();
        waiter.await();
    }

    @Test
    @DisplayName("Mutex: interrupt ends a blocked lock with GoInterruptedException, lock not acquired")
    void interruptBlockedLock() {
        Mutex mu = new Mutex();
        mu.lock();
        AtomicBoolean acquired = new AtomicBoolean();
        Call<Void> c = goRun(() -> {
            mu.lock();
            acquired.set(true);
        });
        awaitWaitReason(c.thread, "sync.Mutex.Lock");
        c.thread.interrupt();
        assertInterrupted(c, "sync.Mutex.Lock");
        assertFalse(acquired.get());
        mu.unlock();
        assertTrue(mu.tryLock(), "the interrupted waiter left nothing behind");
        mu.unlock();
    }

    @Test
    @DisplayName("Mutex: an interrupted waiter does not swallow the wake-up of the others")
    void interruptedWaiterDoesNotLoseWakeups() {
        Mutex mu = new Mutex();
        mu.lock();
        Call<Void> a = goRun(mu::lock);
        awaitWaitReason(a.thread, "sync.Mutex.Lock");
        Call<Void> b = goRun(() -> {
            mu.lock();
            mu.unlock();
        });
        awaitWaitReason(b.thread, "sync.Mutex.Lock");
        a.thread.interrupt();
        assertInterrupted(a, "sync.Mutex.Lock");
        mu.unlock();
        b.await();
    }

    @Test
    @DisplayName("Mutex: a contended lock is reported on the unlocker's thread (Go charges the unlocker), an uncontended one is not")
    void contentionIsRecorded() {
        AtomicLong reports = new AtomicLong();
        Mutex mu = new Mutex();
        Thread unlocker = Thread.currentThread();
        Hooks.ContentionListener old = Hooks.setContentionListener((kind, lock, nanos) -> {
            if (kind == WaitReason.SYNC_MUTEX_LOCK && lock == mu && nanos > 0 && Thread.currentThread() == unlocker) {
                reports.incrementAndGet();
            }
        });
        try {
            mu.lock();
            mu.unlock();
            assertEquals(0, reports.get());
            mu.lock();
            Call<Void> c = goRun(() -> {
                mu.lock();
                mu.unlock();
            });
            awaitWaitReason(c.thread, "sync.Mutex.Lock");
            mu.unlock();
            c.await();
            assertEquals(Hooks.CONTENTION ? 1 : 0, reports.get());
        } finally {
            Hooks.setContentionListener(old);
        }
    }
}
