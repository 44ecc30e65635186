package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static io.go4j.reliability.TestSupport.awaitWaitReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.go4j.Chan;
import io.go4j.GoPanic;
import io.go4j.Recv;
import io.go4j.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Closing a channel wakes every goroutine blocked on it, whatever it is blocked in: each
 * receiver gets the zero value with ok == false, each sender panics with "send on closed
 * channel", and a select waiting on the channel among others is woken by that case.
 *
 * <p>Mirrors the Go spec's rule for {@code close} ("after calling close, and after any previously
 * sent values have been received, receive operations will return the zero value for the
 * channel's type without blocking"; "sending to ... a closed channel causes a run-time panic")
 * and {@code runtime/chan_test.go TestChan}'s "close unblocks receive", {@code closechan}'s
 * release of every queued sudog. go4j-core's ChanRulesTest wakes blocked receivers of one kind
 * and blocked senders of one kind; here hundreds of waiters of every kind (recv, recvOk, range,
 * one-case select, select over a never-ready channel as well, comma-ok select; send, select
 * send) wait on one channel together when it is closed.
 */
@GoLeakCheck
class CloseWakesAllWaitersTest {

    private static final int PER_KIND = 50;

    /** What a receiving waiter reports: how it ended. */
    private static final String ZERO = "zero, ok == false";

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 16})
    @DisplayName("close wakes every blocked receiver of every kind, each with zero and ok == false")
    void closeWakesEveryKindOfReceiver(int capacity) {
        Chan<Integer> c = Chan.make(capacity);
        Chan<Integer> never = Chan.make();
        Map<String, String> outcome = new ConcurrentHashMap<>();
        List<Thread> waiters = new ArrayList<>();
        try (Goroutines g = new Goroutines("close wakes receivers, cap " + capacity)) {
            for (int i = 0; i < PER_KIND; i++) {
                waiters.add(g.go("recv " + i, () -> outcome.put(Thread.currentThread().getName(),
                        c.recv() == null ? ZERO : "a value")));
                waiters.add(g.go("recvOk " + i, () -> outcome.put(Thread.currentThread().getName(),
                        c.recvOk().equals(new Recv<Integer>(null, false)) ? ZERO : "a value")));
                waiters.add(g.go("range " + i, () -> {
                    int n = 0;
                    for (int ignored : c) {
                        n++;
                    }
                    outcome.put(Thread.currentThread().getName(), n == 0 ? ZERO : "a value");
                }));
                waiters.add(g.go("select " + i, () -> outcome.put(Thread.currentThread().getName(),
                        Select.select(Select.recv(c, v -> v == null ? ZERO : "a value")))));
                waiters.add(g.go("select with never-ready " + i, () -> outcome.put(Thread.currentThread().getName(),
                        Select.select(
                                Select.recv(never, v -> "the never-ready case"),
                                Select.recv(c, v -> v == null ? ZERO : "a value")))));
                waiters.add(g.go("select recvOk " + i, () -> outcome.put(Thread.currentThread().getName(),
                        Select.select(Select.recvOk(c, r -> r.ok() ? "a value" : ZERO)))));
            }
            for (Thread w : waiters) {
                awaitWaitReason(w, w.getName().contains("select") ? "select" : "chan receive");
            }
            c.close();
            g.awaitAll();
        }
        assertEquals(waiters.size(), outcome.size(), "every waiter reported");
        outcome.forEach((who, how) -> assertEquals(ZERO, how, who));
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 16})
    @DisplayName("close wakes every blocked sender, each with a panic; the buffered values stay receivable")
    void closePanicsEveryKindOfSender(int capacity) {
        Chan<Integer> c = Chan.make(capacity);
        Chan<Integer> never = Chan.make();
        for (int i = 0; i < capacity; i++) {
            c.send(i); // full: senders block
        }
        Map<String, String> outcome = new ConcurrentHashMap<>();
        List<Thread> waiters = new ArrayList<>();
        try (Goroutines g = new Goroutines("close panics senders, cap " + capacity)) {
            for (int i = 0; i < PER_KIND; i++) {
                waiters.add(g.go("send " + i, () -> outcome.put(Thread.currentThread().getName(),
                        panicOf(() -> c.send(-1)))));
                waiters.add(g.go("select send " + i, () -> outcome.put(Thread.currentThread().getName(),
                        panicOf(() -> Select.select(Select.send(c, -2))))));
                waiters.add(g.go("select send with never-ready " + i, () -> outcome.put(Thread.currentThread().getName(),
                        panicOf(() -> Select.select(Select.recv(never), Select.send(c, -3))))));
            }
            for (Thread w : waiters) {
                awaitWaitReason(w, w.getName().contains("select") ? "select" : "chan send");
            }
            c.close();
            g.awaitAll();
        }
        assertEquals(waiters.size(), outcome.size(), "every waiter reported");
        outcome.forEach((who, how) -> assertEquals("send on closed channel", how, who));
        for (int i = 0; i < capacity; i++) {
            assertEquals(i, c.recv(), "the values buffered before close, and no blocked sender's");
        }
        assertNull(c.recv());
    }

    /** Runs {@code op} and returns the message of the GoPanic it throws ("no panic" if none). */
    private static String panicOf(Runnable op) {
        try {
            op.run();
            return "no panic";
        } catch (GoPanic p) {
            return p.getMessage();
        }
    }
}
