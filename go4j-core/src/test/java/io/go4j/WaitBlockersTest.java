package io.go4j;

import static io.go4j.TestSupport.awaitCondition;
import static io.go4j.TestSupport.awaitWaitReason;
import static io.go4j.TestSupport.goRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.TestSupport.Call;
import io.go4j.internal.chan.HChan;
import io.go4j.internal.runtime.Blockers;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.sync.Cond;
import io.go4j.sync.Mutex;
import io.go4j.sync.RWMutex;
import io.go4j.sync.WaitGroup;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every wait records what it waits on (its blocker) and, for a lock, who holds it: the seam
 * goroutine dumps, deadlock detection and the race detector read. And the goroutine listener
 * sees each goroutine start, block, get unparked, unblock and exit.
 */
@SuppressWarnings({"UnbalancedLock", "CondAwaitOutsideLoop"})   // deliberate: a lock held, and one Cond.await,
                                                                // are the waits whose blockers and holders are checked
class WaitBlockersTest {

    @AfterEach
    void reap() {
        TestSupport.reap();
    }

    private static Object blockerOf(Call<?> call) {
        return Registry.of(call.thread).waitBlocker();
    }

    @Test
    @DisplayName("a goroutine blocked on a channel records the channel")
    void aChannelWaitRecordsTheChannel() {
        Chan<Integer> ch = Chan.make(3);
        Call<Void> c = goRun("recv", ch::recv);
        awaitWaitReason(c, "chan receive");
        HChan impl = (HChan) blockerOf(c);
        assertSame(Chan.implOf(ch), impl);
        assertEquals(3, impl.capacity());
        assertEquals(0, impl.length());
        ch.send(1);
        c.await();
    }

