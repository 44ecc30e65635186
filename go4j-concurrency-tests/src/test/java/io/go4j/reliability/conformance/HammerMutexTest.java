package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Chan;
import io.go4j.GoPanic;
import io.go4j.Select;
import io.go4j.reliability.Mode;
import io.go4j.sync.Mutex;
import io.go4j.sync.RWMutex;
import io.go4j.time.Time;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Mutex hammered by goroutines that mix blocking locks with tryLock keeps mutual exclusion and
 * never wedges; a goroutine that wants the lock gets it even while another re-locks it in a
 * tight loop; and each misuse of Mutex and RWMutex fails with Go's message about an unlocked
 * lock.
 *
 * <p>Mirrors Go's {@code sync/mutex_test.go}: {@code TestMutex} (TryLock fails on a locked and
 * succeeds on an unlocked mutex; then {@code HammerMutex}: 10 goroutines, 1000 iterations each,
 * every third a TryLock, the rest Lock/Unlock; Go checks that they finish), {@code
 * TestMutexFairness} (a goroutine holds the lock for 100 microseconds at a time in a loop; another
 * must still take it 10 times within 10 seconds, which Go's starvation mode guarantees) and
 * {@code TestMutexMisuse} (its eight ways to unlock what is not locked). Here the hammer also
 * checks exclusion: an occupancy count that must be exactly 1 inside, and a plain counter whose
 * final value must equal the number of acquisitions.
 */
@GoLeakCheck
class HammerMutexTest {

    private static final int GOROUTINES = 10;
    private static final int LOOPS = Mode.pick(20_000, 500_000);

    @Test
    @DisplayName("tryLock fails on a locked mutex and succeeds on an unlocked one")
    @SuppressWarnings("UnbalancedLock")   // deliberate: lock() and unlock() are the steps under test, with
                                          // assertions between them; a failing one leaves only this test's mutex locked
    void tryLockFollowsTheLockState() {
        Mutex m = new Mutex();
        m.lock();
        assertFalse(m.tryLock(), "TryLock succeeded with mutex locked");
        m.unlock();
        assertTrue(m.tryLock(), "TryLock failed with mutex unlocked");
        m.unlock();
    }

    @Test
    @DisplayName("HammerMutex: ten goroutines mixing lock and tryLock keep mutual exclusion and finish")
    void hammerMutex() {
        Mutex m = new Mutex();
        AtomicInteger inside = new AtomicInteger();
        AtomicLong acquisitions = new AtomicLong();
        long[] counter = {0}; // plain: only the lock protects it
        try (Goroutines g = new Goroutines("hammer mutex")) {
            for (int i = 0; i < GOROUTINES; i++) {
                g.go("hammer " + i, () -> {
                    for (int k = 0; k < LOOPS; k++) {
                        if (k % 3 == 0) {
                            if (m.tryLock()) {
                                try {
                                    critical(inside, counter, acquisitions);
                                } finally {
                                    m.unlock();
                                }
                            }
                            continue;
                        }
                        m.lock();
                        try {
                            critical(inside, counter, acquisitions); // fails if another goroutine is inside
                        } finally {
                            m.unlock();
                        }
                    }
                });
            }
            g.awaitAll();
        }
        m.lock(); // the last unlock happens-before this lock: counter is visible
        try {
            assertEquals(acquisitions.get(), counter[0], "increments made under the lock");
        } finally {
            m.unlock();
        }
    }

    private static void critical(AtomicInteger inside, long[] counter, AtomicLong acquisitions) {
        int n = inside.incrementAndGet();
        if (n != 1) {
            fail(n + " goroutines inside the critical section");
        }
        long c = counter[0];
        for (int spin = 0; spin < 16; spin++) {
            Thread.onSpinWait(); // stay inside a little: an intruder then overlaps this holder
        }
        counter[0] = c + 1;
        acquisitions.incrementAndGet();
        inside.decrementAndGet();
    }

    @Test
    @DisplayName("a goroutine gets the mutex ten times although another re-locks it in a loop")
    void waiterIsNotStarvedByALoopingHolder() {
        Mutex mu = new Mutex();
        Chan<Boolean> stop = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        try (Goroutines g = new Goroutines("mutex fairness")) {
            g.go("holder", () -> {
                while (true) {
                    mu.lock();
                    try {
                        Time.sleep(Duration.ofNanos(100_000)); // interrupted when a failed test ends
                    } finally {
                        mu.unlock();
                    }
                    if (Select.select(Select.recv(stop, v -> true), Select.defaultCase(() -> false))) {
                        return;
                    }
                }
            });
            g.go("waiter", () -> {
                for (int i = 0; i < 10; i++) {
                    Time.sleep(Duration.ofNanos(100_000));
                    mu.lock();
                    mu.unlock();
                }
                done.send(true);
            });
            Conformance.receive(done, "the waiter taking the mutex 10 times");
            stop.close();
            g.awaitAll();
        }
    }

    /** Go's TestMutexMisuse cases: each unlocks something not locked the way it claims. */
    @SuppressWarnings("UnbalancedLock")   // deliberate: each case is a misuse whose panic the test checks
    enum Misuse {
        MUTEX_UNLOCK("sync: unlock of unlocked mutex") {
            void run() {
                new Mutex().unlock();
            }
        },
        MUTEX_UNLOCK_TWICE("sync: unlock of unlocked mutex") {
            void run() {
                Mutex mu = new Mutex();
                mu.lock();
                mu.unlock();
                mu.unlock();
            }
        },
        RWMUTEX_UNLOCK("sync: Unlock of unlocked RWMutex") {
            void run() {
                new RWMutex().unlock();
            }
        },
        RWMUTEX_UNLOCK_OF_READ_LOCK("sync: Unlock of unlocked RWMutex") {
            void run() {
                RWMutex mu = new RWMutex();
                mu.rLock();
                mu.unlock();
            }
        },
        RWMUTEX_UNLOCK_TWICE("sync: Unlock of unlocked RWMutex") {
            void run() {
                RWMutex mu = new RWMutex();
                mu.lock();
                mu.unlock();
                mu.unlock();
            }
        },
        RWMUTEX_RUNLOCK("sync: RUnlock of unlocked RWMutex") {
            void run() {
                new RWMutex().rUnlock();
            }
        },
        RWMUTEX_RUNLOCK_OF_WRITE_LOCK("sync: RUnlock of unlocked RWMutex") {
            void run() {
                RWMutex mu = new RWMutex();
                mu.lock();
                mu.rUnlock();
            }
        },
        RWMUTEX_RUNLOCK_TWICE("sync: RUnlock of unlocked RWMutex") {
            void run() {
                RWMutex mu = new RWMutex();
                mu.rLock();
                mu.rUnlock();
                mu.rUnlock();
            }
        };

        final String message;

        Misuse(String message) {
            this.message = message;
        }

        abstract void run();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Misuse.class)
    @DisplayName("unlocking what is not locked fails with Go's message")
    void misuseFailsWithGosMessage(Misuse misuse) {
        try {
            misuse.run();
        } catch (GoPanic p) {
            assertEquals(misuse.message, p.getMessage());
            assertTrue(p.getMessage().contains("unlocked"), "Go's test looks for \"unlocked\"");
            return;
        }
        fail(misuse + ": no GoPanic");
    }
}
