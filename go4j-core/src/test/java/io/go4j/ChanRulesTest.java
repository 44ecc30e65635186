package io.go4j;

import static io.go4j.TestSupport.assertPanics;
import static io.go4j.TestSupport.awaitCondition;
import static io.go4j.TestSupport.awaitWaitReason;
import static io.go4j.TestSupport.awaitWaitReasons;
import static io.go4j.TestSupport.completes;
import static io.go4j.TestSupport.completesRun;
import static io.go4j.TestSupport.go;
import static io.go4j.TestSupport.goRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.TestSupport.Call;
import io.go4j.TestSupport.EachBufferedCapacity;
import io.go4j.TestSupport.EachCapacity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The channel rules of the Go specification (Channel types, Send statements, Receive operator,
 * the built-in close, For statements with a range over a channel), each checked on every
 * capacity it applies to.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChanRulesTest {

    @AfterEach
    void reapGoroutines() {
        TestSupport.reap();
    }

    // ---------------------------------------------------------------------------------------------
    // make, len, cap

    @Test
    @DisplayName("make with a negative capacity throws IllegalArgumentException")
    void makeWithNegativeCapacityThrows() {
        assertThrows(IllegalArgumentException.class, () -> Chan.make(-1));
        assertThrows(IllegalArgumentException.class, () -> Chan.make(Integer.MIN_VALUE));
    }

    @Test
    @DisplayName("make() without a capacity makes an unbuffered channel")
    void makeWithoutCapacityIsUnbuffered() {
        Chan<String> ch = Chan.make();
        assertEquals(0, ch.cap());
        assertEquals(0, ch.len());
        assertFalse(ch.trySend("x"), "an unbuffered channel with no receiver has no room");
    }

    @EachCapacity
    @DisplayName("a new channel has the capacity it was made with and no buffered values")
    void newChannelHasItsCapacityAndIsEmpty(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        assertEquals(capacity, ch.cap());
        assertEquals(0, ch.len());
    }

    @EachBufferedCapacity
    @DisplayName("len counts the values buffered and cap never changes")
    void lenCountsBufferedValues(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        completesRun("filling the buffer", () -> {
            for (int i = 0; i < capacity; i++) {
                assertEquals(i, ch.len());
                ch.send(i);
                assertEquals(i + 1, ch.len());
                assertEquals(capacity, ch.cap());
            }
            for (int i = capacity; i > 0; i--) {
                ch.recv();
                assertEquals(i - 1, ch.len());
                assertEquals(capacity, ch.cap());
            }
        });
    }

    @EachCapacity
    @DisplayName("send(null) throws NullPointerException and enqueues nothing")
    void sendOfNullThrows(int capacity) {
        Chan<String> ch = Chan.make(capacity);
        assertThrows(NullPointerException.class, () -> ch.send(null));
        // null is how recv() reports a closed channel, so no null may ever be delivered.
        assertThrows(NullPointerException.class, () -> ch.trySend(null));
        assertEquals(0, ch.len());
        assertNull(ch.tryRecv(), "a rejected null must not be buffered");
    }

    // ---------------------------------------------------------------------------------------------
    // Unbuffered: rendezvous

    @Test
    @DisplayName("unbuffered send blocks until a receiver takes the value")
    void unbufferedSendBlocksUntilReceiverTakesValue() {
        Chan<String> ch = Chan.make(0);
        Call<Void> sender = goRun("send on an unbuffered channel", () -> ch.send("v"));
        sender.assertBlocked("unbuffered send blocks while no receiver is ready");
        awaitWaitReason(sender, "chan send");
        assertEquals(0, ch.len(), "an unbuffered channel buffers nothing, even with a blocked sender");
        sender.assertBlocked("unbuffered send blocks while no receiver is ready");

        assertEquals("v", completes("recv with a sender waiting", ch::recv));
        sender.await();
    }

    @Test
    @DisplayName("unbuffered recv blocks until a sender arrives")
    void unbufferedRecvBlocksUntilSenderArrives() {
        Chan<String> ch = Chan.make(0);
        Call<String> receiver = go("recv on an unbuffered channel", ch::recv);
        receiver.assertBlocked("unbuffered recv blocks while no sender is ready");
        awaitWaitReason(receiver, "chan receive");
        receiver.assertBlocked("unbuffered recv blocks while no sender is ready");

        completesRun("send with a receiver waiting", () -> ch.send("v"));
        assertEquals("v", receiver.await());
    }

    @Test
    @DisplayName("unbuffered recvOk blocks until a sender arrives and reports ok")
    void unbufferedRecvOkBlocksUntilSenderArrives() {
        Chan<String> ch = Chan.make(0);
        Call<Recv<String>> receiver = go("recvOk on an unbuffered channel", ch::recvOk);
        receiver.assertBlocked("unbuffered recvOk blocks while no sender is ready");
        awaitWaitReason(receiver, "chan receive");

        completesRun("send with a receiver waiting", () -> ch.send("v"));
        assertEquals(new Recv<>("v", true), receiver.await());
    }

    @Test
    @DisplayName("unbuffered trySend and tryRecv succeed only when a partner is waiting")
    void unbufferedTryOperationsNeedAWaitingPartner() {
        Chan<String> ch = Chan.make(0);
        assertFalse(ch.trySend("a"), "trySend with no receiver waiting");
        assertNull(ch.tryRecv(), "tryRecv with no sender waiting");

        Call<String> receiver = go("recv", ch::recv);
        awaitWaitReason(receiver, "chan receive");
        assertTrue(ch.trySend("b"), "trySend must hand the value to the waiting receiver");
        assertEquals("b", receiver.await());
        assertFalse(ch.trySend("c"), "the receiver was served: nobody waits any more");

        Call<Void> sender = goRun("send", () -> ch.send("d"));
        awaitWaitReason(sender, "chan send");
        assertEquals(new Recv<>("d", true), ch.tryRecv(),
                "tryRecv must take the value of the waiting sender");
        sender.await();
        assertNull(ch.tryRecv(), "the sender was served: nobody waits any more");
    }

    // ---------------------------------------------------------------------------------------------
    // Buffered: FIFO, blocking only when full or empty

    @EachBufferedCapacity
    @DisplayName("buffered send blocks only when the buffer is full")
    void bufferedSendBlocksOnlyWhenFull(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        completesRun("sending capacity values with no receiver", () -> {
            for (int i = 0; i < capacity; i++) {
                ch.send(i);
            }
        });
        assertEquals(capacity, ch.len());
        assertFalse(ch.trySend(-1), "trySend on a full buffer");

        Call<Void> sender = goRun("send on a full buffer", () -> ch.send(capacity));
        sender.assertBlocked("send on a full buffer blocks");
        awaitWaitReason(sender, "chan send");
        assertEquals(capacity, ch.len(), "a blocked sender's value is not counted by len");

        assertEquals(0, completes("recv from a full buffer", ch::recv), "FIFO: oldest value first");
        sender.await();
        assertEquals(capacity, ch.len(), "the blocked sender's value took the freed slot");
        List<Integer> rest = completes("draining", () -> {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < capacity; i++) {
                out.add(ch.recv());
            }
            return out;
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= capacity; i++) {
            expected.add(i);
        }
        assertEquals(expected, rest, "values come out in the order they were sent");
        assertEquals(0, ch.len());
    }

    @EachBufferedCapacity
    @DisplayName("buffered recv blocks only when the buffer is empty")
    void bufferedRecvBlocksOnlyWhenEmpty(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        int k = Math.min(capacity, 3);
        for (int i = 0; i < k; i++) {
            assertTrue(ch.trySend(i));
        }
        assertEquals(List.of(0, 1, 2).subList(0, k), completes("recv of buffered values", () -> {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                out.add(ch.recv());
            }
            return out;
        }));

        Call<Integer> receiver = go("recv on an empty buffer", ch::recv);
        receiver.assertBlocked("recv on an empty buffer blocks");
        awaitWaitReason(receiver, "chan receive");
        completesRun("send to a waiting receiver", () -> ch.send(42));
        assertEquals(42, receiver.await());
        assertEquals(0, ch.len(), "the value went to the waiting receiver, not into the buffer");
    }

    @EachCapacity
    @DisplayName("with several receivers blocked, each value sent goes to exactly one of them")
    void eachValueGoesToExactlyOneBlockedReceiver(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        int receivers = 4;
        List<Call<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < receivers; i++) {
            waiting.add(go("recv #" + i, ch::recv));
        }
        awaitWaitReasons(waiting, "chan receive");
        completesRun("sending one value per receiver", () -> {
            for (int v = 0; v < receivers; v++) {
                ch.send(v);
            }
        });
        List<Integer> got = new ArrayList<>();
        for (Call<Integer> r : waiting) {
            got.add(r.await());
        }
        got.sort(null);
        assertEquals(List.of(0, 1, 2, 3), got, "every receiver got one value, no value twice");
        assertEquals(0, ch.len());
        assertNull(ch.tryRecv(), "nothing is left over");
    }

    @EachCapacity
    @DisplayName("values are received in the order they were sent")
    void valuesArriveInOrderSent(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        int n = 3 * capacity + 100;
        Call<Void> producer = goRun("producer", () -> {
            for (int i = 0; i < n; i++) {
                ch.send(i);
            }
        });
        List<Integer> got = completes("consumer", () -> {
            List<Integer> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(ch.recv());
            }
            return out;
        });
        producer.await();
        for (int i = 0; i < n; i++) {
            assertEquals(i, got.get(i), "value at position " + i);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // try operations

    @EachCapacity
    @DisplayName("tryRecv on an empty open channel is not ready and never blocks")
    void tryRecvOnEmptyOpenChannelIsNotReady(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        completesRun("tryRecv on an empty channel", () -> {
            for (int i = 0; i < 1000; i++) {
                assertNull(ch.tryRecv());
            }
        });
    }

    @EachBufferedCapacity
    @DisplayName("trySend succeeds while there is room, fails when full, and never blocks")
    void trySendSucceedsUntilFull(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        completesRun("trySend until full", () -> {
            for (int i = 0; i < capacity; i++) {
                assertTrue(ch.trySend(i), "trySend with room in the buffer");
            }
            for (int i = 0; i < 100; i++) {
                assertFalse(ch.trySend(-1), "trySend on a full buffer");
            }
        });
        assertEquals(capacity, ch.len());
        for (int i = 0; i < capacity; i++) {
            assertEquals(new Recv<>(i, true), ch.tryRecv(), "tryRecv returns buffered values in order");
        }
        assertNull(ch.tryRecv(), "tryRecv on a drained open channel");
    }

    // ---------------------------------------------------------------------------------------------
    // close

    @EachCapacity
    @DisplayName("after close, receivers drain the buffered values, then recv returns null and ok is false")
    void closeLetsReceiversDrainThenReportsClosed(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        int k = Math.min(capacity, 20);
        for (int i = 0; i < k; i++) {
            assertTrue(ch.trySend(i));
        }
        ch.close();
        assertEquals(k, ch.len(), "closing keeps the buffered values");
        assertEquals(capacity, ch.cap());

        completesRun("draining a closed channel", () -> {
            for (int i = 0; i < k; i++) {
                if (i % 3 == 0) {
                    assertEquals(i, ch.recv());
                } else if (i % 3 == 1) {
                    assertEquals(new Recv<>(i, true), ch.recvOk());
                } else {
                    assertEquals(new Recv<>(i, true), ch.tryRecv());
                }
            }
            for (int i = 0; i < 3; i++) {
                assertNull(ch.recv(), "recv on a closed, drained channel returns null at once");
                assertEquals(new Recv<Integer>(null, false), ch.recvOk(),
                        "recvOk on a closed, drained channel");
                assertEquals(new Recv<Integer>(null, false), ch.tryRecv(),
                        "tryRecv on a closed, drained channel is ready with (null, false)");
            }
        });
        assertEquals(0, ch.len());
        assertEquals(capacity, ch.cap());
    }

    @EachCapacity
    @DisplayName("close wakes every blocked receiver with the closed result")
    void closeWakesEveryBlockedReceiver(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        List<Call<Object>> receivers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            receivers.add(go("recv #" + i, () -> ch.recv() == null ? "null" : "a value"));
            receivers.add(go("recvOk #" + i, ch::recvOk));
            receivers.add(go("range #" + i, () -> {
                List<Integer> seen = new ArrayList<>();
                for (Integer v : ch) {
                    seen.add(v);
                }
                return seen;
            }));
        }
        awaitWaitReasons(receivers, "chan receive");
        receivers.get(0).assertBlocked("recv on an empty open channel blocks");

        ch.close();
        for (int i = 0; i < receivers.size(); i += 3) {
            assertEquals("null", receivers.get(i).await());
            assertEquals(new Recv<Integer>(null, false), receivers.get(i + 1).await());
            assertEquals(List.of(), receivers.get(i + 2).await());
        }
    }

    @EachCapacity
    @DisplayName("close makes every blocked sender panic with \"send on closed channel\"")
    void closePanicsEveryBlockedSender(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        for (int i = 0; i < capacity; i++) {
            assertTrue(ch.trySend(i));
        }
        List<Call<Void>> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int v = 1_000_000 + i;
            senders.add(goRun("blocked send #" + i, () -> ch.send(v)));
        }
        awaitWaitReasons(senders, "chan send");

        ch.close();
        for (Call<Void> s : senders) {
            GoPanic p = s.awaitThrows(GoPanic.class);
            assertEquals("send on closed channel", p.getMessage());
        }
        List<Integer> drained = completes("draining", () -> {
            List<Integer> out = new ArrayList<>();
            for (Integer v : ch) {
                out.add(v);
            }
            return out;
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            expected.add(i);
        }
        assertEquals(expected, drained,
                "only the values buffered before close are received; no panicked sender's value");
    }

    @EachCapacity
    @DisplayName("send and trySend on a closed channel panic with \"send on closed channel\"")
    void sendOnClosedChannelPanics(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        ch.close();
        assertPanics("send on closed channel", () -> ch.send(1));
        assertPanics("send on closed channel", () -> ch.trySend(1));
        assertPanics("send on closed channel", () -> ch.sendOnly().send(1));
        assertEquals(0, ch.len(), "a panicked send delivers nothing");
        assertEquals(new Recv<Integer>(null, false), ch.tryRecv());
    }

    @EachBufferedCapacity
    @DisplayName("trySend on a closed full channel panics rather than reporting no room")
    void trySendOnClosedFullChannelPanics(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        for (int i = 0; i < capacity; i++) {
            assertTrue(ch.trySend(i));
        }
        ch.close();
        assertPanics("send on closed channel", () -> ch.trySend(-1));
        assertEquals(capacity, ch.len());
    }

    @EachCapacity
    @DisplayName("closing a closed channel panics with \"close of closed channel\"")
    void closeTwicePanics(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        ch.close();
        assertPanics("close of closed channel", ch::close);
        assertPanics("close of closed channel", () -> ch.sendOnly().close());
    }

    // ---------------------------------------------------------------------------------------------
    // range

    @EachCapacity
    @DisplayName("range yields every value in order and ends once the channel is closed and drained")
    void rangeYieldsAllValuesThenEndsWhenClosed(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        int n = 2 * capacity + 50;
        Call<Void> producer = goRun("producer", () -> {
            for (int i = 0; i < n; i++) {
                ch.send(i);
            }
            ch.close();
        });
        List<Integer> got = completes("range", () -> {
            List<Integer> out = new ArrayList<>();
            for (Integer v : ch) {
                out.add(v);
            }
            return out;
        });
        producer.await();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertEquals(expected, got);
    }

    @EachCapacity
    @DisplayName("range over a closed, drained channel yields nothing")
    void rangeOverClosedDrainedChannelYieldsNothing(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        ch.close();
        assertEquals(List.of(), completes("range", () -> {
            List<Integer> out = new ArrayList<>();
            for (Integer v : ch) {
                out.add(v);
            }
            return out;
        }));
    }

    @EachCapacity
    @DisplayName("range blocks while the channel is open and empty, and ends when it is closed")
    void rangeBlocksWhileOpenAndEnds(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        Call<Void> ranger = goRun("range", () -> {
            for (Integer v : ch.recvOnly()) {
                seen.add(v);
            }
        });
        completesRun("send", () -> {
            ch.send(1);
            ch.send(2);
        });
        awaitCondition("range has seen both values", () -> seen.size() == 2);
        ranger.assertBlocked("range on an open, empty channel blocks");
        awaitWaitReason(ranger, "chan receive");

        ch.close();
        ranger.await();
        assertEquals(List.of(1, 2), seen);
    }

    // ---------------------------------------------------------------------------------------------
    // Directional views

    @Test
    @DisplayName("directional views are not Chans and carry only their direction")
    void directionalViewsAreNotChans() {
        Chan<Integer> ch = Chan.make(1);
        Object s = ch.sendOnly();
        Object r = ch.recvOnly();
        assertFalse(s instanceof Chan, "sendOnly() must not be castable back to Chan");
        assertFalse(r instanceof Chan, "recvOnly() must not be castable back to Chan");
        assertFalse(s instanceof RecvChan, "a send-only view cannot receive");
        assertFalse(r instanceof SendChan, "a receive-only view cannot send or close");
    }

    @EachCapacity
    @DisplayName("directional views operate on the same channel")
    void directionalViewsShareTheChannel(int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        SendChan<Integer> s = ch.sendOnly();
        RecvChan<Integer> r = ch.recvOnly();
        assertEquals(capacity, s.cap());
        assertEquals(capacity, r.cap());
        if (capacity > 0) {
            assertTrue(s.trySend(7));
            assertEquals(1, ch.len());
            assertEquals(1, s.len());
            assertEquals(1, r.len());
            assertEquals(new Recv<>(7, true), r.tryRecv());
        }

        int n = capacity + 10;
        Call<Void> producer = goRun("send through the send-only view", () -> {
            for (int i = 0; i < n; i++) {
                s.send(i);
            }
            s.close();
        });
        List<Integer> got = completes("range through the receive-only view", () -> {
            List<Integer> out = new ArrayList<>();
            assertEquals(0, r.recv());
            assertEquals(new Recv<>(1, true), r.recvOk());
            for (Integer v : r) {
                out.add(v);
            }
            return out;
        });
        producer.await();
        assertEquals(n - 2, got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(i + 2, got.get(i));
        }
        assertNull(ch.recv(), "closing through the send-only view closed the channel");
        assertEquals(new Recv<Integer>(null, false), r.tryRecv());
    }
}
