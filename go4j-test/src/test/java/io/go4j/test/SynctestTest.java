package io.go4j.test;

import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.GoPanic;
import io.go4j.Select;
import io.go4j.context.CancelContext;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;
import io.go4j.errgroup.Group;
import io.go4j.sync.Cond;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import io.go4j.time.Ticker;
import io.go4j.time.Time;
import io.go4j.time.Timer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Synctest: virtual time in a bubble, Go 1.25's testing/synctest. */
@Timeout(60)
class SynctestTest {
    private static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    // ---- the clock -------------------------------------------------------------------------

    @Test
    @DisplayName("the clock of a bubble starts at midnight UTC 2000-01-01, as Go's does")
    void theClockStartsAtGosBaseTime() {
        AtomicReference<Instant> seen = new AtomicReference<>();
        Synctest.test(() -> seen.set(Time.now()));
        assertEquals(EPOCH, seen.get());
    }

    @Test
    @DisplayName("Time.now outside a bubble is the real clock")
    void timeNowOutsideABubbleIsTheRealClock() {
        Instant before = Instant.now();
        Instant now = Time.now();
        assertFalse(now.isBefore(before));
        assertTrue(now.isAfter(EPOCH.plus(Duration.ofDays(365 * 20))));
    }

    @Test
    @DisplayName("a ten-minute sleep in a bubble takes well under a second, and exactly ten minutes of fake time")
    void aTenMinuteSleepRunsInWellUnderASecond() {
        AtomicReference<Instant> after = new AtomicReference<>();
        long t0 = System.nanoTime();
        Synctest.test(() -> {
            Time.sleep(Duration.ofMinutes(10));
            after.set(Time.now());
        });
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertEquals(EPOCH.plus(Duration.ofMinutes(10)), after.get());
        // Typically a few milliseconds; the bound only proves that nothing waited in real time.
        assertTrue(took.compareTo(Duration.ofMinutes(10).dividedBy(100)) < 0, "took " + took);
    }

