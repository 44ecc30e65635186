package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static io.go4j.reliability.TestSupport.awaitWaitReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Select;
import io.go4j.reliability.Mode;
import io.go4j.reliability.TestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two channel rules of the Go memory model that constrain when a send completes hold as
 * behaviour: a send on an unbuffered channel completes only after the receiver's receive, so
 * what the receiver did before receiving is visible to the sender afterwards; and a channel of
 * capacity C lets at most C sends run ahead of the receives, so it works as a counting
 * semaphore that admits exactly C goroutines.
 *
 * <p>Mirrors "The Go Memory Model" (go.dev/ref/mem), section "Channel communication": "A receive
 * from an unbuffered channel is synchronized before the completion of the corresponding send on
 * that channel" (its example: {@code f} sets {@code a} then receives; {@code main} sends, then
 * must print {@code a}), and "The kth receive on a channel with capacity C is synchronized
 * before the completion of the k+Cth send from that channel completes" (its example: {@code
 * limit := make(chan int, 3)} bounds the number of running work functions to three). The
 * jcstress tests of this module check the memory-ordering side of the channel rules; this class
 * checks the blocking behaviour they imply.
 */
@GoLeakCheck
class MemoryModelChannelRulesTest {

    /** The ways to make the sending half of Go's example: each must complete only after the receive. */
    enum Send {
        SEND((c, v) -> c.send(v)),
        SELECT_SEND((c, v) -> Select.select(Select.send(c, v), Select.send(Chan.<Integer>nil(), v))),
        TRY_SEND((c, v) -> {
            while (!c.trySend(v)) {
                Conformance.yieldInSpin();
            }
        });

        final BiConsumer<Chan<Integer>, Integer> op;

        Send(BiConsumer<Chan<Integer>, Integer> op) {
            this.op = op;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Send.class)
    @DisplayName("unbuffered: what the receiver wrote before receiving is there when the send returns")
    void receiveIsSynchronizedBeforeSendCompletes(Send send) {
        int rounds = Mode.pick(2_000, 50_000);
        try (Goroutines g = new Goroutines("unbuffered receive before send completes")) {
            for (int r = 0; r < rounds; r++) {
                Chan<Integer> c = Chan.make();
                int[] a = {0}; // plain: only the channel orders the write and the read
                int expected = r + 1;
                g.go("f", () -> {
                    for (int spin = 0; spin < (expected % 7) * 20; spin++) {
                        Thread.onSpinWait(); // arrive late: the sender is usually waiting already
                    }
                    a[0] = expected;
                    c.recv();
                });
                send.op.accept(c, 0);
                assertEquals(expected, a[0], "round " + r + ": the send completed before the receive");
            }
            g.awaitAll();
        }
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 2, 3, 16})
    @DisplayName("a channel of capacity C used as a semaphore admits exactly C goroutines at a time")
    void bufferedChannelIsACountingSemaphore(int capacity) {
        int workers = capacity + 20;
        Chan<Integer> limit = Chan.make(capacity);
        Chan<Boolean> leave = Chan.make();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        try (Goroutines g = new Goroutines("semaphore, capacity " + capacity)) {
            for (int i = 0; i < workers; i++) {
                all.add(g.go("worker " + i, () -> {
                    limit.send(1); // acquire
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    leave.recv();  // work until told to leave
                    inside.decrementAndGet();
                    limit.recv();  // release
                }));
            }
            for (int left = workers; left > 0; left--) {
                // wait for the quiet state: C inside (blocked on leave), all the others blocked
                // in acquire; nobody can move from there until the next leave.send
                int admitted = Math.min(capacity, left);
                int waiting = left - admitted;
                TestSupport.awaitCondition(admitted + " workers inside and " + waiting + " blocked in acquire",
                        () -> inside.get() == admitted && blockedInSend(all) == waiting);
                assertTrue(most.get() <= capacity, most.get() + " workers were inside at once");
                leave.send(true);
            }
            g.awaitAll();
        }
        assertEquals(capacity, most.get(), "most workers ever inside at once");
    }

    private static int blockedInSend(List<Thread> threads) {
        int n = 0;
        for (Thread t : threads) {
            var info = TestSupport.infoOf(t);
            if (info != null && "chan send".equals(info.waitReason())) {
                n++;
            }
        }
        return n;
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 2, 3, 16})
    @DisplayName("the (k+C)-th send completes only after the k-th receive has begun")
    void kthReceiveBeforeKPlusCthSendCompletes(int capacity) {
        int n = Mode.pick(2_000, 50_000);
        Chan<Integer> c = Chan.make(capacity);
        AtomicInteger clock = new AtomicInteger();
        int[] receiveBegins = new int[n];
        int[] sendCompletes = new int[n];
        try (Goroutines g = new Goroutines("k-th receive, capacity " + capacity)) {
            Thread sender = g.go("sender", () -> {
                for (int k = 0; k < n; k++) {
                    c.send(k);
                    sendCompletes[k] = clock.incrementAndGet();
                }
            });
            for (int k = 0; k < n; k++) {
                if (k % 97 == 0) {
                    awaitWaitReason(sender, "chan send"); // let the sender run into the full buffer now and then
                }
                receiveBegins[k] = clock.incrementAndGet();
                assertEquals(k, c.recv());
            }
            g.awaitAll();
        }
        for (int k = 0; k + capacity < n; k++) {
            assertTrue(sendCompletes[k + capacity] > receiveBegins[k], "send " + (k + capacity)
                    + " completed before receive " + k + " began, with capacity " + capacity);
        }
    }
}
