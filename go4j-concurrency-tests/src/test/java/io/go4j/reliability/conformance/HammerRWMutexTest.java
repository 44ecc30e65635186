package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Chan;
import io.go4j.reliability.Mode;
import io.go4j.sync.Locker;
import io.go4j.sync.RWMutex;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An RWMutex lets any number of readers in together and a writer in alone: readers really hold
 * it at the same time, a hammer of readers and writers never sees a writer with company, the
 * try forms agree with the lock's state, and its read Locker is a read lock that respects a
 * waiting writer.
 *
 * <p>Mirrors Go's {@code sync/rwmutex_test.go}: {@code TestParallelReaders} (n readers each take
 * the read lock and report it, and only then are all told to release: this deadlocks unless all
 * hold it at once), {@code TestRWMutex} (TryLock/TryRLock against each state, then {@code
 * HammerRWMutex}: two writers and n readers share an activity counter, readers adding 1 and
 * writers 10000 while inside; a reader must see a count below 10000 and a writer exactly 10000)
 * and {@code TestRLocker} (a goroutine takes the read Locker twice, then the write lock; the
 * write lock must wait until both read locks are released, and the read Locker must wait for the
 * writer).
 */
@GoLeakCheck
class HammerRWMutexTest {

    private static final int ITERATIONS = Mode.pick(2_000, 50_000);

    @ParameterizedTest(name = "{0} readers")
    @ValueSource(ints = {1, 3, 4, 50})
    @DisplayName("all readers hold the read lock at the same time")
    void parallelReaders(int readers) {
        RWMutex m = new RWMutex();
        Chan<Boolean> locked = Chan.make();
        Chan<Boolean> unlock = Chan.make();
        Chan<Boolean> done = Chan.make();
        try (Goroutines g = new Goroutines("parallel readers")) {
            for (int i = 0; i < readers; i++) {
                g.go("reader " + i, () -> {
                    m.rLock();
                    try {
                        locked.send(true);
                        unlock.recv();
                    } finally {
                        m.rUnlock();
                    }
                    done.send(true);
                });
            }
            for (int i = 0; i < readers; i++) {
                locked.recv(); // deadlocks unless every reader holds the lock at once
            }
            for (int i = 0; i < readers; i++) {
                unlock.send(true);
            }
            for (int i = 0; i < readers; i++) {
                done.recv();
            }
            g.awaitAll();
        }
    }

    @Test
    @DisplayName("tryLock and tryRLock agree with the lock's state")
    @SuppressWarnings("UnbalancedLock")   // deliberate: lock() and unlock() are the steps under test, with
                                          // assertions between them; a failing one leaves only this test's mutex locked
    void tryFormsFollowTheState() {
        RWMutex m = new RWMutex();
        m.lock();
        assertFalse(m.tryLock(), "TryLock succeeded with mutex locked");
        assertFalse(m.tryRLock(), "TryRLock succeeded with mutex locked");
        m.unlock();
        assertTrue(m.tryLock(), "TryLock failed with mutex unlocked");
        m.unlock();
        assertTrue(m.tryRLock(), "TryRLock failed with mutex unlocked");
        assertTrue(m.tryRLock(), "TryRLock failed with mutex rlocked");
        assertFalse(m.tryLock(), "TryLock succeeded with mutex rlocked");
        m.rUnlock();
        m.rUnlock();
    }

    @ParameterizedTest(name = "{0} readers")
    @ValueSource(ints = {1, 3, 10, 5})
    @DisplayName("HammerRWMutex: a writer is never inside with anyone, readers only with readers")
    void hammerRWMutex(int readers) {
        RWMutex rw = new RWMutex();
        AtomicInteger activity = new AtomicInteger(); // readers inside + 10000 * writers inside
        try (Goroutines g = new Goroutines("hammer rwmutex, " + readers + " readers")) {
            g.go("writer 0", () -> writer(rw, activity));
            int i = 0;
            for (; i < readers / 2; i++) {
                g.go("reader " + i, () -> reader(rw, activity));
            }
            g.go("writer 1", () -> writer(rw, activity));
            for (; i < readers; i++) {
                g.go("reader " + i, () -> reader(rw, activity));
            }
            g.awaitAll();
        }
    }

    private static void reader(RWMutex rw, AtomicInteger activity) {
        for (int i = 0; i < ITERATIONS; i++) {
            rw.rLock();
            try {
                int n = activity.incrementAndGet();
                if (n < 1 || n >= 10000) {
                    fail("a reader saw activity " + n + ": a writer is inside");
                }
                stayInside();
                activity.decrementAndGet();
            } finally {
                rw.rUnlock();
            }
        }
    }

    private static void writer(RWMutex rw, AtomicInteger activity) {
        for (int i = 0; i < ITERATIONS; i++) {
            rw.lock();
            try {
                int n = activity.addAndGet(10000);
                if (n != 10000) {
                    fail("a writer saw activity " + n + ": someone else is inside");
                }
                stayInside();
                activity.addAndGet(-10000);
            } finally {
                rw.unlock();
            }
        }
    }

    /** Stays in the critical section a little, as Go's loop of 100 empty iterations does, so intruders overlap. */
    private static void stayInside() {
        for (int spin = 0; spin < 16; spin++) {
            Thread.onSpinWait();
        }
    }

    @Test
    @DisplayName("the read Locker read-locks, and respects the write lock")
    void rLockerIsAReadLock() {
        RWMutex wl = new RWMutex();
        Locker rl = wl.rLocker();
        Chan<Boolean> wlocked = Chan.make(1);
        Chan<Boolean> rlocked = Chan.make(1);
        int n = 10;
        try (Goroutines g = new Goroutines("rlocker")) {
            g.go("locker", () -> {
                for (int i = 0; i < n; i++) {
                    rl.lock();
                    rl.lock();
                    rlocked.send(true);
                    wl.lock();
                    wlocked.send(true);
                }
            });
            for (int i = 0; i < n; i++) {
                rlocked.recv();
                rl.unlock();
                assertNull(wlocked.tryRecv(), "RLocker() didn't read-lock it: the writer got in past a reader");
                rl.unlock();
                wlocked.recv();
                assertNull(rlocked.tryRecv(), "RLocker() didn't respect the write lock");
                wl.unlock();
            }
            g.awaitAll();
        }
    }
}
