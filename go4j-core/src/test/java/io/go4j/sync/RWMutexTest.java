package io.go4j.sync;

import io.go4j.GoPanic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.go4j.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("UnbalancedLock")   // deliberate: lock() and unlock() are the steps under test,
                                     // with assertions between them; a failing one leaves only the test's own mutex locked
class RWMutexTest {

    @Test
    @DisplayName("RWMutex: readers hold the lock concurrently")
    void readersAreConcurrent() throws InterruptedException {
        RWMutex rw = new RWMutex();
        int n = 5;
        CountDownLatch allIn = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        List<Call<Void>> readers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            readers.add(goRun(() -> {
                rw.rLock();
                allIn.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                } finally {
                    rw.rUnlock();
                }
            }));
        }
        assertTrue(allIn.await(LONG.toMillis(), TimeUnit.MILLISECONDS), "all readers inside at once");
        assertTrue(rw.tryRLock());
        rw.rUnlock();
        assertFalse(rw.tryLock(), "a writer is excluded by readers");
        release.countDown();
        for (Call<Void> c : readers) {
            c.await();
        }
        assertTrue(rw.tryLock());
        rw.unlock();
    }

    @Test
    @DisplayName("RWMutex: a writer excludes readers and writers (stress)")
    void writerIsExclusive() {
        RWMutex rw = new RWMutex();
        AtomicInteger readersIn = new AtomicInteger();
        AtomicInteger writersIn = new AtomicInteger();
        AtomicBoolean violated = new AtomicBoolean();
        int[] value = new int[1];
        int perGoroutine = pick(500, 5_000);
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < 8; g++) {
            boolean writer = g % 4 == 0;
            wg.go(() -> {
                for (int i = 0; i < perGoroutine; i++) {
                    if (writer) {
                        rw.lock();
                        if (writersIn.incrementAndGet() != 1 || readersIn.get() != 0) {
                            violated.set(true);
                        }
                        value[0]++;
                        writersIn.decrementAndGet();
                        rw.unlock();
                    } else {
                        rw.rLock();
                        readersIn.incrementAndGet();
                        if (writersIn.get() != 0) {
                            violated.set(true);
                        }
                        readersIn.decrementAndGet();
                        rw.rUnlock();
                    }
                }
            });
        }
        wg.await();
        assertFalse(violated.get());
        assertEquals(2 * perGoroutine, value[0]);
        assertTrue(rw.tryLock());
        rw.unlock();
    }

    @Test
    @DisplayName("RWMutex: a blocked writer blocks new readers until it has had the lock")
    void blockedWriterBlocksNewReaders() {
        RWMutex rw = new RWMutex();
        rw.rLock();
        List<String> order = new ArrayList<>();
        Mutex orderMu = new Mutex();
        Call<Void> writer = goRun(() -> {
            rw.lock();
            orderMu.lock();
            order.add("writer");
            orderMu.unlock();
            rw.unlock();
        });
        awaitWaitReason(writer.thread, "sync.RWMutex.Lock");
        assertFalse(rw.tryRLock(), "a waiting writer blocks tryRLock");
        Call<Void> reader = goRun(() -> {
            rw.rLock();
            orderMu.lock();
            order.add("reader");
            orderMu.unlock();
            rw.rUnlock();
        });
        awaitWaitReason(reader.thread, "sync.RWMutex.RLock");
        rw.rUnlock();
        writer.await();
        reader.await();
        assertEquals(List.of("writer", "reader"), order);
    }

    @Test
    @DisplayName("RWMutex: readers blocked by a writer all get in when it unlocks")
    void readersGrantedOnUnlock() {
        RWMutex rw = new RWMutex();
        rw.lock();
        CountDownLatch inside = new CountDownLatch(5);
        CountDownLatch release = new CountDownLatch(1);
        List<Call<Void>> readers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            readers.add(goRun(() -> {
                rw.rLock();
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                rw.rUnlock();
            }));
        }
        for (Call<Void> c : readers) {
            awaitWaitReason(c.thread, "sync.RWMutex.RLock");
        }
        rw.unlock();
        try {
            assertTrue(inside.await(LONG.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        release.countDown();
        for (Call<Void> c : readers) {
            c.await();
        }
        assertTrue(rw.tryLock());
        rw.unlock();
    }

    @Test
    @DisplayName("RWMutex: RUnlock and Unlock of an unlocked RWMutex panic with Go's texts")
    void misusePanics() {
        RWMutex rw = new RWMutex();
        assertEquals("sync: RUnlock of unlocked RWMutex", assertThrows(GoPanic.class, rw::rUnlock).getMessage());
        assertEquals("sync: Unlock of unlocked RWMutex", assertThrows(GoPanic.class, rw::unlock).getMessage());
        rw.rLock();
        assertThrows(GoPanic.class, rw::unlock);
        rw.rUnlock();
        rw.lock();
        assertThrows(GoPanic.class, rw::rUnlock);
        rw.unlock();
    }

    @Test
    @DisplayName("RWMutex: read-locking past the reader limit panics, queued readers included, and leaves the lock usable")
    void readerLimitPanicsAndLeavesTheLockUsable() {
        int max = (1 << 28) - 1;   // the limit RWMutex's Javadoc states
        String overflow = "sync: RWMutex reader count overflow";
        RWMutex rw = new RWMutex();
        for (int i = 0; i < max; i++) {
            if (!rw.tryRLock()) {
                fail("tryRLock refused read lock " + (i + 1));
            }
        }
        assertEquals(overflow, assertThrows(GoPanic.class, rw::tryRLock).getMessage());
        assertEquals(overflow, assertThrows(GoPanic.class, rw::rLock).getMessage());
        assertFalse(rw.tryLock(), "the readers still hold it");

        rw.rUnlock();                             // max - 1 readers
        Call<Void> writer = goRun(rw::lock);             // waits for them, so new readers queue
        awaitWaitReason(writer.thread, "sync.RWMutex.Lock");
        Call<Void> queued = goRun(() -> {                // max - 1 holding + 1 queued: at the limit
            rw.rLock();
            rw.rUnlock();
        });
        awaitWaitReason(queued.thread, "sync.RWMutex.RLock");
        assertEquals(overflow, assertThrows(GoPanic.class, rw::rLock).getMessage(), "one more would queue past it");

        for (int i = 0; i < max - 1; i++) {
            rw.rUnlock();
        }
        writer.await();                     // the last reader let the writer in
        rw.unlock();                              // which lets the queued reader in
        queued.await();
        assertTrue(rw.tryLock(), "every reader has left: the lock is free");
        rw.unlock();
    }

    @Test
    @DisplayName("RWMutex: tryLock and tryRLock never block")
    void tryLocks() {
        RWMutex rw = new RWMutex();
        assertTrue(rw.tryLock());
        assertFalse(rw.tryLock());
        assertFalse(rw.tryRLock());
        rw.unlock();
        assertTrue(rw.tryRLock());
        assertTrue(rw.tryRLock());
        assertFalse(rw.tryLock());
        rw.rUnlock();
        rw.rUnlock();
        assertTrue(rw.tryLock());
        rw.unlock();
    }

    @Test
    @DisplayName("RWMutex: rLocker locks and unlocks for reading")
    void rLocker() {
        RWMutex rw = new RWMutex();
        Locker r = rw.rLocker();
        r.lock();
        assertTrue(rw.tryRLock());
        assertFalse(rw.tryLock());
        rw.rUnlock();
        r.unlock();
        assertTrue(rw.tryLock());
        rw.unlock();
    }

    @Test
    @DisplayName("RWMutex: interrupt ends a blocked rLock with GoInterruptedException, no read lock held")
    void interruptBlockedRLock() {
        RWMutex rw = new RWMutex();
        rw.lock();
        Call<Void> c = goRun(rw::rLock);
        awaitWaitReason(c.thread, "sync.RWMutex.RLock");
        c.thread.interrupt();
        assertInterrupted(c, "sync.RWMutex.RLock");
        rw.unlock();
        assertTrue(rw.tryLock(), "no reader was left counted in");
        rw.unlock();
    }

    @Test
    @DisplayName("RWMutex: interrupt ends a writer waiting for readers; blocked readers then get in")
    void interruptWriterWaitingForReaders() {
        RWMutex rw = new RWMutex();
        rw.rLock();
        Call<Void> writer = goRun(rw::lock);
        awaitWaitReason(writer.thread, "sync.RWMutex.Lock");
        Call<Void> reader = goRun(() -> {
            rw.rLock();
            rw.rUnlock();
        });
        awaitWaitReason(reader.thread, "sync.RWMutex.RLock");
        writer.thread.interrupt();
        assertInterrupted(writer, "sync.RWMutex.Lock");
        reader.await();
        rw.rUnlock();
        assertTrue(rw.tryLock());
        rw.unlock();
    }

    @Test
    @DisplayName("RWMutex: interrupt ends a writer waiting for another writer")
    void interruptWriterWaitingForWriter() {
        RWMutex rw = new RWMutex();
        rw.lock();
        Call<Void> writer = goRun(rw::lock);
        awaitWaitReason(writer.thread, "sync.RWMutex.Lock");
        writer.thread.interrupt();
        assertInterrupted(writer, "sync.RWMutex.Lock");
        rw.unlock();
        assertTrue(rw.tryLock());
        rw.unlock();
    }

    @Test
    @DisplayName("RWMutex: a waiting reader's delay is charged to the writer that unlocks, a waiting writer's to the last reader")
    void contentionIsChargedToTheUnlocker() {
        RWMutex rw = new RWMutex();
        List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread me = Thread.currentThread();
        io.go4j.internal.runtime.Hooks.ContentionListener old = io.go4j.internal.runtime.Hooks.setContentionListener(
                (kind, lock, nanos) -> {
                    if (lock == rw && nanos > 0) {
                        reports.add(kind + (Thread.currentThread() == me ? " by me" : " by another"));
                    }
                });
        try {
            rw.lock();
            Call<Void> reader = goRun(() -> {
                rw.rLock();
                rw.rUnlock();
            });
            awaitWaitReason(reader, "sync.RWMutex.RLock");
            rw.unlock();
            reader.await();
            rw.rLock();
            Call<Void> writer = goRun(() -> {
                rw.lock();
                rw.unlock();
            });
            awaitWaitReason(writer, "sync.RWMutex.Lock");
            rw.rUnlock();
            writer.await();
            if (io.go4j.internal.runtime.Hooks.CONTENTION) {
                assertEquals(List.of("sync.RWMutex.RLock by me", "sync.RWMutex.Lock by me"), reports);
            } else {
                assertEquals(List.of(), reports);
            }
        } finally {
            io.go4j.internal.runtime.Hooks.setContentionListener(old);
        }
    }
}
