package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static io.go4j.reliability.TestSupport.awaitWaitReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.go4j.Chan;
import io.go4j.reliability.Mode;
import io.go4j.sync.Cond;
import io.go4j.sync.Mutex;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Cond's Signal wakes exactly one waiter, and one that was waiting when it was called, never a
 * goroutine that starts waiting afterwards; Broadcast wakes every waiter exactly once, round
 * after round; and a waiter already waiting when Broadcast is called is woken even if another
 * goroutine starts waiting at the same moment.
 *
 * <p>Mirrors Go's {@code sync/cond_test.go}: {@code TestCondSignal} (two waiters; each Signal
 * wakes one, never two), {@code TestCondSignalGenerations} (100 goroutines wait one after
 * another, each started before the previous one has woken; the i-th Signal must wake the i-th
 * goroutine, the one waiting when it was sent, not the next one, which may already be on its
 * way into Wait),
 * {@code TestCondBroadcast} (200 goroutines loop on Wait; each of 200 Broadcasts must wake all
 * of them, each once), {@code TestRace} (three goroutines hand a value along through Signal and
 * Wait, each seeing the value the previous one set) and {@code TestCondSignalStealing} (a
 * Broadcast racing with a new waiter must still wake the waiter that was already there).
 */
@GoLeakCheck
class CondSignalBroadcastTest {

    /*
     * Every lock is released in a finally: a failing assertion, or the interrupt with which
     * Goroutines.close ends the goroutines of a failed test, must not leave m locked. (An
     * interrupted await re-acquires m before it throws, and cannot be interrupted while it does:
     * with m left locked, every other waiter would stay parked in that re-acquisition.)
     */

