package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static io.go4j.reliability.TestSupport.awaitWaitReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Recv;
import io.go4j.Select;
import io.go4j.reliability.Mode;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The basic channel rules hold at every capacity, not only at a few chosen ones.
 *
 * <p>Mirrors Go's {@code runtime/chan_test.go TestChan}, which sweeps every capacity from 0 to
 * 200 (20 in short mode) and checks at each: a receive from an empty channel blocks, and a
 * non-blocking receive (select with default) does not; a send to a full channel blocks, and a
 * non-blocking send does not; a closed channel yields its buffered values in order, then the
 * zero value with ok == false; close unblocks a blocked receive; values arrive uncorrupted in
 * FIFO order, also through the comma-ok form; values sent by several goroutines are each
 * received exactly once by several receivers; and len/cap report the buffer. Capacities 0..19
 * here (0..199 under {@code -Psoak}).
 *
 * <p>Where Go sleeps a millisecond and checks that nothing happened, this test waits for the
 * registry to show the goroutine parked with Go's wait reason, then checks that the operation
 * has not completed.
 */
@GoLeakCheck
class ChanAtEveryCapacityTest {

    private static final int CAPACITIES = Mode.pick(20, 200);

    @Test
    @DisplayName("receive from an empty channel blocks; non-blocking receives return at once")
    void receiveFromEmptyChannelBlocks() {
        for (int cap = 0; cap < CAPACITIES; cap++) {
            try (Goroutines g = new Goroutines("empty recv, cap " + cap)) {
                Chan<Integer> c = Chan.make(cap);
                AtomicBoolean received1 = new AtomicBoolean();
                AtomicBoolean received2 = new AtomicBoolean();
                Thread r1 = g.go("recv", () -> {
                    c.recv();
                    received1.set(true);
                });
                Thread r2 = g.go("recvOk", () -> {
                    c.recvOk();
                    received2.set(true);
                });
                awaitWaitReason(r1, "chan receive");
                awaitWaitReason(r2, "chan receive");
                assertFalse(received1.get() || received2.get(), "cap " + cap + ": receive from empty chan");

                assertNull(c.tryRecv(), "cap " + cap + ": tryRecv on an empty channel");
                assertEquals("default", Select.select(
                        Select.recv(c, v -> "received " + v), Select.defaultCase(() -> "default")));
                assertEquals("default", Select.select(
                        Select.recvOk(c, r -> "received " + r), Select.defaultCase(() -> "default")));

                c.send(0);
                c.send(0);
                g.awaitAll();
                assertTrue(received1.get() && received2.get());
            }
        }
    }

    @Test
    @DisplayName("send to a full channel blocks; non-blocking sends return at once")
    void sendToFullChannelBlocks() {
        for (int cap = 0; cap < CAPACITIES; cap++) {
            try (Goroutines g = new Goroutines("full send, cap " + cap)) {
                Chan<Integer> c = Chan.make(cap);
                for (int i = 0; i < cap; i++) {
                    c.send(i);
                }
                AtomicBoolean sent = new AtomicBoolean();
                Thread s = g.go("send", () -> {
                    c.send(-1);
                    sent.set(true);
                });
                awaitWaitReason(s, "chan send");
                assertFalse(sent.get(), "cap " + cap + ": send to full chan");

                assertFalse(c.trySend(-2), "cap " + cap + ": trySend on a full channel");
                assertEquals("default", Select.select(
                        Select.send(c, -3, () -> "sent"), Select.defaultCase(() -> "default")));

                assertEquals(cap == 0 ? -1 : 0, c.recv());
                g.awaitAll();
                assertTrue(sent.get());
                // what stays buffered is the rest of the fill, then the blocked sender's value
                for (int i = 1; i < cap; i++) {
                    assertEquals(i, c.recv());
                }
                if (cap > 0) {
                    assertEquals(-1, c.recv(), "cap " + cap + ": the blocked sender's value comes last");
                }
                assertNull(c.tryRecv(), "cap " + cap + ": the non-blocking sends must not have sent");
            }
        }
    }

    @Test
    @DisplayName("a closed channel yields its buffered values in order, then zero with ok == false")
    void closedChannelYieldsBufferThenZero() {
        for (int cap = 0; cap < CAPACITIES; cap++) {
            Chan<Integer> c = Chan.make(cap);
            for (int i = 0; i < cap; i++) {
                c.send(i);
            }
            c.close();
            for (int i = 0; i < cap; i++) {
                assertEquals(i, c.recv(), "cap " + cap);
            }
            assertNull(c.recv(), "cap " + cap + ": zero value from a closed, drained channel");
            assertEquals(new Recv<Integer>(null, false), c.recvOk(), "cap " + cap);
        }
    }

    @Test
    @DisplayName("close unblocks a blocked receive, which gets zero with ok == false")
    void closeUnblocksReceive() {
        for (int cap = 0; cap < CAPACITIES; cap++) {
            try (Goroutines g = new Goroutines("close, cap " + cap)) {
                Chan<Integer> c = Chan.make(cap);
                AtomicReference<Recv<Integer>> got = new AtomicReference<>();
                Thread r = g.go("recvOk", () -> got.set(c.recvOk()));
                awaitWaitReason(r, "chan receive");
                c.close();
                g.awaitAll();
                assertEquals(new Recv<Integer>(null, false), got.get(), "cap " + cap);
            }
        }
    }

    @Test
    @DisplayName("one sender's values arrive uncorrupted in FIFO order, through recv and recvOk")
    void valuesArriveInFifoOrder() {
        for (int cap = 0; cap < CAPACITIES; cap++) {
            try (Goroutines g = new Goroutines("fifo, cap " + cap)) {
                Chan<Integer> c = Chan.make(cap);
                g.go("sender", () -> {
                    for (int i = 0; i < 200; i++) {
                        c.send(i);
                    }
                });
                for (int i = 0; i < 100; i++) {
                    assertEquals(i, c.recv(), "cap " + cap);
                }
                for (int i = 100; i < 200; i++) {
                    assertEquals(new Recv<>(i, true), c.recvOk(), "cap " + cap);
                }
                g.awaitAll();
            }
        }
    }

    @Test
    @DisplayName("values from four senders are each received exactly once by four receivers")
    void manySendersManyReceivers() {
        int senders = 4;
        int perSender = 1000;
        for (int cap = 0; cap < CAPACITIES; cap++) {
            try (Goroutines g = new Goroutines("many, cap " + cap)) {
                Chan<Integer> c = Chan.make(cap);
                AtomicIntegerArray seen = new AtomicIntegerArray(perSender);
                for (int p = 0; p < senders; p++) {
                    g.go("sender " + p, () -> {
                        for (int i = 0; i < perSender; i++) {
                            c.send(i);
                        }
                    });
                    g.go("receiver " + p, () -> {
                        for (int i = 0; i < perSender; i++) {
                            seen.incrementAndGet(c.recv());
                        }
                    });
                }
                g.awaitAll();
                for (int v = 0; v < perSender; v++) {
                    assertEquals(senders, seen.get(v), "cap " + cap + ": value " + v + " received this often");
                }
                assertEquals(0, c.len(), "cap " + cap);
            }
        }
    }

    @Test
    @DisplayName("len counts the buffered values and cap is the capacity")
    void lenAndCap() {
        for (int cap = 0; cap < CAPACITIES; cap++) {
            Chan<Integer> c = Chan.make(cap);
            assertEquals(0, c.len());
            assertEquals(cap, c.cap());
            for (int i = 0; i < cap; i++) {
                c.send(i);
                assertEquals(i + 1, c.len());
            }
            assertEquals(cap, c.cap());
        }
    }
}