    @Test
    @DisplayName("a select records all its channels, a nil case as null")
    void aSelectRecordsAllItsChannels() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Call<Void> c = goRun("select", () -> Select.select(
                Select.recv(a, v -> v), Select.recv(Chan.nil(), v -> v), Select.send(b, 1, () -> 0)));
        awaitWaitReason(c, "select");
        assertArrayEquals(new Object[] {Chan.implOf(a), null, Chan.implOf(b)}, (Object[]) blockerOf(c));
        a.send(1);
        c.await();
    }

    @Test
    @DisplayName("a goroutine blocked on a Mutex records it, and the Mutex tells who holds it")
    void aMutexWaitRecordsTheMutexAndItsHolder() {
        Mutex mu = new Mutex();
        mu.lock();
        Call<Void> c = goRun("lock", () -> {
            mu.lock();
            mu.unlock();
        });
        awaitWaitReason(c, "sync.Mutex.Lock");
        assertSame(mu, blockerOf(c));
        assertSame(Thread.currentThread(), Blockers.holderOf(mu), "the locker holds it");
        mu.unlock();
        c.await();
        assertNull(Blockers.holderOf(mu), "an unlocked Mutex has no holder");
    }

    @Test
    @DisplayName("an RWMutex held for writing tells who holds it; WaitGroup and Cond waits record them")
    void otherSyncWaitsRecordTheirPrimitive() {
        RWMutex rw = new RWMutex();
        rw.lock();
        Call<Void> reader = goRun("rlock", () -> {
            rw.rLock();
            rw.rUnlock();
        });
        awaitWaitReason(reader, "sync.RWMutex.RLock");
        assertSame(rw, blockerOf(reader));
        assertSame(Thread.currentThread(), Blockers.holderOf(rw));
        rw.unlock();
        reader.await();

        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Call<Void> waiter = goRun("wait", wg::await);
        awaitWaitReason(waiter, "sync.WaitGroup.Wait");
        assertSame(wg, blockerOf(waiter));
        assertNull(Blockers.holderOf(wg), "a WaitGroup has no holder");
        wg.done();
        waiter.await();

        Mutex mu = new Mutex();
        Cond cond = new Cond(mu);
        Call<Void> condWaiter = goRun("cond", () -> {
            mu.lock();
            try {
                cond.await();
            } finally {
                mu.unlock();
            }
        });
        awaitWaitReason(condWaiter, "sync.Cond.Wait");
        assertSame(cond, blockerOf(condWaiter));
        mu.lock();
        cond.signal();
        mu.unlock();
        condWaiter.await();
    }

    @Test
    @DisplayName("a wait that ended leaves neither reason nor blocker behind")
    void anEndedWaitClearsItsBlocker() {
        Chan<Integer> ch = Chan.make();
        Chan<Integer> hold = Chan.make();
        Call<Void> c = goRun("recv twice", () -> {
            ch.recv();
            hold.recv();
        });
        awaitWaitReason(c, "chan receive");
        ch.send(1);
        awaitCondition("the second wait is on the second channel",
                () -> Registry.of(c.thread).waitBlocker() == Chan.implOf(hold));
        hold.send(2);
        c.await();
    }

    @Test
    @DisplayName("the goroutine listener sees a goroutine start, block, get unparked, unblock and exit, in order")
    void theGoroutineListenerSeesALifetime() {
        List<String> events = new CopyOnWriteArrayList<>();
        Chan<Integer> ch = Chan.make();
        Hooks.GoroutineListener old = Hooks.setGoroutineListener(new Hooks.GoroutineListener() {
            @Override
            public void started(Goroutine g) {
                if (g.thread().getName().equals("lifetime")) {
                    events.add("started");
                }
            }

            @Override
            public void blocked(Goroutine g, WaitReason reason, Object blocker) {
                if (g.thread().getName().equals("lifetime")) {
                    events.add("blocked " + reason + (blocker == Chan.implOf(ch) ? " on ch" : ""));
                }
            }

            @Override
            public void unparked(Thread woken) {
                if (woken.getName().equals("lifetime")) {
                    events.add("unparked");
                }
            }

            @Override
            public void unblocked(Goroutine g, WaitReason reason, Object blocker, long waitNanos) {
                if (g.thread().getName().equals("lifetime") && waitNanos >= 0) {
                    events.add("unblocked " + reason);
                }
            }

            @Override
            public void exited(Goroutine g) {
                if (g.thread().getName().equals("lifetime")) {
                    events.add("exited");
                }
            }
        });
        try {
            Call<Integer> c = TestSupport.go("lifetime", ch::recv);
            awaitWaitReason(c, "chan receive");
            awaitCondition("the receiver has parked", () -> c.thread.getState() == Thread.State.WAITING);
            ch.send(7);
            assertEquals(7, c.await());
            awaitCondition("the goroutine exits", () -> events.contains("exited"));
            assertEquals(List.of("started", "blocked chan receive on ch", "unparked", "unblocked chan receive", "exited"),
                    events);
        } finally {
            Hooks.setGoroutineListener(old);
        }
    }

    @Test
    @DisplayName("the goroutine listener hears a panic on the panicking goroutine, before it is reported and before the exit")
    void theGoroutineListenerHearsAPanicBeforeItIsReported() {
        List<String> events = new CopyOnWriteArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        Hooks.GoroutineListener old = Hooks.setGoroutineListener(new Hooks.GoroutineListener() {
            @Override
            public void panicked(Goroutine g, Throwable panic) {
                if (g.thread().getName().equals("panicker")) {
                    events.add("panicked " + (panic == boom) + " on its own thread "
                            + (Thread.currentThread() == g.thread()) + ", registered "
                            + Registry.snapshot().contains(g));
                }
            }

            @Override
            public void exited(Goroutine g) {
                if (g.thread().getName().equals("panicker")) {
                    events.add("exited");
                }
            }
        });
        try {
            List<Throwable> reported = TestSupport.panicsDuring(() -> {
                Thread t = Go.go("panicker", () -> {
                    events.add("running");
                    throw boom;
                });
                TestSupport.join(t, "panicker");
                awaitCondition("the goroutine exits", () -> events.contains("exited"));
            });
            assertEquals(List.of(boom), reported, "the panic is still reported");
            assertEquals(List.of("running", "panicked true on its own thread true, registered true", "exited"), events);
        } finally {
            Hooks.setGoroutineListener(old);
        }
    }

    @Test
    @DisplayName("a goroutine listener that throws changes nothing: the goroutine still blocks, wakes and ends,"
            + " and the listener's first exception is reported once on standard error")
    void aThrowingListenerChangesNothingAndItsFirstExceptionIsReported() throws Exception {
        Hooks.GoroutineListener broken = new Hooks.GoroutineListener() {
            @Override
            public void started(Goroutine g) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void blocked(Goroutine g, WaitReason reason, Object blocker) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void unblocked(Goroutine g, WaitReason reason, Object blocker, long waitNanos) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void unparked(Thread woken) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void exited(Goroutine g) {
                throw new IllegalStateException("listener bug");
            }
        };
        Hooks.GoroutineListener old = Hooks.setGoroutineListener(broken);
        try {
            String stderr = TestSupport.stderrOf(() -> {
                Chan<Integer> ch = Chan.make();
                Call<Integer> c = TestSupport.go("receiver", ch::recv);
                awaitWaitReason(c, "chan receive");
                awaitCondition("the receiver has parked", () -> c.thread.getState() == Thread.State.WAITING);
                ch.send(9);
                assertEquals(9, c.await());
                TestSupport.join(c.thread, "receiver");
            });
            String header = "go4j: " + broken.getClass().getName() + ".started threw;";
            assertTrue(stderr.contains(header + " go4j drops a listener's exceptions"), stderr);
            assertTrue(stderr.contains("java.lang.IllegalStateException: listener bug"), stderr);
            assertEquals(1, stderr.split("go4j: ", -1).length - 1, "reported once for the class, not per event: " + stderr);
        } finally {
            Hooks.setGoroutineListener(old);
        }
    }
}