    @Test
    @DisplayName("each Signal wakes exactly one of two waiters")
    @SuppressWarnings("CondAwaitOutsideLoop")   // deliberate: one await per waiter, so that each Signal's one
                                                // wake-up is counted (a loop would absorb a second one)
    void signalWakesOneAtATime() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = 2;
        Chan<Boolean> running = Chan.make(n);
        Chan<Boolean> awake = Chan.make(n);
        try (Goroutines g = new Goroutines("cond signal")) {
            for (int i = 0; i < n; i++) {
                g.go("waiter " + i, () -> {
                    m.lock();
                    try {
                        running.send(true);
                        c.await();
                        awake.send(true);
                    } finally {
                        m.unlock();
                    }
                });
            }
            for (int i = 0; i < n; i++) {
                running.recv(); // every waiter holds or has released the lock into await
            }
            for (int left = n; left > 0; left--) {
                assertNull(awake.tryRecv(), "goroutine not asleep");
                m.lock();
                try {
                    c.signal();
                } finally {
                    m.unlock();
                }
                awake.recv(); // deadlocks if no goroutine wakes up
                assertNull(awake.tryRecv(), "too many goroutines awake");
            }
            c.signal(); // with nobody waiting: no effect
            g.awaitAll();
        }
    }

    @Test
    @DisplayName("a Signal wakes the goroutine that was waiting when it was sent, not one arriving after it")
    @SuppressWarnings("CondAwaitOutsideLoop")   // deliberate: one await per waiter, so that the waiter a Signal
                                                // wakes is seen (a loop would hide one of the wrong generation)
    void signalWakesAGoroutineOfItsGeneration() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = 100;
        Chan<Boolean> running = Chan.make(n);
        Chan<Integer> awake = Chan.make(n);
        try (Goroutines g = new Goroutines("cond generations")) {
            for (int i = 0; i < n; i++) {
                int me = i;
                g.go("waiter " + i, () -> {
                    m.lock();
                    try {
                        running.send(true);
                        c.await();
                        awake.send(me);
                    } finally {
                        m.unlock();
                    }
                });
                if (i > 0) {
                    assertEquals(i - 1, awake.recv(), "wrong goroutine woke up");
                }
                running.recv();
                m.lock(); // waiter i is in await once it released the lock
                try {
                    c.signal();
                } finally {
                    m.unlock();
                }
            }
            assertEquals(n - 1, awake.recv());
            g.awaitAll();
        }
    }

    @Test
    @DisplayName("each Broadcast wakes every waiter exactly once, round after round")
    void broadcastWakesEveryoneEachRound() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = Mode.pick(50, 200);
        Chan<Integer> running = Chan.make(n);
        Chan<Integer> awake = Chan.make(n);
        boolean[] exit = {false}; // guarded by m
        try (Goroutines g = new Goroutines("cond broadcast")) {
            for (int i = 0; i < n; i++) {
                int me = i;
                g.go("waiter " + i, () -> {
                    m.lock();
                    try {
                        while (!exit[0]) {
                            running.send(me);
                            c.await();
                            awake.send(me);
                        }
                    } finally {
                        m.unlock();
                    }
                });
            }
            for (int round = 0; round < n; round++) {
                for (int i = 0; i < n; i++) {
                    running.recv(); // deadlocks unless all n are waiting again
                }
                if (round == n - 1) {
                    m.lock();
                    exit[0] = true;
                    m.unlock();
                }
                assertNull(awake.tryRecv(), "goroutine not asleep");
                m.lock();
                try {
                    c.broadcast();
                } finally {
                    m.unlock();
                }
                boolean[] seen = new boolean[n];
                for (int i = 0; i < n; i++) {
                    int who = awake.recv();
                    assertFalse(seen[who], "round " + round + ": goroutine " + who + " woke up twice");
                    seen[who] = true;
                }
            }
            g.awaitAll();
            assertNull(running.tryRecv(), "goroutine did not exit");
        }
    }

    @Test
    @DisplayName("three goroutines handing a value along with Signal and Wait each see the previous one's write")
    @SuppressWarnings("CondAwaitOutsideLoop")   // deliberate: Go's TestRace, where each await is woken by the one
                                                // Signal that hands the value on, and checks it
    void handOffThroughSignalAndWait() {
        Cond c = new Cond(new Mutex());
        int[] x = {0}; // guarded by c's locker
        try (Goroutines g = new Goroutines("cond race")) {
            g.go("first", () -> {
                c.locker().lock();
                try {
                    x[0] = 1;
                    c.await();
                    assertEquals(2, x[0], "want 2");
                    x[0] = 3;
                    c.signal();
                } finally {
                    c.locker().unlock();
                }
            });
            g.go("second", () -> {
                c.locker().lock();
                while (x[0] != 1) {
                    c.locker().unlock();
                    Conformance.yieldInSpin();
                    c.locker().lock();
                }
                x[0] = 2;
                c.signal();
                c.locker().unlock();
            });
            g.go("third", () -> {
                c.locker().lock();
                while (true) {
                    if (x[0] == 2) {
                        c.await();
                        assertEquals(3, x[0], "want 3");
                        break;
                    }
                    if (x[0] == 3) {
                        break;
                    }
                    c.locker().unlock();
                    Conformance.yieldInSpin();
                    c.locker().lock();
                }
                c.locker().unlock();
            });
            g.awaitAll();
        }
    }

    @Test
    @DisplayName("a Broadcast racing with a new waiter still wakes the waiter that was already there")
    @SuppressWarnings("CondAwaitOutsideLoop")   // deliberate: the first waiter's one await must be woken by the
                                                // one Broadcast, which is what the test checks
    void broadcastIsNotStolenByANewWaiter() {
        int iterations = Mode.pick(300, 5_000);
        for (int it = 0; it < iterations; it++) {
            Mutex m = new Mutex();
            Cond cond = new Cond(m);
            Chan<Boolean> ch = Chan.make();
            boolean[] done = {false}; // guarded by m
            try (Goroutines g = new Goroutines("cond stealing, iteration " + it)) {
                Thread first = g.go("first waiter", () -> {
                    m.lock();
                    try {
                        ch.send(true);
                        cond.await();
                    } finally {
                        m.unlock();
                    }
                    ch.send(true);
                });
                ch.recv();
                m.lock(); // the first waiter released m: it is inside await
                m.unlock();
                awaitWaitReason(first, "sync.Cond.Wait");

                g.go("broadcaster", cond::broadcast);
                g.go("second waiter", () -> {
                    m.lock();
                    try {
                        while (!done[0]) {
                            cond.await();
                        }
                    } finally {
                        m.unlock();
                    }
                });
                Conformance.receive(ch, "iteration " + it + ": the first waiter woken by the broadcast");

                m.lock(); // release the second waiter in case the broadcast missed it
                done[0] = true;
                m.unlock();
                cond.broadcast();
                g.awaitAll();
            }
        }
    }
}
