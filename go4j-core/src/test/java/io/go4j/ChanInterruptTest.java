package io.go4j;

import static io.go4j.TestSupport.awaitCondition;
import static io.go4j.TestSupport.awaitWaitReason;
import static io.go4j.TestSupport.go;
import static io.go4j.TestSupport.goRun;
import static io.go4j.TestSupport.join;
import static io.go4j.TestSupport.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.TestSupport.Call;
import io.go4j.TestSupport.EachCapacity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/**
 * Interruption: Thread.interrupt() ends a blocked send, receive or select with
 * GoInterruptedException, the interrupt flag set again, and the operation not done (a sender
 * still owns its value, a receiver consumed nothing).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChanInterruptTest {

    @AfterEach
    void reapGoroutines() {
        TestSupport.reap();
    }

    @EachCapacity
    @DisplayName("interrupt ends a blocked send with GoInterruptedException and delivers nothing")
    void interruptUnblocksBlockedSend(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        for (int i = 0; i < capacity; i++) {
            assertTrue(ch.trySend(i));
        }
        Call<Void> sender = goRun("blocked send", () -> ch.send(-1));
        awaitWaitReason(sender, "chan send");
        sender.interruptAndExpectGoInterrupted();

        assertEquals(capacity, ch.len(), "the interrupted send must not have been buffered");
        for (int i = 0; i < capacity; i++) {
            assertEquals(new Recv<>(i, true), ch.tryRecv());
        }
        assertNull(ch.tryRecv(), "the interrupted sender's value must not be delivered");
    }

    @EachCapacity
    @DisplayName("interrupt ends a blocked recv with GoInterruptedException and it consumes nothing later")
    void interruptUnblocksBlockedRecv(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        Call<Integer> receiver = go("blocked recv", ch::recv);
        awaitWaitReason(receiver, "chan receive");
        receiver.interruptAndExpectGoInterrupted();
        assertNoReceiverLeftBehind(ch, capacity);
    }

    @EachCapacity
    @DisplayName("interrupt ends a blocked recvOk with GoInterruptedException")
    void interruptUnblocksBlockedRecvOk(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        Call<Recv<Integer>> receiver = go("blocked recvOk", ch::recvOk);
        awaitWaitReason(receiver, "chan receive");
        receiver.interruptAndExpectGoInterrupted();
        assertNoReceiverLeftBehind(ch, capacity);
    }

    @EachCapacity
    @DisplayName("interrupt ends a range blocked on an empty channel with GoInterruptedException")
    void interruptUnblocksBlockedRange(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        Call<Void> ranger = goRun("blocked range", () -> {
            for (Integer v : ch) {
                throw new AssertionError("range yielded " + v + " from an empty channel");
            }
        });
        awaitWaitReason(ranger, "chan receive");
        ranger.interruptAndExpectGoInterrupted();
        assertNoReceiverLeftBehind(ch, capacity);
    }

    /** After an interrupted receive: a later send is not taken by the departed receiver. */
    private static void assertNoReceiverLeftBehind(Chan<Integer> ch, int capacity) {
        if (capacity == 0) {
            assertFalse(ch.trySend(5), "the interrupted receiver must no longer be waiting");
        } else {
            assertTrue(ch.trySend(5));
            assertEquals(1, ch.len(), "the value must stay buffered: the interrupted receiver is gone");
            assertEquals(new Recv<>(5, true), ch.tryRecv());
        }
    }

    @Test
    @DisplayName("interrupt ends a blocked select with GoInterruptedException and no case runs")
    void interruptUnblocksBlockedSelect() {
        Chan<Integer> a = Chan.make(0);
        Chan<Integer> b = Chan.make(1);
        Chan<Integer> full = Chan.make(1);
        assertTrue(full.trySend(1));
        Call<String> selector = go("blocked select", () -> Select.select(
                Select.recv(a, v -> "a"),
                Select.recv(b, v -> "b"),
                Select.send(full, 2, () -> "full")));
        awaitWaitReason(selector, "select");
        selector.interruptAndExpectGoInterrupted();

        assertFalse(a.trySend(3), "the interrupted select must no longer wait on a");
        assertTrue(b.trySend(4));
        assertEquals(new Recv<>(4, true), b.tryRecv(), "the interrupted select must not take b's value");
        assertEquals(new Recv<>(1, true), full.tryRecv());
        assertNull(full.tryRecv(), "the interrupted select's send case must not have happened");
    }

    @Test
    @DisplayName("interrupt ends a select with no cases with GoInterruptedException")
    void interruptUnblocksEmptySelect() {
        Call<Object> selector = go("select with no cases", () -> Select.select());
        awaitWaitReason(selector, "select (no cases)");
        selector.interruptAndExpectGoInterrupted();
    }

    @Test
    @DisplayName("an interrupt pending before a send, recv or select that must block is not lost")
    void pendingInterruptEndsAnOperationThatMustBlock() {
        // One channel per operation, so no two of them can meet each other.
        Chan<Integer> forSend = Chan.make(0);
        Chan<Integer> forRecv = Chan.make(0);
        Chan<Integer> forSelect = Chan.make(0);
        List<Call<Object>> calls = List.of(
                go("send with interrupt pending", () -> {
                    Thread.currentThread().interrupt();
                    forSend.send(1);
                    return null;
                }),
                go("recv with interrupt pending", () -> {
                    Thread.currentThread().interrupt();
                    return forRecv.recv();
                }),
                go("select with interrupt pending", () -> {
                    Thread.currentThread().interrupt();
                    return Select.select(Select.recv(forSelect, v -> "recv"));
                }),
                go("select (no cases) with interrupt pending", () -> {
                    Thread.currentThread().interrupt();
                    return Select.select();
                }));
        for (Call<Object> c : calls) {
            c.awaitThrows(GoInterruptedException.class);
            assertTrue(c.interruptFlagWhenThrown(), c.what + ": the interrupt flag must be set");
        }
        assertNull(forSend.tryRecv(), "no interrupted sender may remain registered");
        assertFalse(forRecv.trySend(9), "no interrupted receiver may remain registered");
        assertFalse(forSelect.trySend(9), "no interrupted select may remain registered");
    }

    // ---------------------------------------------------------------------------------------------
    // Stress: interrupts racing against transfers

    private static final int SENT = 1;
    private static final int INTERRUPTED = 2;

    /** Interrupts each race runs for (unless its values run out first). */
    private static int targetInterrupts() {
        return pick(1_000, 8_000);
    }

    @EachCapacity
    @DisplayName("racing interrupts against sends: each value is delivered exactly once, or its send threw and it was never delivered")
    void interruptsRacingSendsLoseAndDuplicateNothing(int capacity, TestReporter report) {
        int senders = 4;
        int perSender = pick(100_000, 800_000); // an upper bound: senders stop once enough interrupts fired
        int n = senders * perSender;
        Chan<Integer> ch = Chan.make(capacity);
        AtomicIntegerArray outcome = new AtomicIntegerArray(n);
        AtomicIntegerArray received = new AtomicIntegerArray(n);
        AtomicLong flagMissing = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();

        List<Call<Void>> sending = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int first = s * perSender;
            sending.add(goRun("sender " + s, () -> {
                for (int v = first; v < first + perSender && !stop.get(); v++) {
                    try {
                        ch.send(v);
                        outcome.set(v, SENT);
                    } catch (GoInterruptedException e) {
                        if (!Thread.interrupted()) {
                            flagMissing.incrementAndGet();
                        }
                        outcome.set(v, INTERRUPTED);
                    }
                }
                Thread.interrupted(); // a late interrupt must not leak into the goroutine's end
            }));
        }
        Call<Void> receiver = goRun("receiver", () -> {
            for (Integer v : ch) {
                received.incrementAndGet(v);
            }
        });
        Interrupter interrupter = Interrupter.start(sending);
        awaitCondition("enough interrupts fired or the senders finished", () ->
                interrupter.fired() >= targetInterrupts() || sending.stream().allMatch(c -> c.isDone()));
        stop.set(true);
        for (Call<Void> s : sending) {
            s.await();
        }
        interrupter.stop();
        ch.close();
        receiver.await();

        long attempted = 0;
        long interrupted = 0;
        for (int v = 0; v < n; v++) {
            int r = received.get(v);
            switch (outcome.get(v)) {
                case SENT -> {
                    assertEquals(1, r, "value " + v + ": send returned, so it is received once");
                    attempted++;
                }
                case INTERRUPTED -> {
                    assertEquals(0, r, "value " + v + ": send threw GoInterruptedException, yet it was "
                            + "received " + r + " time(s)");
                    attempted++;
                    interrupted++;
                }
                default -> assertEquals(0, r, "value " + v + " was never sent, yet received");
            }
        }
        assertEquals(0, flagMissing.get(),
                "GoInterruptedException thrown without the interrupt flag set");
        report.publishEntry("interrupts", interrupter.fired() + " fired, " + interrupted + " of "
                + attempted + " sends interrupted");
    }

    @EachCapacity
    @DisplayName("racing interrupts against receives: every value is received exactly once")
    void interruptsRacingReceivesLoseAndDuplicateNothing(int capacity, TestReporter report) {
        int receivers = 4;
        int max = pick(400_000, 3_200_000); // an upper bound: the sender stops once enough interrupts fired
        Chan<Integer> ch = Chan.make(capacity);
        AtomicIntegerArray received = new AtomicIntegerArray(max);
        AtomicLong flagMissing = new AtomicLong();
        AtomicLong interrupted = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();

        List<Call<Void>> receiving = new ArrayList<>();
        for (int r = 0; r < receivers; r++) {
            boolean useRecvOk = r % 2 == 0;
            receiving.add(goRun("receiver " + r, () -> {
                while (true) {
                    try {
                        Integer v;
                        if (useRecvOk) {
                            Recv<Integer> got = ch.recvOk();
                            if (!got.ok()) {
                                break;
                            }
                            v = got.value();
                        } else {
                            v = ch.recv();
                            if (v == null) {
                                break;
                            }
                        }
                        received.incrementAndGet(v);
                    } catch (GoInterruptedException e) {
                        if (!Thread.interrupted()) {
                            flagMissing.incrementAndGet();
                        }
                        interrupted.incrementAndGet();
                    }
                }
                Thread.interrupted();
            }));
        }
        Call<Integer> sender = go("sender", () -> {
            int v = 0;
            while (v < max && !stop.get()) {
                ch.send(v++);
            }
            ch.close();
            return v;
        });
        Interrupter interrupter = Interrupter.start(receiving);
        awaitCondition("enough interrupts fired or the sender finished", () ->
                interrupter.fired() >= targetInterrupts() || sender.isDone());
        stop.set(true);
        int n = sender.await();
        for (Call<Void> r : receiving) {
            r.await();
        }
        interrupter.stop();

        for (int v = 0; v < max; v++) {
            assertEquals(v < n ? 1 : 0, received.get(v), "value " + v + " received this many times");
        }
        assertEquals(0, flagMissing.get(),
                "GoInterruptedException thrown without the interrupt flag set");
        report.publishEntry("interrupts", interrupter.fired() + " fired, " + interrupted.get()
                + " of " + n + " receives interrupted");
    }

    /**
     * An interrupter: a platform thread interrupting randomly chosen live targets, a few
     * microseconds apart (a random spin, so interrupts land at every point of an operation),
     * until stopped.
     */
    private static final class Interrupter {
        private final Thread thread;
        private volatile boolean stop;
        private final AtomicLong fired = new AtomicLong();

        private Interrupter(List<? extends Call<?>> targets) {
            this.thread = Thread.ofPlatform().daemon().name("interrupter").start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop) {
                    Call<?> t = targets.get(rnd.nextInt(targets.size()));
                    if (!t.isDone()) {
                        t.interrupt();
                        fired.incrementAndGet();
                    }
                    for (int spin = rnd.nextInt(2_000); spin > 0; spin--) {
                        Thread.onSpinWait(); // pacing, not waiting for anything
                    }
                    if ((fired.get() & 63) == 0) {
                        Thread.yield();
                    }
                }
            });
        }

        static Interrupter start(List<? extends Call<?>> targets) {
            return new Interrupter(targets);
        }

        void stop() {
            stop = true;
            join(thread, "interrupter");
        }

        long fired() {
            return fired.get();
        }
    }
}
