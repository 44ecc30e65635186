package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.go4j.Chan;
import io.go4j.reliability.Mode;
import io.go4j.sync.WaitGroup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A WaitGroup is a barrier that can be used round after round: await returns only once the
 * counter is zero, never before (no spurious wake-up), and a WaitGroup whose await has returned
 * works again for the next round.
 *
 * <p>Mirrors Go's {@code sync/waitgroup_test.go}: {@code TestWaitGroup} (two WaitGroups of 16:
 * goroutines call {@code wg1.Done(); wg2.Wait()}; once wg1.Wait returns, none of them may have
 * passed wg2 before the main goroutine has called wg2.Done 16 times, and then all must; the same
 * two WaitGroups are used for 8 rounds "to ensure barrier is in a proper state") and {@code
 * TestWaitGroupRace} (two goroutines each increment a counter and call Done; after Wait the
 * counter must be 2: "spurious wakeup from Wait"). go4j-core's WaitGroupTest covers reuse after
 * one await; this runs Go's rounds and many race rounds.
 */
@GoLeakCheck
class WaitGroupBarrierTest {

    @Test
    @DisplayName("two WaitGroups used as barriers for eight rounds release nobody too soon and everybody in the end")
    void barrierRoundsReuseTheSameWaitGroups() {
        WaitGroup wg1 = new WaitGroup();
        WaitGroup wg2 = new WaitGroup();
        int n = 16;
        try (Goroutines g = new Goroutines("waitgroup barrier")) {
            for (int round = 0; round < Mode.pick(8, 200); round++) {
                wg1.add(n);
                wg2.add(n);
                Chan<Boolean> exited = Chan.make(n);
                for (int i = 0; i < n; i++) {
                    g.go("round " + round + " goroutine " + i, () -> {
                        wg1.done();
                        wg2.await();
                        exited.send(true);
                    });
                }
                wg1.await();
                for (int i = 0; i < n; i++) {
                    assertNull(exited.tryRecv(), "round " + round + ": WaitGroup released group too soon");
                    wg2.done();
                }
                for (int i = 0; i < n; i++) {
                    exited.recv(); // blocks if the barrier failed to release someone
                }
            }
            g.awaitAll();
        }
    }

    @Test
    @DisplayName("await returns only after both goroutines' increments: no spurious wake-up")
    void noSpuriousWakeup() {
        int rounds = Mode.pick(5_000, 100_000);
        try (Goroutines g = new Goroutines("waitgroup race")) {
            for (int i = 0; i < rounds; i++) {
                WaitGroup wg = new WaitGroup();
                int[] n = {0};
                Object lock = new Object();
                for (int k = 0; k < 2; k++) {
                    wg.add(1);
                    g.go("incrementer", () -> {
                        synchronized (lock) {
                            n[0]++;
                        }
                        wg.done();
                    });
                }
                wg.await();
                synchronized (lock) {
                    assertEquals(2, n[0], "round " + i + ": spurious wakeup from await");
                }
            }
            g.awaitAll();
        }
    }
}
