package io.go4j.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.internal.runtime.Scheduling;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What go4j-sched promises a program run with {@code -Dgo4j.scheduler=go} (this module's test
 * JVMs are): goroutines run on its carriers, virtual threads started by goroutines too, work is
 * queued where Go queues it, and nothing starves or stalls for good.
 */
@Timeout(60)
class GoSchedulerTest {

    /** Bound on anything that must happen; a correct scheduler needs a tiny fraction of it. */
    private static final Duration LONG = Duration.ofSeconds(20);

    private static <T> T inGoroutine(java.util.function.Supplier<T> body) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Go.go(() -> {
            try {
                result.complete(body.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(LONG.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void goroutinesRunOnGoSchedsCarriersWhenItIsSelected() throws Exception {
        assertTrue(GoScheduler.isSelected());
        assertTrue(inGoroutine(GoScheduler::isCurrentThreadScheduled));
        assertFalse(GoScheduler.isCurrentThreadScheduled(), "the test's own platform thread is not");
        assertNotNull(GoScheduler.stats());
    }

    @Test
    void aGoroutineKnowsTheNumberOfItsCarrierAndThePlatformThreadKnowsNone() throws Exception {
        int proc = inGoroutine(() -> {
            int p = Scheduling.currentProc();
            assertTrue(Thread.currentThread().toString().endsWith("@go4j-sched-P" + p),
                    "the virtual thread's description names its carrier: " + Thread.currentThread());
            return p;
        });
        assertTrue(proc >= 0, "a core carrier's number: " + proc);
        assertEquals(-1, Scheduling.currentProc(), "the test's own platform thread runs on no P");
    }

    @Test
    void aVirtualThreadStartedByAGoroutineInheritsTheScheduler() throws Exception {
        assertTrue(inGoroutine(() -> {
            CompletableFuture<Boolean> child = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> child.complete(GoScheduler.isCurrentThreadScheduled()));
            return child.join();
        }));
    }

    @Test
    void aVirtualThreadStartedOutsideGoroutinesStaysOnTheJdksScheduler() throws Exception {
        CompletableFuture<Boolean> plain = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> plain.complete(GoScheduler.isCurrentThreadScheduled()));
        assertFalse(plain.get(LONG.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void goroutinesStartedByAGoroutineGoToItsCarriersRunnextAndFromOtherThreadsToTheGlobalQueue() throws Exception {
        int n = 1_000;
        GoScheduler.Stats before = GoScheduler.stats();
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(wg::done);                                   // from this platform thread
        }
        wg.await();
        GoScheduler.Stats mid = GoScheduler.stats();
        assertTrue(mid.globalPuts() - before.globalPuts() >= n, () -> before + " -> " + mid);

        inGoroutine(() -> {
            WaitGroup inner = new WaitGroup();
            inner.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(inner::done);                            // from a goroutine: Go's newproc puts it in runnext
            }
            inner.await();
            return null;
        });
        GoScheduler.Stats after = GoScheduler.stats();
        assertTrue(after.runnextPuts() - mid.runnextPuts() >= n, () -> mid + " -> " + after);
    }

    @Test
    void workFromAnotherThreadWakesAnIdleCarrierAndTheWakeupIsCounted() throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        io.go4j.internal.runtime.SchedState s;
        while ((s = Scheduling.provider().state()).idleProcs() < GoScheduler.stats().procs() || s.spinning() > 0) {
            assertTrue(System.nanoTime() - deadline < 0, "the scheduler never went idle: " + s);
            Thread.sleep(1);   // waits for the carriers to finish the earlier tests' work and park
        }
        GoScheduler.Stats before = GoScheduler.stats();
        CountDownLatch ran = new CountDownLatch(1);
        Go.go(ran::countDown);   // to the global queue; every carrier idle, none spinning: wakep wakes one
        assertTrue(ran.await(LONG.toSeconds(), TimeUnit.SECONDS));
        GoScheduler.Stats after = GoScheduler.stats();
        assertTrue(after.wakeups() > before.wakeups(), () -> before + " -> " + after);
    }

    @Test
    void aHundredThousandGoroutinesAllRunToTheEnd() throws Exception {
        int n = 100_000;
        AtomicLong sum = new AtomicLong();
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = 1; i <= n; i++) {
            long v = i;
            Go.go(() -> {
                sum.addAndGet(v);
                wg.done();
            });
        }
        wg.await();
        assertEquals((long) n * (n + 1) / 2, sum.get());
    }

    @Test
    void valuesPassedDownAChainOfAThousandGoroutinesArriveInOrder() throws Exception {
        int links = 1_000;
        Chan<Integer> first = Chan.make();
        Chan<Integer> in = first;
        for (int i = 0; i < links; i++) {
            Chan<Integer> from = in;
            Chan<Integer> to = Chan.make();
            Go.go(() -> {
                for (Integer v : from) {
                    to.send(v + 1);
                }
                to.close();
            });
            in = to;
        }
        Chan<Integer> last = in;
        Go.go(() -> {
            for (int i = 0; i < 100; i++) {
                first.send(i);
            }
            first.close();
        });
        int expected = links;
        for (Integer v : last) {
            assertEquals(expected++, v);
        }
        assertEquals(links + 100, expected);
    }

    @Test
    void aHundredGoroutinesContendingForOneMutexLoseNoUpdate() throws Exception {
        int goroutines = 100;
        int each = 2_000;
        Mutex mu = new Mutex();
        long[] counter = {0};
        WaitGroup wg = new WaitGroup();
        wg.add(goroutines);
        for (int g = 0; g < goroutines; g++) {
            Go.go(() -> {
                for (int i = 0; i < each; i++) {
                    mu.lock();
                    counter[0]++;
                    mu.unlock();
                    if (i % 64 == 0) {
                        Thread.yield();
                    }
                }
                wg.done();
            });
        }
        wg.await();
        mu.lock();
        try {
            assertEquals((long) goroutines * each, counter[0]);
        } finally {
            mu.unlock();
        }
    }

    @Test
    void goroutinesBlockedInPipeReadsOnEveryCarrierDoNotStallTheOthers() throws Exception {
        int procs = GoScheduler.stats() == null ? 2 : GoScheduler.stats().procs();
        Process[] sleepers = new Process[procs];
        CountDownLatch reading = new CountDownLatch(procs);
        Thread[] readers = new Thread[procs];
        try {
            for (int i = 0; i < procs; i++) {
                sleepers[i] = new ProcessBuilder("sleep", "60").start();
                Process p = sleepers[i];
                readers[i] = Go.go(() -> {
                    reading.countDown();
                    try {
                        p.getInputStream().read();   // blocks its carrier until the process ends
                    } catch (java.io.IOException ignored) {
                        // the process was destroyed
                    }
                });
            }
            assertTrue(reading.await(LONG.toSeconds(), TimeUnit.SECONDS));
            // A ping-pong between two new goroutines completes while every reader still blocks.
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                for (Integer v : ping) {
                    pong.send(v);
                }
            });
            CompletableFuture<Integer> done = new CompletableFuture<>();
            Go.go(() -> {
                int got = 0;
                for (int i = 0; i < 1_000; i++) {
                    ping.send(i);
                    got += pong.recv() == i ? 1 : 0;
                }
                ping.close();
                done.complete(got);
            });
            assertEquals(1_000, done.get(LONG.toSeconds(), TimeUnit.SECONDS));
            for (Process p : sleepers) {
                assertTrue(p.isAlive(), "the readers were still blocked while the others ran");
            }
        } finally {
            for (Process p : sleepers) {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
            for (Thread t : readers) {
                if (t != null) {
                    assertTrue(t.join(LONG));
                }
            }
        }
    }

    @Test
    void goroutinesThatNeverBlockOnEveryCarrierDoNotStarveANewOneForever() throws Exception {
        int procs = GoScheduler.stats() == null ? 2 : GoScheduler.stats().procs();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(procs);
        Thread[] hogs = new Thread[procs];
        try {
            for (int i = 0; i < procs; i++) {
                hogs[i] = Go.go(() -> {
                    spinning.countDown();
                    while (!stop.get()) {
                        Thread.onSpinWait();
                    }
                });
            }
            assertTrue(spinning.await(LONG.toSeconds(), TimeUnit.SECONDS));
            CompletableFuture<Boolean> ran = new CompletableFuture<>();
            Go.go(() -> ran.complete(!stop.get()));
            assertTrue(ran.get(LONG.toSeconds(), TimeUnit.SECONDS), "ran while the hogs still spun");
        } finally {
            stop.set(true);
            for (Thread t : hogs) {
                if (t != null) {
                    assertTrue(t.join(LONG));
                }
            }
        }
    }

    @Test
    void setMaxProcsAddsAndRetiresCarriersAndGoroutinesRunThroughout() throws Exception {
        int before = Go.maxProcs();
        assertEquals(before, GoScheduler.stats().procs());
        try {
            assertEquals(before, Go.setMaxProcs(before + 2));
            assertEquals(before + 2, Go.maxProcs());
            assertTrue(GoScheduler.stats().carriers() >= before + 2);
            aHundredThousandGoroutinesAllRunToTheEnd();
        } finally {
            assertEquals(before + 2, Go.setMaxProcs(before));
        }
        assertEquals(before, Go.maxProcs());
        long deadline = System.nanoTime() + LONG.toNanos();
        while (GoScheduler.stats().carriers() > before) {   // the excess carriers leave once idle
            assertTrue(System.nanoTime() - deadline < 0, () -> "carriers left: " + GoScheduler.stats());
            Thread.sleep(1);
        }
        aHundredThousandGoroutinesAllRunToTheEnd();
    }

    @Test
    void carriersBeyondALoweredMaxProcsLeaveEvenWhenTheyWereGoingIdleAsItWasLowered() throws Exception {
        // new carriers go idle at once, so lowering GOMAXPROCS right after raising it races with
        // their going idle; a carrier marked retiring just before it idled used to sleep for ever
        int before = Go.maxProcs();
        int rounds = System.getenv("CI") != null ? 200 : 1_000;
        for (int i = 0; i < rounds; i++) {
            Go.setMaxProcs(before + 2);
            Go.setMaxProcs(before);
            long deadline = System.nanoTime() + LONG.toNanos();
            while (GoScheduler.stats().carriers() > before) {
                int round = i;
                assertTrue(System.nanoTime() - deadline < 0, () -> "round " + round + ", carriers left: " + GoScheduler.stats());
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void aGoroutineDoesNotSpinWhileAPeerWaitsToRunOnItsCarrier() throws Exception {
        int before = Go.setMaxProcs(1);   // one carrier: no other carrier can steal the peer away
        try {
            long deadline = System.nanoTime() + LONG.toNanos();
            while (GoScheduler.stats().carriers() > 1) {   // the excess carriers leave once idle
                assertTrue(System.nanoTime() - deadline < 0, () -> "carriers left: " + GoScheduler.stats());
                Thread.sleep(1);
            }
            boolean[] seen = inGoroutine(() -> {
                Chan<Integer> done = Chan.make();
                Go.go(() -> done.send(1));                     // Go's newproc: into this carrier's runnext
                boolean whileQueued = Scheduling.spinning();
                done.recv();                                   // gives the carrier up: the peer runs
                return new boolean[] {whileQueued, Scheduling.spinning()};
            });
            assertFalse(seen[0], "spinning allowed while the peer waited in this carrier's runnext");
            assertTrue(seen[1], "spinning refused once the carrier's queues were empty again");
        } finally {
            Go.setMaxProcs(before);
        }
    }
}
