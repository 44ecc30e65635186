package io.go4j;

import static io.go4j.TestSupport.awaitWaitReason;
import static io.go4j.TestSupport.go;
import static io.go4j.TestSupport.goRun;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.TestSupport.Call;
import io.go4j.context.CancelContext;
import io.go4j.context.Context;
import io.go4j.internal.runtime.Hooks;
import io.go4j.semaphore.Weighted;
import io.go4j.time.Time;
import java.time.Duration;
import java.time.Instant;
import io.go4j.sync.Cond;
import io.go4j.sync.Mutex;
import io.go4j.sync.Once;
import io.go4j.sync.RWMutex;
import io.go4j.sync.WaitGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The happens-before events go4j publishes through {@link Hooks.SyncListener}, checked for what
 * they mean: a vector-clock engine ({@link VectorClocks}, what a race detector does) consumes
 * them, and each test asks whether one point of a goroutine's history happens-before another, as
 * the Go memory model says it must (or must not). Runs in its own JVM with
 * {@code -Dgo4j.syncEvents=true} (the surefire execution {@code sync-events}).
 */
@Tag("sync-events")
@SuppressWarnings("UnbalancedLock")   // deliberate: each lock and unlock is an event under test, placed
                                     // between recorded points of the goroutine's history
class HappensBeforeEventsTest {
    private VectorClocks clocks;
    private Hooks.SyncListener previous;

    @BeforeEach
    void listen() {
        clocks = new VectorClocks();
        previous = Hooks.setSyncListener(clocks);
    }

    @AfterEach
    void stop() {
        Hooks.setSyncListener(previous);
        TestSupport.reap();
    }

    @Test
    @DisplayName("the go statement happens-before the goroutine's task, and the task's end happens-before nothing")
    void goStatementHappensBeforeTheTask() {
        VectorClocks.Mark before = clocks.mark();
        VectorClocks.Mark inside = go("task", clocks::mark).await();
        VectorClocks.Mark after = clocks.mark();
        assertTrue(before.happensBefore(inside));
        assertFalse(inside.happensBefore(after), "nothing joins a goroutine's end (Go has no join)");
    }

    @TestSupport.EachCapacity
    @DisplayName("a send happens-before the corresponding receive completes, at every capacity")
    void sendHappensBeforeReceive(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        Call<VectorClocks.Mark> receiver = go("receiver", () -> {
            ch.recv();
            return clocks.mark();
        });
        VectorClocks.Mark beforeSend = clocks.mark();
        ch.send(1);
        assertTrue(beforeSend.happensBefore(receiver.await()));
    }

    @Test
    @DisplayName("on an unbuffered channel a receive happens-before the send completes, whoever arrives first")
    void unbufferedReceiveHappensBeforeSendCompletes() {
        for (boolean receiverFirst : new boolean[] {true, false}) {
            Chan<Integer> ch = Chan.make();
            // Handed over outside go4j, so that no go4j event orders the two goroutines but ch's.
            AtomicReference<VectorClocks.Mark> beforeRecv = new AtomicReference<>();
            Call<Void> receiver = goRun("receiver", () -> {
                beforeRecv.set(clocks.mark());
                ch.recv();
            });
            if (receiverFirst) {
                awaitWaitReason(receiver, "chan receive");
            }
            ch.send(1);
            VectorClocks.Mark afterSend = clocks.mark();
            receiver.await();
            assertTrue(beforeRecv.get().happensBefore(afterSend), "receiverFirst=" + receiverFirst);
        }
    }