    @Test
    @DisplayName("two goroutines sleeping 1s and 2s wake in order at exactly +1s and +2s")
    void sleepersWakeInOrderAtExactTimes() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Synctest.test(() -> {
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                Time.sleep(Duration.ofSeconds(2));
                log.add("b " + Duration.between(EPOCH, Time.now()));
            });
            wg.go(() -> {
                Time.sleep(Duration.ofSeconds(1));
                log.add("a " + Duration.between(EPOCH, Time.now()));
            });
            wg.await();
        });
        assertEquals(List.of("a PT1S", "b PT2S"), log);
    }

    @Test
    @DisplayName("time does not advance while a goroutine of the bubble is running, even if it computes a long while")
    void timeDoesNotAdvanceWhileAGoroutineRuns() {
        AtomicReference<String> order = new AtomicReference<>("");
        Synctest.test(() -> {
            go(() -> {
                Time.sleep(Duration.ofNanos(1));
                order.getAndUpdate(s -> s + "timer;");
            });
            long spinUntil = System.nanoTime() + 200_000_000L;   // 200 ms of real work, never blocking
            while (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            }
            order.getAndUpdate(s -> s + "computed;");
            assertEquals(EPOCH, Time.now(), "no fake time passed while running");
            Time.sleep(Duration.ofNanos(1));   // time stops once the body returns: let the timer fire first
        });
        assertEquals("computed;timer;", order.get());
    }

    @Test
    @DisplayName("time does not advance while a goroutine just woken by a peer has not run yet")
    void timeDoesNotAdvanceWhileAWokenGoroutineHasNotRunYet() {
        // A wakes B and parks at once; B must be counted runnable from the moment A woke it,
        // or the bubble looks idle and the 1 ns timer fires before B records the time.
        List<Instant> seen = Collections.synchronizedList(new ArrayList<>());
        Synctest.test(() -> {
            for (int i = 0; i < 200; i++) {
                Chan<Integer> ping = Chan.make();
                Chan<Integer> done = Chan.make();
                Instant start = Time.now();
                go(() -> {
                    ping.recv();
                    seen.add(Time.now());
                    done.send(1);
                });
                Timer t = Time.newTimer(Duration.ofNanos(1));
                ping.send(1);
                done.recv();
                assertEquals(start, seen.get(seen.size() - 1));
                t.stop();
                Time.sleep(Duration.ofNanos(1));
            }
        });
        assertEquals(200, seen.size());
    }

    // ---- timers, tickers, contexts ---------------------------------------------------------

    @Test
    @DisplayName("Time.after and a Timer fire at their exact fake deadlines")
    void afterAndTimerFireAtTheirDeadlines() {
        Synctest.test(() -> {
            Instant got = Time.after(Duration.ofSeconds(3)).recv();
            assertEquals(EPOCH.plusSeconds(3), got);
            Timer t = Time.newTimer(Duration.ofMillis(1500));
            assertEquals(EPOCH.plusMillis(4500), t.c().recv());
            assertFalse(t.stop(), "already fired");
            assertFalse(t.reset(Duration.ofSeconds(1)), "had fired");
            assertTrue(t.stop(), "stopped before it fired");
            assertEquals(EPOCH.plusMillis(4500), Time.now());
        });
    }

    @Test
    @DisplayName("a Ticker ticks at exact multiples of its period")
    void aTickerTicksAtExactTimes() {
        List<Instant> ticks = new ArrayList<>();
        Synctest.test(() -> {
            try (Ticker ticker = Time.newTicker(Duration.ofSeconds(10))) {
                for (int i = 0; i < 4; i++) {
                    ticks.add(ticker.c().recv());
                }
            }
        });
        assertEquals(List.of(EPOCH.plusSeconds(10), EPOCH.plusSeconds(20), EPOCH.plusSeconds(30),
                EPOCH.plusSeconds(40)), ticks);
    }

    @Test
    @DisplayName("Ticker.reset restarts the period from the fake now; Time.tick ticks on the fake clock too")
    void tickerResetAndTickUseTheFakeClock() {
        Synctest.test(() -> {
            try (Ticker ticker = Time.newTicker(Duration.ofSeconds(10))) {
                assertEquals(EPOCH.plusSeconds(10), ticker.c().recv());
                Time.sleep(Duration.ofSeconds(3));
                ticker.reset(Duration.ofSeconds(5));
                assertEquals(EPOCH.plusSeconds(18), ticker.c().recv());
                assertEquals(EPOCH.plusSeconds(23), ticker.c().recv());
            }
            var tick = Time.tick(Duration.ofMinutes(1));
            assertEquals(EPOCH.plusSeconds(23 + 60), tick.recv());
            assertEquals(EPOCH.plusSeconds(23 + 120), tick.recv());
        });
    }

    @Test
    @DisplayName("afterFunc runs its function in a goroutine of the bubble, at the fake deadline")
    void afterFuncRunsInTheBubble() {
        AtomicReference<Instant> ranAt = new AtomicReference<>();
        Synctest.test(() -> {
            Chan<Integer> done = Chan.make();   // a bubble channel: only a bubble goroutine may send
            Time.afterFunc(Duration.ofHours(1), () -> {
                ranAt.set(Time.now());
                done.send(1);
            });
            done.recv();
        });
        assertEquals(EPOCH.plus(Duration.ofHours(1)), ranAt.get());
    }

    @Test
    @DisplayName("context.withTimeout in a bubble: not done just before the deadline, done with DeadlineExceeded at it (Go's doc example)")
    void contextWithTimeoutExpiresByFakeTime() {
        Synctest.test(() -> {
            Duration timeout = Duration.ofSeconds(5);
            CancelContext ctx = Context.withTimeout(Context.background(), timeout);
            assertEquals(EPOCH.plus(timeout), ctx.deadline().orElseThrow());
            Time.sleep(timeout.minusNanos(1));
            Synctest.await();
            assertNull(ctx.err(), "before the deadline");
            Time.sleep(Duration.ofNanos(1));
            Synctest.await();
            assertSame(DeadlineExceeded.INSTANCE, ctx.err(), "at the deadline");
            ctx.cancel();
        });
    }

    @Test
    @DisplayName("context.afterFunc runs when its context expires by fake time (Go's doc example)")
    void contextAfterFuncRunsAtTheDeadline() {
        Synctest.test(() -> {
            CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(1));
            AtomicBoolean called = new AtomicBoolean();
            Context.afterFunc(ctx, () -> called.set(true));
            Synctest.await();
            assertFalse(called.get());
            Time.sleep(Duration.ofMinutes(1));
            Synctest.await();
            assertTrue(called.get());
            ctx.cancel();   // expired already: Go's defer cancel()
        });
    }

    @Test
    @DisplayName("errgroup with a timeout: the slow task is cancelled at exactly the timeout, in fake time")
    void errgroupWithATimeout() {
        AtomicReference<Instant> cancelledAt = new AtomicReference<>();
        AtomicReference<Throwable> err = new AtomicReference<>();
        Synctest.test(() -> {
            CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(30));
            Group.WithContext gc = Group.withContext(ctx);
            Group g = gc.group();
            g.go(() -> {
                Time.sleep(Duration.ofSeconds(10));   // the fast task
            });
            g.go(() -> {
                Select.select(
                        Select.onRecv(gc.context().done(), x -> cancelledAt.set(Time.now())),
                        Select.onRecv(Time.after(Duration.ofHours(1)), x -> { }));
                throw gc.context().err();
            });
            err.set(g.await());
            ctx.cancel();
        });
        assertEquals(EPOCH.plusSeconds(30), cancelledAt.get());
        assertSame(DeadlineExceeded.INSTANCE, err.get());
    }

    // ---- await ------------------------------------------------------------------------------

    @Test
    @DisplayName("await returns once every other goroutine is durably blocked, so their effects are observed deterministically")
    void awaitObservesOthersOnceBlocked() {
        Synctest.test(() -> {
            AtomicLong counter = new AtomicLong();
            Chan<Integer> gate = Chan.make();
            for (int i = 0; i < 10; i++) {
                go(() -> {
                    counter.incrementAndGet();
                    gate.recv();
                    counter.incrementAndGet();
                });
            }
            Synctest.await();
            assertEquals(10, counter.get());
            gate.close();
            Synctest.await();
            assertEquals(20, counter.get());
        });
    }

    @Test
    @DisplayName("await outside a bubble panics with Go's text")
    void awaitOutsideABubblePanics() {
        GoPanic p = assertThrows(GoPanic.class, Synctest::await);
        assertEquals("goroutine is not in a bubble", p.getMessage());
    }

    @Test
    @DisplayName("await in two goroutines of one bubble at once panics with Go's text")
    void twoAwaitsAtOncePanic() {
        // While a goroutine computes, the bubble cannot become idle, so two awaits overlap:
        // whichever comes second panics, and the other returns once the computation ends.
        List<Throwable> outcomes = Collections.synchronizedList(new ArrayList<>());
        AtomicLong calls = new AtomicLong();
        Synctest.test(() -> {
            WaitGroup wg = new WaitGroup();
            wg.go(() -> {
                while (outcomes.isEmpty()) {   // until one await has come back (the panicking one)
                    Thread.onSpinWait();
                }
            });
            wg.go(() -> {
                calls.incrementAndGet();
                outcomes.add(catching(Synctest::await) instanceof Throwable t ? t : new Error("returned"));
            });
            calls.incrementAndGet();
            outcomes.add(catching(Synctest::await) instanceof Throwable t ? t : new Error("returned"));
            wg.await();
        });
        assertEquals(2, outcomes.size());
        assertInstanceOf(GoPanic.class, outcomes.get(0));
        assertEquals("wait already in progress", outcomes.get(0).getMessage());
        assertEquals("returned", outcomes.get(1).getMessage());
    }

    // ---- the end of test() -------------------------------------------------------------------

    @Test
    @DisplayName("test waits for every goroutine of the bubble, not only the body")
    void testWaitsForEveryGoroutine() {
        AtomicBoolean finished = new AtomicBoolean();
        Synctest.test(() -> go(() -> {
            long until = System.nanoTime() + 50_000_000L;   // runs on after the body has returned
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            finished.set(true);
        }));
        assertTrue(finished.get());
    }

    @Test
    @DisplayName("time stops once the body has returned: a goroutine still sleeping then is Go's deadlock")
    void timeStopsOnceTheBodyHasReturned() {
        AssertionError e = assertThrows(AssertionError.class, () -> Synctest.test(() -> go(() -> Time.sleep(Duration.ofDays(1)))));
        assertTrue(e.getMessage().startsWith(
                "deadlock: main bubble goroutine has exited but blocked goroutines remain\n\n"), e.getMessage());
        assertTrue(e.getMessage().contains("[sleep]"), e.getMessage());
    }

    @Test
    @DisplayName("what the body throws is rethrown unchanged, checked exceptions included")
    void theBodysExceptionIsRethrown() {
        IOException boom = new IOException("boom");
        IOException thrown = assertThrows(IOException.class, () -> Synctest.test(() -> {
            throw boom;
        }));
        assertSame(boom, thrown);
        AssertionError failed = assertThrows(AssertionError.class, () -> Synctest.test(() -> assertEquals(1, 2)));
        assertTrue(failed.getMessage().contains("expected: <1> but was: <2>"), failed.getMessage());
    }

    @Test
    @DisplayName("Go.goexit in the body ends it without failing the test, as returning would")
    void goexitInTheBodyEndsIt() {
        AtomicBoolean after = new AtomicBoolean();
        Synctest.test(() -> {
            try {
                io.go4j.Go.goexit();
            } finally {
                Time.sleep(Duration.ofSeconds(1));   // deferred work still runs, in fake time
            }
            after.set(true);
        });
        assertFalse(after.get());
    }

    @Test
    @DisplayName("a panic in another goroutine of the bubble fails test with that panic")
    void aGoroutinesPanicFailsTheTest() {
        IllegalStateException boom = new IllegalStateException("boom from a bubble goroutine");
        Throwable t = assertThrows(IllegalStateException.class, () -> Synctest.test(() -> {
            go(() -> {
                throw boom;
            });
            Time.sleep(Duration.ofSeconds(1));
        }));
        assertSame(boom, t);
    }

    @Test
    @DisplayName("a deadlock in the bubble fails with Go's message and the bubble's goroutines, which are then ended")
    void aDeadlockFailsWithGosMessageAndTheDump() {
        AssertionError e = assertThrows(AssertionError.class, () -> Synctest.test(() -> {
            Chan<Integer> never = Chan.make();
            go(() -> never.recv());
            never.recv();
        }));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("deadlock: all goroutines in bubble are blocked\n\n"), msg);
        assertTrue(msg.contains("[chan receive (durable)]"), msg);
        assertTrue(msg.contains("SynctestTest"), msg);
    }

    @Test
    @DisplayName("the deadlock's goroutines show Go 1.25's durable wait reasons: select (durable), sync.WaitGroup.Wait (durable)")
    void theDumpShowsDurableWaitReasons() {
        AssertionError e = assertThrows(AssertionError.class, () -> Synctest.test(() -> {
            Chan<Integer> a = Chan.make();
            Chan<Integer> b = Chan.make();
            go(() -> Select.select(Select.onRecv(a, x -> { }), Select.onRecv(b, x -> { })));
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            wg.await();
        }));
        assertTrue(e.getMessage().contains("[select (durable)]"), e.getMessage());
        assertTrue(e.getMessage().contains("[sync.WaitGroup.Wait (durable)]"), e.getMessage());
    }

    @Test
    @DisplayName("goroutines left blocked after the body returns: Go's 'main bubble goroutine has exited' deadlock")
    void blockedGoroutinesAfterTheBodyAreADeadlock() {
        AssertionError e = assertThrows(AssertionError.class, () -> Synctest.test(() -> {
            Chan<Integer> never = Chan.make();
            go(() -> never.recv());
        }));
        assertTrue(e.getMessage().startsWith(
                "deadlock: main bubble goroutine has exited but blocked goroutines remain\n\n"), e.getMessage());
    }

    @Test
    @DisplayName("a pending timer is not a deadlock: time advances to it, even a year away")
    void aPendingTimerIsNotADeadlock() {
        Synctest.test(() -> {
            Chan<Integer> c = Chan.make();
            Time.afterFunc(Duration.ofDays(365), () -> c.send(1));
            assertEquals(1, c.recv());
            assertEquals(EPOCH.plus(Duration.ofDays(365)), Time.now());
        });
    }

    @Test
    @DisplayName("interrupting the thread in test (a test timeout) ends the bubble: its goroutines are listed and interrupted")
    void anInterruptedTestEndsTheBubble() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Chan<Integer> running = Chan.make(1);   // made outside: the bubble's goroutine may send on it
        Thread t = Thread.ofVirtual().start(() -> {
            thrown.set(catching(() -> Synctest.test(() -> {
                running.send(1);
                Mutex mu = new Mutex();
                mu.lock();
                mu.lock();   // not durable: the bubble neither advances nor deadlocks
            })));
            flagKept.set(Thread.currentThread().isInterrupted());
        });
        running.recv();
        t.interrupt();
        assertTrue(t.join(Duration.ofSeconds(30)));
        assertInstanceOf(io.go4j.GoInterruptedException.class, thrown.get());
        assertTrue(flagKept.get(), "the interrupt flag stays set");
        String listed = thrown.get().getSuppressed()[0].getMessage();
        assertTrue(listed.contains("[sync.Mutex.Lock]"), listed);
    }

    // ---- durability --------------------------------------------------------------------------

    @Test
    @DisplayName("a goroutine waiting for a Mutex held by a sleeper is not durably blocked: the bubble is reported stalled, not left hanging")
    void aMutexWaitIsNotDurable() {
        AssertionError e = assertThrows(AssertionError.class, () -> Synctest.test(() -> {
            Mutex mu = new Mutex();
            mu.lock();
            go(() -> {
                mu.lock();
                mu.unlock();
            });
            Chan<Integer> never = Chan.make();
            never.recv();   // durable; the goroutine above is not, so time cannot advance
        }));
        assertTrue(e.getMessage().startsWith("synctest: bubble is stalled"), e.getMessage());
        assertTrue(e.getMessage().contains("[sync.Mutex.Lock]"), e.getMessage());
    }

    @Test
    @DisplayName("Cond.await and a bubble WaitGroup's await are durable; a nil channel too")
    void condAndWaitGroupWaitsAreDurable() {
        Synctest.test(() -> {
            Mutex mu = new Mutex();
            Cond cond = new Cond(mu);
            AtomicBoolean ready = new AtomicBoolean();
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            go(() -> {
                mu.lock();
                try {
                    while (!ready.get()) {
                        cond.await();
                    }
                } finally {
                    mu.unlock();
                }
                wg.done();
            });
            Time.sleep(Duration.ofSeconds(1));   // the goroutine is in cond.await: durable, so time moves
            mu.lock();
            try {
                ready.set(true);
                cond.signal();
            } finally {
                mu.unlock();
            }
            wg.await();
            assertEquals(EPOCH.plusSeconds(1), Time.now());
        });
    }

    @Test
    @DisplayName("a select on a bubble channel and a channel from outside is not durable: time waits for the outside")
    void aMixedSelectIsNotDurable() throws InterruptedException {
        Chan<Integer> outside = Chan.make();
        Thread feeder = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);   // real time
            } catch (InterruptedException e) {
                return;
            }
            outside.send(1);
        });
        AtomicReference<Instant> at = new AtomicReference<>();
        Synctest.test(() -> {
            Chan<Integer> inside = Chan.make();
            Time.afterFunc(Duration.ofSeconds(1), () -> inside.send(2));   // would win if time could move
            int got = Select.select(Select.recv(inside, v -> v), Select.recv(outside, v -> v));
            assertEquals(1, got);
            at.set(Time.now());
            assertEquals(2, inside.recv());   // now durable: the clock moves to the afterFunc
        });
        assertEquals(EPOCH, at.get());
        assertTrue(feeder.join(Duration.ofSeconds(30)));
    }

    // ---- misuse ------------------------------------------------------------------------------

    @Test
    @DisplayName("a channel of a bubble used from outside it panics with Go's texts")
    void aBubbleChannelUsedOutsideItPanics() {
        AtomicReference<Chan<Integer>> leaked = new AtomicReference<>();
        Synctest.test(() -> leaked.set(Chan.make(1)));
        Chan<Integer> c = leaked.get();
        assertEquals("send on synctest channel from outside bubble",
                assertThrows(GoPanic.class, () -> c.send(1)).getMessage());
        assertEquals("send on synctest channel from outside bubble",
                assertThrows(GoPanic.class, () -> c.trySend(1)).getMessage());
        assertEquals("receive on synctest channel from outside bubble",
                assertThrows(GoPanic.class, c::recv).getMessage());
        assertEquals("receive on synctest channel from outside bubble",
                assertThrows(GoPanic.class, c::tryRecv).getMessage());
        assertEquals("close of synctest channel from outside bubble",
                assertThrows(GoPanic.class, c::close).getMessage());
        assertEquals("select on synctest channel from outside bubble",
                assertThrows(GoPanic.class, () -> Select.select(Select.onRecv(c, x -> { }), Select.onDefault(() -> { })))
                        .getMessage());
    }

    @Test
    @DisplayName("a timer of a bubble stopped or reset from outside it panics with Go's texts")
    void aBubbleTimerUsedOutsideItPanics() {
        AtomicReference<Timer> leaked = new AtomicReference<>();
        Synctest.test(() -> {
            Timer t = Time.newTimer(Duration.ofSeconds(1));
            t.stop();
            leaked.set(t);
        });
        assertEquals("stop of synctest timer from outside bubble",
                assertThrows(GoPanic.class, () -> leaked.get().stop()).getMessage());
        assertEquals("reset of synctest timer from outside bubble",
                assertThrows(GoPanic.class, () -> leaked.get().reset(Duration.ofSeconds(1))).getMessage());
    }

    @Test
    @DisplayName("test inside a bubble panics with Go's text")
    void nestedBubblesAreRefused() {
        AtomicReference<Throwable> nested = new AtomicReference<>();
        Synctest.test(() -> nested.set(catching(() -> Synctest.test(() -> { }))));
        assertInstanceOf(GoPanic.class, nested.get());
        assertEquals("synctest.Run called from within a synctest bubble", nested.get().getMessage());
    }

    @Test
    @DisplayName("a WaitGroup added to inside and outside a bubble panics with Go's text")
    void aWaitGroupInsideAndOutsidePanics() throws InterruptedException {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        AtomicReference<Throwable> inside = new AtomicReference<>();
        Synctest.test(() -> inside.set(catching(() -> wg.add(1))));
        assertEquals("sync: WaitGroup.Add called from inside and outside synctest bubble", inside.get().getMessage());
        wg.done();

        // Two bubbles alive at once: the first holds a WaitGroup it added to, and waits (not
        // durably) on a channel from outside; the second adds to the same WaitGroup.
        AtomicReference<WaitGroup> bubbled = new AtomicReference<>();
        Chan<Integer> associated = Chan.make(1);
        Chan<Integer> release = Chan.make(1);
        Thread first = Thread.ofVirtual().start(() -> Synctest.test(() -> {
            WaitGroup w = new WaitGroup();
            w.add(1);
            w.done();
            bubbled.set(w);
            associated.send(1);
            release.recv();
        }));
        associated.recv();
        AtomicReference<Throwable> other = new AtomicReference<>();
        Synctest.test(() -> other.set(catching(() -> bubbled.get().add(1))));
        release.send(1);
        assertTrue(first.join(Duration.ofSeconds(30)));
        assertEquals("sync: WaitGroup.Add called from multiple synctest bubbles", other.get().getMessage());
        assertNull(catching(() -> bubbled.get().add(0)), "once its bubble is over, a WaitGroup is free again");
    }

    @Test
    @DisplayName("channels made outside a bubble may be used inside, and waiting on them is not durable")
    void outsideChannelsWorkInsideButAreNotDurable() throws InterruptedException {
        Chan<Integer> outside = Chan.make();
        Thread feeder = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);   // real time: the bubble must wait for it, not advance
            } catch (InterruptedException e) {
                return;
            }
            outside.send(7);
        });
        AtomicReference<Instant> at = new AtomicReference<>();
        Synctest.test(() -> {
            go(() -> Time.sleep(Duration.ofHours(1)));   // would fire at once if the receive were durable
            assertEquals(7, outside.recv());
            at.set(Time.now());
            Time.sleep(Duration.ofHours(2));   // lets the sleeper end before the body does
        });
        assertEquals(EPOCH, at.get(), "the clock waited for the real-time send");
        assertTrue(assertDoesNotThrowJoin(feeder));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static boolean assertDoesNotThrowJoin(Thread t) throws InterruptedException {
        return t.join(Duration.ofSeconds(30));
    }

    private interface ThrowingRunnable {
        void run() throws Throwable;
    }

    private static Throwable catching(ThrowingRunnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