    @Test
    @DisplayName("the k-th receive happens-before the (k+C)-th send completes, and not the (k+C-1)-th")
    void kthReceiveHappensBeforeTheKPlusCthSendCompletes() {
        int capacity = 2;
        Chan<Integer> ch = Chan.make(capacity);
        List<VectorClocks.Mark> afterSend = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {   // sends 1..C fill the buffer, no receive involved
            ch.send(i);
            afterSend.add(clocks.mark());
        }
        Call<List<VectorClocks.Mark>> receiver = go("receiver", () -> {
            List<VectorClocks.Mark> beforeRecv = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                beforeRecv.add(clocks.mark());
                ch.recv();
            }
            return beforeRecv;
        });
        for (int i = capacity; i < capacity + 4; i++) {   // send k+C waits for receive k
            ch.send(i);
            afterSend.add(clocks.mark());
        }
        List<VectorClocks.Mark> beforeRecv = receiver.await();
        for (int k = 0; k < 4; k++) {
            assertTrue(beforeRecv.get(k).happensBefore(afterSend.get(k + capacity)),
                    "receive " + (k + 1) + " must happen-before send " + (k + 1 + capacity) + " completes");
        }
        assertFalse(beforeRecv.get(0).happensBefore(afterSend.get(capacity - 1)),
                "send C completed into a free slot: no receive happens-before it");
    }

    @Test
    @DisplayName("closing a channel happens-before a receive that returns because it is closed")
    void closeHappensBeforeAReceiveOfTheClose() {
        for (boolean receiverFirst : new boolean[] {true, false}) {
            Chan<Integer> ch = Chan.make(1);
            Call<VectorClocks.Mark> receiver = go("receiver", () -> {
                Recv<Integer> r = ch.recvOk();
                assertFalse(r.ok());
                return clocks.mark();
            });
            if (receiverFirst) {
                awaitWaitReason(receiver, "chan receive");
            }
            VectorClocks.Mark beforeClose = clocks.mark();
            ch.close();
            assertTrue(beforeClose.happensBefore(receiver.await()), "receiverFirst=" + receiverFirst);
        }
    }

    @Test
    @DisplayName("a select's receive case sees what happened before the send it received")
    void selectReceiveSeesTheSendersHistory() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Call<VectorClocks.Mark> selector = go("select", () -> {
            Select.select(Select.recv(a, v -> v), Select.recv(b, v -> v));
            return clocks.mark();
        });
        awaitWaitReason(selector, "select");
        VectorClocks.Mark beforeSend = clocks.mark();
        b.send(2);
        assertTrue(beforeSend.happensBefore(selector.await()));
    }

    @Test
    @DisplayName("a Mutex unlock happens-before the next lock returns")
    void mutexUnlockHappensBeforeTheNextLock() {
        Mutex mu = new Mutex();
        mu.lock();
        Call<VectorClocks.Mark> other = go("locker", () -> {
            mu.lock();
            VectorClocks.Mark m = clocks.mark();
            mu.unlock();
            return m;
        });
        awaitWaitReason(other, "sync.Mutex.Lock");
        VectorClocks.Mark beforeUnlock = clocks.mark();
        mu.unlock();
        assertTrue(beforeUnlock.happensBefore(other.await()));
    }

    @Test
    @DisplayName("every reader's rUnlock happens-before the next writer; the writer's unlock before the next readers")
    void rwMutexReadersAndWriters() {
        RWMutex rw = new RWMutex();
        List<Call<VectorClocks.Mark>> readers = new ArrayList<>();
        rw.lock();
        for (int i = 0; i < 2; i++) {
            readers.add(go("reader " + i, () -> {
                rw.rLock();
                VectorClocks.Mark m = clocks.mark();
                rw.rUnlock();
                return m;
            }));
        }
        TestSupport.awaitWaitReasons(readers, "sync.RWMutex.RLock");
        VectorClocks.Mark beforeUnlock = clocks.mark();
        rw.unlock();
        List<VectorClocks.Mark> readMarks = new ArrayList<>();
        for (Call<VectorClocks.Mark> r : readers) {
            readMarks.add(r.await());
        }
        rw.lock();
        VectorClocks.Mark writer = clocks.mark();
        rw.unlock();
        for (VectorClocks.Mark r : readMarks) {
            assertTrue(beforeUnlock.happensBefore(r), "writer's unlock -> reader");
            assertTrue(r.happensBefore(writer), "reader's rUnlock -> next writer");
        }
        assertFalse(readMarks.get(0).happensBefore(readMarks.get(1)), "readers do not order each other");
    }

    // The Cond cases signal and broadcast without holding the locker (allowed, as in Go), and the
    // signalling goroutine never touches it: the Mutex's own events then order nothing from the
    // signaller to the waiters, so only Cond's events can make the assertions hold.

    @Test
    @DisplayName("a Cond signal happens-before the return of the await it wakes")
    @SuppressWarnings("CondAwaitOutsideLoop")   // one await, woken once by the call under test: that wake is what is checked
    void condSignalHappensBeforeTheAwaitItWakes() {
        Mutex mu = new Mutex();
        Cond cond = new Cond(mu);
        Call<VectorClocks.Mark> waiter = go("waiter", () -> {
            mu.lock();
            cond.await();
            VectorClocks.Mark m = clocks.mark();
            mu.unlock();
            return m;
        });
        awaitWaitReason(waiter, "sync.Cond.Wait");
        VectorClocks.Mark beforeSignal = clocks.mark();
        cond.signal();
        assertTrue(beforeSignal.happensBefore(waiter.await()));
    }

    @Test
    @DisplayName("a Cond broadcast happens-before the return of every await it wakes")
    @SuppressWarnings("CondAwaitOutsideLoop")   // one await, woken once by the call under test: that wake is what is checked
    void condBroadcastHappensBeforeEveryAwaitItWakes() {
        Mutex mu = new Mutex();
        Cond cond = new Cond(mu);
        List<Call<VectorClocks.Mark>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(go("waiter " + i, () -> {
                mu.lock();
                cond.await();
                VectorClocks.Mark m = clocks.mark();
                mu.unlock();
                return m;
            }));
        }
        TestSupport.awaitWaitReasons(waiters, "sync.Cond.Wait");
        VectorClocks.Mark beforeBroadcast = clocks.mark();
        cond.broadcast();
        for (int i = 0; i < waiters.size(); i++) {
            assertTrue(beforeBroadcast.happensBefore(waiters.get(i).await()), "waiter " + i);
        }
    }

    @Test
    @DisplayName("every done() happens-before the await() it releases")
    void waitGroupDoneHappensBeforeAwait() {
        WaitGroup wg = new WaitGroup();
        Chan<VectorClocks.Mark> marks = Chan.make(3);
        for (int i = 0; i < 3; i++) {
            wg.go(() -> marks.send(clocks.mark()));
        }
        wg.await();
        VectorClocks.Mark afterAwait = clocks.mark();
        for (int i = 0; i < 3; i++) {
            assertTrue(marks.recv().happensBefore(afterAwait));
        }
    }

    @Test
    @DisplayName("Once's function happens-before every run() returns, the first and the later ones")
    void onceFunctionHappensBeforeEveryReturn() {
        Once once = new Once();
        VectorClocks.Mark[] inside = new VectorClocks.Mark[1];
        go("first", () -> {
            once.run(() -> inside[0] = clocks.mark());
            return null;
        }).await();
        VectorClocks.Mark later = go("later", () -> {
            once.run(() -> { });
            return clocks.mark();
        }).await();
        assertTrue(inside[0].happensBefore(later));
    }

    @Test
    @DisplayName("a Weighted release happens-before a later acquire that does not block")
    void weightedReleaseHappensBeforeALaterAcquire() {
        Weighted sem = new Weighted(1);
        VectorClocks.Mark beforeRelease = go("holder", () -> {
            sem.acquire(Context.background(), 1);
            VectorClocks.Mark m = clocks.mark();
            sem.release(1);
            return m;
        }).await();
        VectorClocks.Mark afterAcquire = go("next", () -> {
            assertTrue(sem.tryAcquire(1));
            return clocks.mark();
        }).await();
        assertTrue(beforeRelease.happensBefore(afterAcquire));
    }

    @Test
    @DisplayName("a context's cancel happens-before err() and done() report it, in any goroutine")
    void contextCancelHappensBeforeErrAndDone() {
        for (boolean viaErr : new boolean[] {true, false}) {
            CancelContext ctx = Context.withCancel(Context.background());
            VectorClocks.Mark beforeCancel = go("canceller", () -> {
                VectorClocks.Mark m = clocks.mark();
                ctx.cancel();
                return m;
            }).await();
            VectorClocks.Mark seen = go("observer", () -> {
                if (viaErr) {
                    assertTrue(ctx.err() != null);
                } else {
                    ctx.done().recv();
                }
                return clocks.mark();
            }).await();
            assertTrue(beforeCancel.happensBefore(seen), "viaErr=" + viaErr);
        }
    }

    @Test
    @DisplayName("arming a timer happens-before its afterFunc runs and before its channel's value is received")
    void armingATimerHappensBeforeItFires() {
        VectorClocks.Mark[] inFunc = new VectorClocks.Mark[1];
        Chan<Empty> ran = Chan.make(1);
        VectorClocks.Mark beforeAfterFunc = go("armer", () -> {
            VectorClocks.Mark m = clocks.mark();
            Time.afterFunc(Duration.ofMillis(1), () -> {
                inFunc[0] = clocks.mark();
                ran.send(Empty.VALUE);
            });
            return m;
        }).await();
        ran.recv();
        assertTrue(beforeAfterFunc.happensBefore(inFunc[0]), "afterFunc");

        AtomicReference<VectorClocks.Mark> beforeAfter = new AtomicReference<>();
        RecvChan<Instant> fired = go("armer", () -> {
            beforeAfter.set(clocks.mark());
            return Time.after(Duration.ofMillis(1));
        }).await();
        fired.recv();
        assertTrue(beforeAfter.get().happensBefore(clocks.mark()), "after");
    }

    @Test
    @DisplayName("a sync listener cannot be installed while happens-before events are off")
    void theEventsAreOnInThisJvm() {
        assertTrue(Hooks.SYNC_EVENTS, "this class runs with -Dgo4j.syncEvents=true");
        assertTrue(clocks.events() >= 0);
    }
}
